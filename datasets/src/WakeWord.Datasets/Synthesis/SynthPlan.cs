using System.Globalization;
using WakeWord.Core;
using WakeWord.Datasets.Manifest;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Synthesis;

/// <summary>What a clip holds.</summary>
public enum ClipKind { Wake, Confusable, Word, Sentence, Recording, Noise }

/// <summary>
/// How one utterance is turned into audio: the sox effects and the mix. A field at its neutral value
/// (tempo 1, pitch 0, band 0, reverb 0, no bed) means the step is left out.
/// </summary>
/// <param name="Tempo">sox tempo factor (speed without pitch change).</param>
/// <param name="PitchCents">sox pitch shift in cents.</param>
/// <param name="BandLowHz">sinc band-pass low edge (with <paramref name="BandHighHz"/>; 0 = none).</param>
/// <param name="BandHighHz">sinc band-pass high edge.</param>
/// <param name="Reverb">sox reverberance in percent (0 = none).</param>
/// <param name="RoomScale">sox reverb room scale in percent.</param>
/// <param name="NoiseBed">Noise bed id to mix in, or null.</param>
/// <param name="SnrDb">Speech-to-noise ratio of the mix.</param>
/// <param name="PeakDb">Peak level of the finished clip in dBFS (the volume variation).</param>
public sealed record Augment(double Tempo, int PitchCents, int BandLowHz, int BandHighHz, int Reverb, int RoomScale,
    string? NoiseBed, double SnrDb, double PeakDb);

/// <summary>
/// Everything needed to render one clip, fixed at plan time from the run seed. Rendering the same spec gives
/// the same bytes; the spec's text form is hashed in the resume state so a changed spec is rendered again.
/// </summary>
public sealed record ClipSpec(int Index, string Path, ClipKind Kind, string Label, string Split, string Speaker, string Source,
    Voice? Voice, string? Text, double TtsRate, int TtsPitch, Recording? Recording, double TrimStart, double TrimSeconds,
    Augment Aug, double MinSeconds, ulong Seed)
{
    public ManifestEntry Entry => new(Path, Label, Split, Speaker, Source);

    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"{Path}|{Kind}|{Label}|{Split}|{Speaker}|{Source}|{Voice?.Id}|{Text}|{TtsRate:R}|{TtsPitch}|{Recording?.File}|{TrimStart:R}|{TrimSeconds:R}|{Aug}|{MinSeconds:R}|{Seed}{EngineRender}");

    /// <summary>How the engine renders, where that changed the bytes. Festival clips are rendered by a fresh process per utterance (<see cref="Festival"/>); older
    /// session renders are not reproducible, so their resume key differs and a resumed folder renders them again.
    /// Foreign voices read the text without punctuation (<see cref="SpeechRenderer.WithoutPunctuation"/>), which their
    /// key states too, so a clip rendered before that rule is rendered again.</summary>
    private string EngineRender => Voice?.Engine switch
    {
        TtsEngine.Festival => VoiceCatalog.IsForeign(Voice) ? "|festival-process|no-punctuation" : "|festival-process",
        // The voice file is drawn from the run seed and the voice name (GnuSpeechVoices.Prefix versions the draw).
        TtsEngine.GnuSpeech => $"|{GnuSpeech.Package}@{GnuSpeech.Version}",
        _ => "",
    };
}

/// <summary>One long negative recording for false-accept measurement.</summary>
/// <param name="Phrases">Hash of the confusable phrases a stream may say (part of the resume key: a change re-renders).</param>
/// <param name="TrainOnlyVoices">Hash of the train-only voices a train-split stream may speak with and their shares, 0 when
/// there are none (part of the resume key, so a folder resumed with other voice options renders its training streams again).</param>
public sealed record StreamSpec(int Index, string Path, double Seconds, ulong Seed, string Split = DatasetSplits.Test, ulong Phrases = 0,
    ulong TrainOnlyVoices = 0)
{
    public ManifestEntry Entry => new(Path, DatasetLabels.Stream, Split, $"stream-mix:{Split}", $"stream: {Split} voices, recordings, noise");

    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Path}|stream|{Seconds:R}|{Seed}|{Phrases:x16}|v3{(TrainOnlyVoices != 0 ? $"|train-only:{TrainOnlyVoices:x16}" : "")}");
}

