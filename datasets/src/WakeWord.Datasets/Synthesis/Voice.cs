using WakeWord.Core;
using WakeWord.Datasets.Manifest;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Synthesis;

/// <summary>A text-to-speech engine installed on the machine.</summary>
/// <remarks><see cref="Mbrola"/> is espeak-ng driving an MBROLA diphone database; <see cref="Pico"/> is SVOX Pico (<c>pico2wave</c>);
/// <see cref="RhVoice"/> is RHVoice (<c>RHVoice-test</c>), statistical parametric voices trained on one speaker's recordings.</remarks>
public enum TtsEngine { EspeakNg, Flite, Festival, GnuSpeech, Mbrola, Pico, RhVoice }

/// <summary>
/// One synthetic voice. <see cref="Id"/> is the manifest's speaker. <see cref="Family"/> groups voices that
/// share a timbre (all accents of one espeak-ng variant; flite kal, kal16 and festival kal_diphone; flite slt and
/// festival's HTS slt); a whole
/// family goes to one split, so test voices are never heard in training, not even with another accent.
/// <see cref="EspeakPath"/>, when set, is the folder holding the espeak-ng data folder the voice needs
/// (<see cref="RandomVoices"/>); installed voices use espeak-ng's own. <see cref="VoiceText"/> is a GnuSpeech voice's
/// parameter file (<see cref="GnuSpeechVoices"/>).
/// </summary>
public sealed record Voice(TtsEngine Engine, string Id, string Name, string Family, string? EspeakPath = null, string? VoiceText = null);

