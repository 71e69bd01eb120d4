using System.Globalization;
using WakeWord.Core;
using WakeWord.Datasets.Audio;
using WakeWord.Datasets.Check;
using WakeWord.Datasets.Manifest;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Import;

/// <summary>
/// <c>wakeword data import</c>: turns a folder of WAVs in a known layout into a WakeWord dataset (48 kHz 16-bit
/// mono WAVs plus manifest.csv). The output appears whole or not at all, and is checked with
/// <see cref="DatasetChecker"/> before it replaces anything.
/// <list type="bullet">
/// <item><c>speech-commands</c>: one folder per word, <c>validation_list.txt</c> and <c>testing_list.txt</c>
/// (paths "word/file.wav"), <c>_background_noise_/</c>. The <c>--wake-word</c> folder is labelled wake, the other
/// words speech, the noise background. Speaker = the file name before <c>_nohash_</c>.</item>
/// <item><c>folders</c>: <c>[split/]label/[speaker/]file.wav</c> with label wake, speech, background or stream and
/// split train, val or test. Without a split level the split is chosen per speaker from a hash of its name
/// (80/10/10); a file without a speaker folder is its own speaker.</item>
/// </list>
/// </summary>
public static class DatasetImporter
{
    public static readonly IReadOnlyList<string> Formats = ["speech-commands", "folders"];

    private sealed record Item(string From, string To, ManifestEntry Entry);

    public static IReadOnlyList<ManifestEntry> Import(string from, string format, string outDir, string? wakeWord, int jobs = 0)
    {
        if (!Directory.Exists(from)) throw new WakeWordException($"{from}: --from folder not found");
        var items = format switch
        {
            "speech-commands" => SpeechCommands(from, wakeWord),
            "folders" => Folders(from),
            _ => throw new WakeWordException($"--format: unknown format '{format}' (expected {string.Join(" or ", Formats)})"),
        };
        if (items.Count == 0) throw new WakeWordException($"{from}: no WAV files found for format {format}");
        AtomicOutput.WriteDirectory(outDir, tmp =>
        {
            Parallelism.ForEach(items, jobs > 0 ? jobs : Environment.ProcessorCount,
                it => Convert(it.From, Path.Combine(tmp, it.To)));
            DatasetManifest.Write(Path.Combine(tmp, DatasetManifest.FileName), items.Select(i => i.Entry));
            var report = DatasetChecker.Check(tmp);
            if (!report.Ok)
                throw new WakeWordException($"{from}: imported data fails the dataset check ({report.Problems.Count} problems), first: " +
                                            report.Problems[0]);
        });
        return items.Select(i => i.Entry).ToList();
    }