/// <summary>The settings of a synthetic run.</summary>
/// <param name="StreamHours">Hours of test-split streams (false accepts per hour).</param>
/// <param name="TrainStreamHours">Hours of train-split streams (training-voice speech and noise, a source of negative
/// training windows at every position of continuous audio).</param>
/// <param name="RandomVoices">espeak-ng speakers with random timbres for the train split only (<see cref="Synthesis.RandomVoices"/>).</param>
/// <param name="RandomVoiceShare">Share of the train split's espeak-ng utterances they speak.</param>
/// <param name="ForeignVoices">festival voices of other languages for the train split only (<see cref="VoiceCatalog.ForeignFestivalVoices"/>).</param>
/// <param name="ForeignVoiceShare">Share of the train split's utterances they speak.</param>
/// <param name="FamilySplits">Voice families moved between train and val (family -> split), see <see cref="VoiceCatalog"/>.</param>
/// <param name="GnuSpeechVoices">GnuSpeech speakers for the train split only (<see cref="Synthesis.GnuSpeechVoices"/>).</param>
/// <param name="GnuSpeechShare">Share of the train split's utterances they speak.</param>
/// <param name="ExtraVoices">MBROLA, SVOX Pico and RHVoice English voices for the train split only (<see cref="VoiceCatalog.ExtraVoices"/>).</param>
/// <param name="ExtraVoiceShare">Share of the train split's utterances they speak.</param>
/// <param name="ExtraVoiceEngines">Which of them: <c>mbrola</c>, <c>pico</c>, <c>rhvoice</c>; null = MBROLA and Pico (<see cref="VoiceCatalog.DefaultExtraEngines"/>).</param>
/// <param name="ExtraVoicesKeepEspeak">The extra voices take their share from flite's and festival's utterances only, so
/// espeak-ng keeps its <see cref="SynthPlanner.EspeakWeight"/> of the train split (at most
/// 1 - <see cref="SynthPlanner.EspeakWeight"/> can then go to them).</param>
/// <param name="DeferTestStreams">Plan the test-split streams (so files of an earlier run are kept) but neither render
/// them nor list them in the manifest: training needs only the clips and the train-split streams, so a run can train
/// first and add the test streams with a second run without this flag (<c>wakeword train-default</c> does).</param>
public sealed record SynthOptions(string Phrase, string OutDir, int Count = 10000, long Seed = 1, double StreamHours = 3,
    int Jobs = 0, double StreamFileSeconds = 600, double TrainStreamHours = 0, int RandomVoices = 0, double RandomVoiceShare = 0.5,
    bool ForeignVoices = false, double ForeignVoiceShare = 0.2, IReadOnlyDictionary<string, string>? FamilySplits = null,
    int GnuSpeechVoices = 0, double GnuSpeechShare = 0.2, bool DeferTestStreams = false, bool ExtraVoices = false,
    double ExtraVoiceShare = 0.2, IReadOnlyList<string>? ExtraVoiceEngines = null, bool ExtraVoicesKeepEspeak = false)
{
    public int EffectiveJobs => Jobs > 0 ? Jobs : Environment.ProcessorCount;
}

/// <summary>
/// Decides every clip and stream of a run, single-threaded, with one seeded RNG per item, so the plan (and the
/// manifest) depend only on the options and the installed voices and recordings.
/// </summary>
public sealed class SynthPlanner
{
    /// <summary>Share of the clip count per kind; wake takes the rounding remainder.</summary>
    public static readonly IReadOnlyList<(ClipKind Kind, double Share)> Mix =
    [
        (ClipKind.Confusable, 0.25), (ClipKind.Word, 0.08), (ClipKind.Sentence, 0.10), (ClipKind.Recording, 0.05), (ClipKind.Noise, 0.12),
    ];

    public const double ClipSeconds = 1.5;