/// <summary>The voices the generator uses, each assigned to a split.</summary>
public sealed class VoiceCatalog
{
    /// <summary>espeak-ng English accents (language ids).</summary>
    public static readonly IReadOnlyList<string> EspeakAccents =
        ["en", "en-us", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan", "en-gb-x-gbcwmd", "en-029", "en-us-nyc"];

    /// <summary>espeak-ng voice variants (timbres); "" is the accent's own default voice.</summary>
    public static readonly IReadOnlyList<string> EspeakVariants =
    [
        "", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "f1", "f2", "f3", "f4", "f5", "klatt", "klatt2", "klatt3",
        "klatt4", "croak", "grandma", "grandpa", "Andy", "Annie", "steph", "linda", "david", "michel", "paul",
        "robert", "zac", "edward", "aunty",
    ];

    /// <summary>flite voices and their family (awb_time is a limited-domain voice and is not used).</summary>
    public static readonly IReadOnlyList<(string Name, string Family)> FliteVoices =
        [("kal", "kal"), ("kal16", "kal"), ("awb", "awb"), ("rms", "rms"), ("slt", "slt")];

    /// <summary>
    /// festival voices and their family: kal_diphone is the speaker of flite kal; cmu_us_slt_arctic_hts is the
    /// speaker of flite slt (an HTS voice of the same recordings); ked_diphone (festvox-kdlpc16k) is a speaker of its own.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Family)> FestivalVoices =
        [("kal_diphone", "kal"), ("ked_diphone", "ked"), ("cmu_us_slt_arctic_hts", "slt")];

    /// <summary>
    /// festival voices of other languages, each a speaker of its own (Italian, Finnish, Czech diphone recordings).
    /// With <c>data synth --foreign-voices</c> they read the train split's English text through their own
    /// language's letter-to-sound rules, as speakers with a foreign accent would; never in val or test.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Family, string Package)> ForeignFestivalVoices =
    [
        ("pc_diphone", "festival-it-pc", "festvox-itapc16k"), ("lp_diphone", "festival-it-lp", "festvox-italp16k"),
        ("suo_fi_lj_diphone", "festival-fi-lj", "festvox-suopuhe-lj"), ("hy_fi_mv_diphone", "festival-fi-mv", "festvox-suopuhe-mv"),
        ("czech_dita", "festival-cs-dita", "festvox-czech-dita"), ("czech_krb", "festival-cs-krb", "festvox-czech-krb"),
        ("czech_machac", "festival-cs-machac", "festvox-czech-machac"), ("czech_ph", "festival-cs-ph", "festvox-czech-ph"),
    ];

    /// <summary>
    /// English voices of three more engines, each a recorded speaker of its own: four MBROLA diphone databases spoken
    /// through espeak-ng (en1 a British man, us1 an American woman, us2 and us3 American men), SVOX Pico's two
    /// English voices (British and American women) and two RHVoice voices trained on the CMU ARCTIC recordings of
    /// speakers no other engine here has (bdl an American man, clb an American woman). RHVoice's other English voices
    /// stay out: Alan is flite awb's speaker and slt flite slt's (a test and a validation family), and Evgeniy-Eng and
    /// Lyubov are licensed for non-commercial use only. With <c>data synth --extra-voices</c> they join the train split
    /// only; val and test stay as they are. Name is the espeak-ng voice, the Pico language or the RHVoice profile.
    /// </summary>
    public static readonly IReadOnlyList<(TtsEngine Engine, string Name, string Family, string Package, string Probe)> ExtraVoices =
    [
        (TtsEngine.Mbrola, "mb-en1", "mbrola-en1", "mbrola-en1", "/usr/share/mbrola/en1/en1"),
        (TtsEngine.Mbrola, "mb-us1", "mbrola-us1", "mbrola-us1", "/usr/share/mbrola/us1/us1"),
        (TtsEngine.Mbrola, "mb-us2", "mbrola-us2", "mbrola-us2", "/usr/share/mbrola/us2/us2"),
        (TtsEngine.Mbrola, "mb-us3", "mbrola-us3", "mbrola-us3", "/usr/share/mbrola/us3/us3"),
        (TtsEngine.Pico, "en-GB", "pico-en-GB", "libttspico-utils", "/usr/bin/pico2wave"),
        (TtsEngine.Pico, "en-US", "pico-en-US", "libttspico-utils", "/usr/bin/pico2wave"),
        (TtsEngine.RhVoice, "bdl", "rhvoice-bdl", "rhvoice-english", "/usr/share/RHVoice/voices/bdl/voice.info"),
        (TtsEngine.RhVoice, "clb", "rhvoice-clb", "rhvoice-english", "/usr/share/RHVoice/voices/clb/voice.info"),
    ];

    /// <summary>The engines of <see cref="ExtraVoices"/> by the name <c>--extra-voice-engines</c> and speaker ids use, with
    /// the program each runs and the package that brings it.</summary>
    public static readonly IReadOnlyList<(string Name, TtsEngine Engine, string Tool, string ToolPackage)> ExtraEngineNames =
        [("mbrola", TtsEngine.Mbrola, "mbrola", "mbrola"), ("pico", TtsEngine.Pico, "pico2wave", "libttspico-utils"),
         ("rhvoice", TtsEngine.RhVoice, "RHVoice-test", "rhvoice")];

    /// <summary>The engines <c>--extra-voices</c> uses when <c>--extra-voice-engines</c> names none: MBROLA and Pico, the six
    /// voices the option brought first, so a dataset made with it keeps its bytes.</summary>
    public static readonly IReadOnlySet<TtsEngine> DefaultExtraEngines = new HashSet<TtsEngine> { TtsEngine.Mbrola, TtsEngine.Pico };

    private readonly Dictionary<string, string> _splitOfFamily;

    /// <param name="voices">Installed voices; their families are split train/val/test with the seed.</param>
    /// <param name="seed">Run seed.</param>
    /// <param name="trainOnly">Voices that join the train split without taking part in the family split
    /// (<see cref="RandomVoices"/>), so the other splits do not depend on them.</param>
    /// <param name="familySplits">Families moved between train and val after the seeded split (<c>data synth
    /// --family-split</c>); a test family cannot move and no family can join test, so the test split stays as it is.</param>
    public VoiceCatalog(IReadOnlyList<Voice> voices, long seed, IReadOnlyList<Voice>? trainOnly = null,
        IReadOnlyDictionary<string, string>? familySplits = null)
    {
        trainOnly ??= [];
        TrainOnly = trainOnly;
        Voices = [.. voices, .. trainOnly];
        _splitOfFamily = new Dictionary<string, string>(StringComparer.Ordinal);
        // Split families separately per engine group so every split gets espeak-ng and flite/festival voices.
        foreach (var group in voices.GroupBy(v => v.Engine == TtsEngine.EspeakNg ? "espeak" : "other").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var families = group.Select(v => v.Family).Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
            AssignSplits(families, StableRng.ForItem(seed, "voice-split:" + group.Key), _splitOfFamily);
        }
        foreach (var (family, split) in (familySplits ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!_splitOfFamily.TryGetValue(family, out var was))
                throw new WakeWordException($"--family-split {family}={split}: no installed voice of family '{family}' " +
                    $"(families: {string.Join(", ", _splitOfFamily.Keys.Order(StringComparer.Ordinal))})");
            if (split is not (DatasetSplits.Train or DatasetSplits.Val))
                throw new WakeWordException($"--family-split {family}={split}: a family can move to train or val only, so the test split stays as it is");
            if (was == DatasetSplits.Test)
                throw new WakeWordException($"--family-split {family}={split}: family '{family}' is a test family; the test split stays as it is");
            _splitOfFamily[family] = split;
        }
        foreach (var v in trainOnly)
        {
            if (_splitOfFamily.TryGetValue(v.Family, out var split) && split != DatasetSplits.Train)
                throw new WakeWordException($"{v.Id}: family {v.Family} is already in the {split} split");
            _splitOfFamily[v.Family] = DatasetSplits.Train;
        }
        BySplit = DatasetSplits.All.ToDictionary(s => s, s => (IReadOnlyList<Voice>)voices.Where(v => SplitOf(v) == s).ToList());
    }

    public IReadOnlyList<Voice> Voices { get; }

    /// <summary>The train-only voices (not in <see cref="BySplit"/>; <see cref="SynthPlanner"/> draws them with their own share).</summary>
    public IReadOnlyList<Voice> TrainOnly { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<Voice>> BySplit { get; }

    public string SplitOf(Voice v) => _splitOfFamily[v.Family];

    /// <summary>Parses <c>--family-split</c> values, each <c>FAMILY=SPLIT</c>; a family given twice is an error.</summary>
    public static IReadOnlyDictionary<string, string> ParseFamilySplits(IEnumerable<string> specs)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var eq = spec.IndexOf('=');
            if (eq <= 0 || eq == spec.Length - 1)
                throw new WakeWordException($"--family-split '{spec}': expected FAMILY=SPLIT, for example slt=train");
            var (family, split) = (spec[..eq].Trim(), spec[(eq + 1)..].Trim());
            if (!map.TryAdd(family, split))
                throw new WakeWordException($"--family-split '{spec}': family '{family}' is given twice");
        }
        return map;
    }