    /// <summary>Copies a WAV that is already 48 kHz 16-bit mono; converts anything else with the simulator's converter.</summary>
    private static void Convert(string src, string dst)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(dst)!);
        var info = DatasetWav.ReadInfo(src);
        if (DatasetWav.FormatProblem(info) == null)
        {
            File.Copy(src, dst);
            return;
        }
        if (info.Frames == 0) throw new WakeWordException($"{src}: no samples");
        DatasetWav.WriteMono16(dst, DatasetWav.ConvertToMono48k(src));
    }

    private static string Rel(string root, string f) => Path.GetRelativePath(root, f).Replace('\\', '/');

    private static List<Item> SpeechCommands(string from, string? wakeWord)
    {
        var words = Directory.GetDirectories(from).Select(Path.GetFileName).Where(n => n != null && !n.StartsWith('.') && n != "_background_noise_")
            .Select(n => n!).OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (string.IsNullOrEmpty(wakeWord))
            throw new WakeWordException($"--wake-word: required for speech-commands (one of: {string.Join(", ", words)})");
        if (!words.Contains(wakeWord))
            throw new WakeWordException($"--wake-word: no folder '{wakeWord}' in {from} (words: {string.Join(", ", words)})");
        var val = ReadList(Path.Combine(from, "validation_list.txt"));
        var test = ReadList(Path.Combine(from, "testing_list.txt"));
        var items = new List<Item>();
        foreach (var w in words)
        {
            var dir = Path.Combine(from, w);
            foreach (var f in Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal))
            {
                var rel = Rel(from, f);
                if (!rel.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)) throw new WakeWordException($"{f}: not a WAV file in word folder '{w}'");
                var name = Path.GetFileNameWithoutExtension(f);
                var cut = name.IndexOf("_nohash_", StringComparison.Ordinal);
                var speaker = cut > 0 ? name[..cut] : name;
                var split = test.Contains(rel) ? DatasetSplits.Test : val.Contains(rel) ? DatasetSplits.Val : DatasetSplits.Train;
                var label = w == wakeWord ? DatasetLabels.Wake : DatasetLabels.Speech;
                items.Add(new Item(f, rel, new ManifestEntry(rel, label, split, speaker, $"speech-commands: {rel}")));
            }
        }
        var missing = val.Concat(test).Where(p => !File.Exists(Path.Combine(from, p))).Order(StringComparer.Ordinal).FirstOrDefault();
        if (missing != null) throw new WakeWordException($"{from}: '{missing}' is named in a split list but does not exist");
        var bgDir = Path.Combine(from, "_background_noise_");
        if (Directory.Exists(bgDir))
        {
            var bg = Directory.GetFiles(bgDir, "*.wav").OrderBy(f => f, StringComparer.Ordinal).ToList();
            var splits = new Dictionary<string, string>(StringComparer.Ordinal);
            Synthesis.VoiceCatalog.AssignSplits(bg.Select(f => Path.GetFileNameWithoutExtension(f)).ToList(), new StableRng(0), splits);
            foreach (var f in bg)
            {
                var rel = Rel(from, f);
                var name = Path.GetFileNameWithoutExtension(f);
                items.Add(new Item(f, rel, new ManifestEntry(rel, DatasetLabels.Background, splits[name], $"noise:{name}", $"speech-commands: {rel}")));
            }
        }
        return items;
    }

    private static HashSet<string> ReadList(string file) =>
        File.Exists(file)
            ? File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal)
            : throw new WakeWordException($"{file}: split list not found (Speech Commands layout needs validation_list.txt and testing_list.txt)");

    private static List<Item> Folders(string from)
    {
        var top = Directory.GetDirectories(from).Select(d => Path.GetFileName(d)!).Where(n => !n.StartsWith('.')).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var bySplit = top.Count > 0 && top.All(DatasetSplits.IsKnown);
        var items = new List<Item>();
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var rel = Rel(from, f);
            var parts = rel.Split('/');
            if (parts.Any(p => p.StartsWith('.'))) continue;
            if (parts.Length == 1)
            {
                if (rel.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
                    throw new WakeWordException($"{f}: WAV outside a label folder (layout: [split/]label/[speaker/]file.wav)");
                continue;
            }
            if (!rel.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)) throw new WakeWordException($"{f}: not a WAV file");
            var i = 0;
            string? split = null;
            if (bySplit) split = parts[i++];
            if (parts.Length - i < 2) throw new WakeWordException($"{f}: WAV outside a label folder (layout: [split/]label/[speaker/]file.wav)");
            var label = parts[i++];
            if (!DatasetLabels.IsKnown(label))
                throw new WakeWordException($"{f}: folder '{label}' is not a label ({string.Join(", ", DatasetLabels.All)})");
            var speaker = parts.Length - i >= 2 ? parts[i] : $"{label}/{Path.GetFileNameWithoutExtension(f)}";
            split ??= HashSplit(speaker);
            items.Add(new Item(f, rel, new ManifestEntry(rel, label, split, speaker, $"folders: {rel}")));
        }
        return items;
    }

    /// <summary>Split from a stable hash of the speaker: 80 % train, 10 % val, 10 % test.</summary>
    public static string HashSplit(string speaker)
    {
        var h = (int)(StableHash.Of("split:" + speaker) % 100);
        return h < 80 ? DatasetSplits.Train : h < 90 ? DatasetSplits.Val : DatasetSplits.Test;
    }

    internal static string Describe(IEnumerable<ManifestEntry> entries) =>
        string.Join(", ", entries.GroupBy(e => e.Label).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}")));
}