    private readonly SynthOptions _o;
    private readonly VoiceCatalog _voices;
    private readonly IReadOnlyList<Voice> _random;
    private readonly IReadOnlyList<Voice> _foreign;
    private readonly IReadOnlyList<Voice> _gnuspeech;
    private readonly IReadOnlyList<Voice> _extra;
    private readonly SoundLibrary _sounds;
    private readonly IReadOnlyList<string> _confusables;

    public SynthPlanner(SynthOptions options, VoiceCatalog voices, SoundLibrary sounds, IReadOnlyList<string> confusables)
    {
        _o = options;
        _voices = voices;
        _random = voices.TrainOnly.Where(v => v.Engine == TtsEngine.EspeakNg).ToList();
        _foreign = voices.TrainOnly.Where(v => v.Engine == TtsEngine.Festival).ToList();
        _gnuspeech = voices.TrainOnly.Where(v => v.Engine == TtsEngine.GnuSpeech).ToList();
        _extra = voices.TrainOnly.Where(VoiceCatalog.IsExtra).ToList();
        _sounds = sounds;
        _confusables = confusables;
        if (confusables.Count == 0) throw new WakeWordException($"--phrase '{options.Phrase}': no confusable phrases could be made");
    }

    public IReadOnlyList<ClipSpec> Clips()
    {
        var counts = new Dictionary<ClipKind, int>();
        var rest = _o.Count;
        foreach (var (kind, share) in Mix)
        {
            var n = (int)Math.Round(_o.Count * share);
            if (kind == ClipKind.Recording && _sounds.Speech.Count == 0) n = 0;
            counts[kind] = n;
            rest -= n;
        }
        counts[ClipKind.Wake] = Math.Max(0, rest);
        var clips = new List<ClipSpec>(_o.Count);
        foreach (var kind in new[] { ClipKind.Wake, ClipKind.Confusable, ClipKind.Word, ClipKind.Sentence, ClipKind.Recording, ClipKind.Noise })
            for (var k = 0; k < counts[kind]; k++)
                clips.Add(Plan(clips.Count, kind, k));
        return clips;
    }

    /// <summary>
    /// The streams: the requested hours cut into the fewest files of at most <see cref="SynthOptions.StreamFileSeconds"/>,
    /// all of the same length (whole milliseconds).
    /// </summary>
    public IReadOnlyList<StreamSpec> Streams() =>
        [.. Streams(_o.StreamHours, DatasetSplits.Test, "stream"), .. Streams(_o.TrainStreamHours, DatasetSplits.Train, "train-stream")];

    private IEnumerable<StreamSpec> Streams(double hours, string split, string seedKey)
    {
        var total = hours * 3600;
        if (total < 1e-3) yield break;
        var n = (int)Math.Ceiling(total / _o.StreamFileSeconds - 1e-9);
        var each = Math.Round(total / n, 3);
        var phrases = StableHash.Of(string.Join('\n', _confusables));
        var trainOnly = split == DatasetSplits.Train && _voices.TrainOnly.Count > 0
            ? StableHash.Of(string.Create(CultureInfo.InvariantCulture,
                $"{string.Join('\n', _voices.TrainOnly.Select(v => v.Id + "|" + v.VoiceText))}|{_o.RandomVoiceShare:R}|{_o.ForeignVoiceShare:R}|{_o.GnuSpeechShare:R}|{_o.ExtraVoiceShare:R}{(_o.ExtraVoicesKeepEspeak ? "|keep-espeak" : "")}"))
            : 0;
        for (var i = 0; i < n; i++)
            yield return new StreamSpec(i, $"{split}/stream/stream-{i:D3}.wav", each, StableRng.ForItem(_o.Seed, $"{seedKey}:{i}").NextU64(), split, phrases,
                trainOnly);
    }

    private static string Name(ClipKind k) => k.ToString().ToLowerInvariant();

