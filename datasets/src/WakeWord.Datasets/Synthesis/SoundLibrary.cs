using System.Collections.Concurrent;
using WakeWord.Core;
using WakeWord.Datasets.Audio;
using WakeWord.Datasets.Manifest;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Synthesis;

/// <summary>A real recording on the machine: its speaker (or sound) id, file and length.</summary>
public sealed record Recording(string Speaker, string File, string Name, double Seconds);

/// <summary>
/// Real recordings the generator draws on, found in the packages the prerequisites install: human speech
/// (Asterisk prompts, pocketsphinx test audio) for speech negatives and streams, and sonic-pi samples for
/// background. Also the noise beds used for mixing: 60 s of white, pink and brown noise made by sox in
/// repeatable mode, and the sonic-pi samples converted to 48 kHz mono, cached in the output's state folder.
/// </summary>
public sealed class SoundLibrary
{
    /// <summary>Install locations searched (Debian/Ubuntu package paths), with the speaker id each holds.</summary>
    public static readonly IReadOnlyList<(string Speaker, string Dir)> SpeechSources =
    [
        ("asterisk:en_US_f_Allison", "/usr/share/asterisk/sounds/en_US_f_Allison"),
        ("pocketsphinx:librivox", "/usr/share/pocketsphinx/test/data/librivox"),
        ("pocketsphinx:cards", "/usr/share/pocketsphinx/test/data/cards"),
    ];

    public const string SonicPiDir = "/usr/share/sonic-pi/samples";

    public static readonly IReadOnlyList<string> Colors = ["white", "pink", "brown"];

    public const double BedSeconds = 60;
    public const double MaxRecordingSeconds = 30;

    private readonly ConcurrentDictionary<string, Lazy<float[]>> _beds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _splitOf = new(StringComparer.Ordinal);
    private string _cacheDir = "";

    private SoundLibrary(IReadOnlyList<Recording> speech, IReadOnlyList<Recording> background)
    {
        Speech = speech;
        Background = background;
    }

    /// <summary>Speech recordings, by file name order.</summary>
    public IReadOnlyList<Recording> Speech { get; }

    /// <summary>Background recordings (sonic-pi samples), at least one second long after conversion.</summary>
    public IReadOnlyList<Recording> Background { get; private set; }

    /// <summary>The split of a recording's speaker (speech) or of the sound itself (background).</summary>
    public string SplitOf(Recording r) => _splitOf[r.Speaker];

    /// <summary>Noise bed ids usable in <paramref name="split"/>: the three colours and that split's background recordings.</summary>
    public IReadOnlyList<string> BedsFor(string split) =>
        [.. Colors.Select(c => "sox:" + c), .. Background.Where(b => SplitOf(b) == split).Select(b => b.Speaker)];

    /// <summary>Finds the speech recordings (headers read, so lengths are known) and the sonic-pi samples.</summary>
    public static SoundLibrary Discover()
    {
        var speech = new List<Recording>();
        foreach (var (speaker, dir) in SpeechSources)
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var f in Directory.EnumerateFiles(dir, "*.wav", SearchOption.AllDirectories)
                         .Where(f => !f.Contains("/silence/", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal))
            {
                WavInfo info;
                try { info = DatasetWav.ReadInfo(f); }
                catch (WakeWordException) { continue; }
                if (info.FormatTag != 1 || info.BitsPerSample != 16 || info.SampleRate <= 0) continue;
                var seconds = info.Frames / (double)info.SampleRate;
                if (seconds < 0.3) continue;
                speech.Add(new Recording(speaker, f, Path.GetRelativePath(dir, f), seconds));
            }
        }
        var background = new List<Recording>();
        if (Directory.Exists(SonicPiDir))
            foreach (var f in Directory.EnumerateFiles(SonicPiDir, "*.flac").OrderBy(f => f, StringComparer.Ordinal))
                background.Add(new Recording("sonic-pi:" + Path.GetFileNameWithoutExtension(f), f, Path.GetFileName(f), 0));
        return new SoundLibrary(speech, background);
    }

    /// <summary>
    /// Makes (or reuses) the noise beds in <paramref name="cacheDir"/>, drops background recordings shorter than
    /// one second, and assigns speakers and sounds to splits from <paramref name="seed"/>.
    /// </summary>
    public void Prepare(string cacheDir, long seed, int jobs)
    {
        _cacheDir = cacheDir;
        Directory.CreateDirectory(cacheDir);
        var work = new List<(string Id, string Out, string[] Args)>();
        foreach (var c in Colors)
        {
            var o = Path.Combine(cacheDir, $"sox-{c}.wav");
            work.Add(("sox:" + c, o, ["-R", "-D", "-V1", "-n", "-r", "48000", "-b", "16", "-c", "1", "-e", "signed-integer", "{out}",
                "synth", BedSeconds.ToString("0"), c + "noise", "vol", "0.5"]));
        }
        foreach (var b in Background)
        {
            var o = Path.Combine(cacheDir, $"{b.Speaker.Replace(':', '-')}.wav");
            work.Add((b.Speaker, o, ["-R", "-D", "-V1", b.File, "-r", "48000", "-b", "16", "-c", "1", "-e", "signed-integer", "{out}",
                "trim", "0", MaxRecordingSeconds.ToString("0")]));
        }
        Parallelism.ForEach(work, jobs, w =>
        {
            if (File.Exists(w.Out)) return;
            var tmp = w.Out + ".tmp.wav";
            ProcessRunner.Check("sox", w.Args.Select(a => a == "{out}" ? tmp : a));
            File.Move(tmp, w.Out, overwrite: true);
        });
        var kept = new List<Recording>();
        foreach (var b in Background)
        {
            var info = DatasetWav.ReadInfo(BedFile(b.Speaker));
            var seconds = info.Frames / (double)DatasetWav.SampleRate;
            if (seconds >= 1.0) kept.Add(b with { Seconds = seconds });
        }
        Background = kept;
        VoiceCatalog.AssignSplits(Speech.Select(s => s.Speaker).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList(),
            StableRng.ForItem(seed, "speech-recording-split"), _splitOf);
        VoiceCatalog.AssignSplits(Background.Select(s => s.Speaker).ToList(), StableRng.ForItem(seed, "background-split"), _splitOf);
        foreach (var s in Speech.Select(s => s.Speaker).Distinct().Where(s => !_splitOf.ContainsKey(s)))
            _splitOf[s] = DatasetSplits.Train;
    }

    private string BedFile(string id) => Path.Combine(_cacheDir, $"{id.Replace(':', '-')}.wav");

    /// <summary>A bed's samples scaled to [-1, 1), loaded once.</summary>
    public float[] Bed(string id) => _beds.GetOrAdd(id, k => new Lazy<float[]>(() => DatasetWav.ReadMono48kFloat(BedFile(k)))).Value;
}