    /// <summary>
    /// Shuffles <paramref name="keys"/> and gives about 15 % to test, 15 % to val (at least one each when there
    /// are three or more keys) and the rest to train.
    /// </summary>
    public static void AssignSplits(IReadOnlyList<string> keys, StableRng rng, Dictionary<string, string> into)
    {
        var list = keys.ToList();
        rng.Shuffle(list);
        var n = list.Count;
        var test = n >= 3 ? Math.Max(1, (int)Math.Round(n * 0.15)) : 0;
        var val = n >= 3 ? Math.Max(1, (int)Math.Round(n * 0.15)) : 0;
        for (var i = 0; i < n; i++)
            into[list[i]] = i < test ? DatasetSplits.Test : i < test + val ? DatasetSplits.Val : DatasetSplits.Train;
    }

    /// <summary>Lists the voices of the built-in tables that are installed here.</summary>
    public static IReadOnlyList<Voice> Installed()
    {
        var voices = new List<Voice>();
        var variants = InstalledEspeakVariants();
        var langs = ProcessRunner.Check("espeak-ng", ["--voices=en"]).StdOut
            .Split('\n').Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length > 1)
            .Select(f => f[1]).ToHashSet(StringComparer.Ordinal);
        foreach (var accent in EspeakAccents.Where(langs.Contains))
            foreach (var variant in EspeakVariants.Where(v => v.Length == 0 || variants.Contains(v)))
            {
                var name = variant.Length == 0 ? accent : $"{accent}+{variant}";
                voices.Add(new Voice(TtsEngine.EspeakNg, $"espeak-ng:{name}", name, $"espeak-ng+{(variant.Length == 0 ? "default" : variant)}"));
            }
        if (voices.Count == 0) throw new WakeWordException("espeak-ng: no English voices installed; run ./scripts/prereqs.sh");
        var flite = ProcessRunner.Run("flite", ["-lv"]);
        var fliteVoices = flite.StdOut.Replace("Voices available:", "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        foreach (var (name, family) in FliteVoices.Where(v => fliteVoices.Contains(v.Name)))
            voices.Add(new Voice(TtsEngine.Flite, $"flite:{name}", name, family));
        var festVoices = InstalledFestivalVoices();
        foreach (var (name, family) in FestivalVoices.Where(v => festVoices.Contains(v.Name)))
            voices.Add(new Voice(TtsEngine.Festival, $"festival:{name}", name, family));
        return voices;
    }