    private ClipSpec Plan(int index, ClipKind kind, int k)
    {
        var rng = StableRng.ForItem(_o.Seed, $"{Name(kind)}:{k}");
        var split = PickSplit(rng);
        var label = kind switch { ClipKind.Wake => DatasetLabels.Wake, ClipKind.Noise => DatasetLabels.Background, _ => DatasetLabels.Speech };
        if (kind == ClipKind.Noise) return PlanNoise(index, k, rng, split);
        if (kind == ClipKind.Recording) return PlanRecording(index, k, rng);
        var voice = PickVoice(rng, split);
        var text = kind switch
        {
            ClipKind.Wake => WakeText(rng),
            ClipKind.Confusable => rng.Pick(_confusables),
            ClipKind.Word => rng.Pick(TextSources.Words),
            _ => NegativeSentence(rng),
        };
        var aug = PickAugment(rng, split, voice.Engine != TtsEngine.EspeakNg);
        return new ClipSpec(index, $"{split}/{label}/{Name(kind)}-{k:D5}.wav", kind, label, split, voice.Id, $"{Name(kind)}: {text}",
            voice, text, rng.Uniform(0.8, 1.25), rng.Range(25, 75), null, 0, 0, aug,
            kind == ClipKind.Sentence ? 0 : ClipSeconds, rng.NextU64());
    }

    private ClipSpec PlanNoise(int index, int k, StableRng rng, string split)
    {
        var beds = _sounds.Background.Where(b => _sounds.SplitOf(b) == split).ToList();
        string bed, speaker, source;
        if (beds.Count > 0 && rng.Chance(0.6))
        {
            var b = rng.Pick(beds);
            (bed, speaker, source) = (b.Speaker, b.Speaker, $"noise: sonic-pi {b.Name}");
        }
        else
        {
            var c = rng.Pick(SoundLibrary.Colors);
            (bed, speaker, source) = ($"sox:{c}", $"sox:{c}noise-{split}", $"noise: sox {c}noise");
        }
        var aug = new Augment(1, 0, 0, 0, 0, 0, bed, 0, rng.Chance(0.15) ? rng.Uniform(-60, -40) : rng.Uniform(-30, -3));
        return new ClipSpec(index, $"{split}/background/noise-{k:D5}.wav", ClipKind.Noise, DatasetLabels.Background, split, speaker,
            source, null, null, 1, 0, null, 0, 0, aug, ClipSeconds, rng.NextU64());
    }

    private ClipSpec PlanRecording(int index, int k, StableRng rng)
    {
        var speakers = _sounds.Speech.Select(s => s.Speaker).Distinct().ToList();
        var speaker = rng.Pick(speakers);
        var files = _sounds.Speech.Where(s => s.Speaker == speaker).ToList();
        var r = rng.Pick(files);
        var split = _sounds.SplitOf(r);
        double start = 0, len = r.Seconds;
        if (r.Seconds > 4)
        {
            len = 3.5;
            start = Math.Round(rng.Uniform(0, r.Seconds - len), 3);
        }
        var aug = PickAugment(rng, split, pitch: false);
        return new ClipSpec(index, $"{split}/speech/recording-{k:D5}.wav", ClipKind.Recording, DatasetLabels.Speech, split, speaker,
            $"recording: {r.Name}", null, null, 1, 0, r, start, len, aug, ClipSeconds, rng.NextU64());
    }

    private static string PickSplit(StableRng rng)
    {
        var x = rng.NextDouble();
        return x < 0.7 ? DatasetSplits.Train : x < 0.85 ? DatasetSplits.Val : DatasetSplits.Test;
    }

    /// <summary>espeak-ng's weight in the engine draw; flite and festival share the rest.</summary>
    public const double EspeakWeight = 0.60;

    private static readonly (TtsEngine E, double W)[] EngineWeights =
        [(TtsEngine.EspeakNg, EspeakWeight), (TtsEngine.Flite, 0.25), (TtsEngine.Festival, 0.15)];