    /// <summary>
    /// The <see cref="ForeignFestivalVoices"/> installed here, all of them: a missing one is an error naming the
    /// packages to install, so a dataset's recipe does not depend on which of them a machine happens to have.
    /// </summary>
    public static IReadOnlyList<Voice> InstalledForeign()
    {
        var installed = InstalledFestivalVoices();
        var missing = ForeignFestivalVoices.Where(v => !installed.Contains(v.Name)).ToList();
        if (missing.Count > 0)
            throw new WakeWordException($"--foreign-voices: festival voice(s) {string.Join(", ", missing.Select(v => v.Name))} not installed; " +
                $"run: sudo apt-get install --no-install-recommends {string.Join(' ', missing.Select(v => v.Package))} (or ./scripts/prereqs.sh)");
        return ForeignFestivalVoices.Select(v => new Voice(TtsEngine.Festival, $"festival:{v.Name}", v.Name, v.Family)).ToList();
    }

    /// <summary>
    /// The <see cref="ExtraVoices"/>, all of them: a missing one is an error naming the packages to install, so a
    /// dataset's recipe does not depend on which of them a machine happens to have.
    /// </summary>
    public static IReadOnlyList<Voice> InstalledExtra(IReadOnlyList<string>? engines = null)
    {
        var chosen = ExtraEngines(engines);
        // Each engine's program, then each voice's data file (prereqs.sh probes the same files).
        var missing = ExtraEngineNames.Where(e => chosen.Contains(e.Engine) && ProcessRunner.FindTool(e.Tool) == null)
            .Select(e => e.ToolPackage).ToList();
        foreach (var v in ExtraVoices.Where(v => chosen.Contains(v.Engine)))
            if (!File.Exists(v.Probe) && !missing.Contains(v.Package)) missing.Add(v.Package);
        if (missing.Count > 0)
            throw new WakeWordException($"--extra-voices: {string.Join(", ", missing)} not installed (Debian contrib and non-free); " +
                $"run: sudo apt-get install --no-install-recommends {string.Join(' ', missing)} (or ./scripts/prereqs.sh --extra-voices)");
        return ExtraVoices.Where(v => chosen.Contains(v.Engine)).Select(v => new Voice(v.Engine, $"{ExtraEngineNames.Single(e => e.Engine == v.Engine).Name}:{v.Name}", v.Name, v.Family)).ToList();
    }

    /// <summary>
    /// The engines named in <c>--extra-voice-engines</c> (<c>mbrola</c>, <c>pico</c>, <c>rhvoice</c>); null or empty =
    /// <see cref="DefaultExtraEngines"/>. An unknown name is an error naming the known ones.
    /// </summary>
    public static IReadOnlySet<TtsEngine> ExtraEngines(IReadOnlyList<string>? names)
    {
        if (names == null || names.Count == 0) return DefaultExtraEngines;
        var set = new HashSet<TtsEngine>();
        foreach (var n in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var known = ExtraEngineNames.Where(e => e.Name == n).ToList();
            if (known.Count == 0)
                throw new WakeWordException($"--extra-voice-engines: unknown engine '{n}' (known: {string.Join(", ", ExtraEngineNames.Select(e => e.Name))})");
            set.Add(known[0].Engine);
        }
        return set;
    }

    /// <summary>Whether <paramref name="v"/> is one of the <see cref="ExtraVoices"/> (by its engine: no other voice uses them).</summary>
    public static bool IsExtra(Voice v) => ExtraEngineNames.Any(e => e.Engine == v.Engine);

    /// <summary>Whether <paramref name="v"/> is one of the <see cref="ForeignFestivalVoices"/>.</summary>
    public static bool IsForeign(Voice v) => v.Engine == TtsEngine.Festival && ForeignFestivalVoices.Any(f => f.Name == v.Name);

    private static HashSet<string> InstalledFestivalVoices()
    {
        var fest = ProcessRunner.Run("festival", Festival.PipeArgs, stdin: "(print (voice.list))\n"u8.ToArray());
        return fest.ExitCode == 0
            ? fest.StdOut.Split([' ', '(', ')', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
            : [];
    }

    private static HashSet<string> InstalledEspeakVariants()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in ProcessRunner.Check("espeak-ng", ["--voices=variant"]).StdOut.Split('\n').Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 5 && f[4].StartsWith("!v/", StringComparison.Ordinal)) set.Add(f[4][3..]);
        }
        return set;
    }
}