    /// <summary>Engine by weight (espeak-ng 60 %, flite 25 %, festival 15 %) among those with voices in the split, then a voice
    /// (in the train split, a train-only random espeak-ng timbre with <see cref="SynthOptions.RandomVoiceShare"/>). In the
    /// train split a train-only foreign festival voice first takes <see cref="SynthOptions.ForeignVoiceShare"/> of the
    /// utterances; the extra draw happens there alone and only when there are such voices. Train-only GnuSpeech
    /// speakers then take <see cref="SynthOptions.GnuSpeechShare"/> of the rest the same way, and the extra MBROLA, Pico and
    /// RHVoice voices <see cref="SynthOptions.ExtraVoiceShare"/> of what is left; with <see cref="SynthOptions.ExtraVoicesKeepEspeak"/>
    /// they take it from the flite and festival draws instead, so espeak-ng's share stays.</summary>
    internal Voice PickVoice(StableRng rng, string split)
    {
        var train = split == DatasetSplits.Train;
        if (train && _foreign.Count > 0 && rng.Chance(_o.ForeignVoiceShare))
            return rng.Pick(_foreign);
        if (train && _gnuspeech.Count > 0 && rng.Chance(_o.GnuSpeechShare))
            return rng.Pick(_gnuspeech);
        if (train && _extra.Count > 0 && !_o.ExtraVoicesKeepEspeak && rng.Chance(_o.ExtraVoiceShare))
            return rng.Pick(_extra);
        var pool = _voices.BySplit[split];
        if (pool.Count == 0) pool = _voices.Voices.Except(_voices.TrainOnly).ToList();
        var avail = EngineWeights.Where(w => pool.Any(v => v.Engine == w.E)).ToList();
        var x = rng.NextDouble() * avail.Sum(w => w.W);
        var engine = avail[^1].E;
        foreach (var w in avail)
        {
            if (x < w.W) { engine = w.E; break; }
            x -= w.W;
        }
        // Share / (1 - espeak-ng's weight) of the flite and festival draws is the share of all draws.
        if (train && _extra.Count > 0 && _o.ExtraVoicesKeepEspeak && engine != TtsEngine.EspeakNg
            && rng.Chance(_o.ExtraVoiceShare / (1 - EspeakWeight)))
            return rng.Pick(_extra);
        var voices = pool.Where(v => v.Engine == engine).ToList();
        // Train-only random timbres take their share of the train split's espeak-ng utterances; the extra draw
        // happens in the train split alone, so val and test plans do not change.
        if (engine == TtsEngine.EspeakNg && train && _random.Count > 0 && rng.Chance(_o.RandomVoiceShare))
            return rng.Pick(_random);
        return rng.Pick(voices);
    }

    private string WakeText(StableRng rng)
    {
        var p = _o.Phrase.Trim();
        var words = p.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var x = rng.NextDouble();
        if (x < 0.15 && words.Length > 1) return words[0] + ", " + string.Join(' ', words[1..]);
        if (x < 0.30) return p + "!";
        if (x < 0.40) return p + "?";
        return p;
    }

    internal string NegativeSentence(StableRng rng)
    {
        for (var i = 0; i < 100; i++)
        {
            var s = TextSources.Sentence(rng);
            if (!TextSources.ContainsPhrase(s, _o.Phrase)) return s;
        }
        throw new WakeWordException($"--phrase '{_o.Phrase}': every built-in sentence contains it");
    }

    internal Augment PickAugment(StableRng rng, string split, bool pitch)
    {
        var tempo = rng.Chance(0.5) ? Math.Round(rng.Uniform(0.85, 1.15), 3) : 1;
        var cents = pitch && rng.Chance(0.6) ? rng.Range(-300, 300) : 0;
        int lo = 0, hi = 0;
        if (rng.Chance(0.3)) { lo = rng.Range(100, 400); hi = rng.Range(3000, 7500); }
        int rev = 0, room = 0;
        if (rng.Chance(0.4)) { rev = rng.Range(10, 70); room = rng.Range(20, 100); }
        string? bed = null;
        double snr = 0;
        if (rng.Chance(0.7))
        {
            bed = rng.Pick(_sounds.BedsFor(split));
            snr = Math.Round(rng.Uniform(0, 20), 2);
        }
        return new Augment(tempo, cents, lo, hi, rev, room, bed, snr, Math.Round(rng.Uniform(-24, -1), 2));
    }
}
