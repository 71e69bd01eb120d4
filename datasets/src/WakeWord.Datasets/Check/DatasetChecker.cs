using WakeWord.Core;
using WakeWord.Datasets.Audio;
using WakeWord.Datasets.Manifest;

namespace WakeWord.Datasets.Check;

/// <summary>One bad file (or manifest line) and what is wrong with it. <see cref="Path"/> is relative to the dataset folder.</summary>
public sealed record DatasetProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The outcome of <see cref="DatasetChecker.Check"/>: every problem found and the good entries counted.</summary>
public sealed record CheckReport(string Folder, IReadOnlyList<DatasetProblem> Problems, IReadOnlyList<ManifestEntry> Entries, double TotalSeconds)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// Checks a dataset folder against the manifest contract (datasets/README.md) and lists every bad file:
/// manifest syntax and field errors, duplicate paths, files named in the manifest but missing, corrupt WAVs,
/// WAVs that are not 48 kHz 16-bit mono, empty WAVs, WAVs on disk not in the manifest, other stray files,
/// empty folders, and speakers that appear in more than one split. Nothing is skipped: the generator's own
/// state folder <c>.synth/</c> and a top-level <c>README.md</c> are the only files it does not expect in the manifest.
/// </summary>
public static class DatasetChecker
{
    public const string StateFolder = ".synth";

    public static CheckReport Check(string folder)
    {
        if (!Directory.Exists(folder)) throw new WakeWordException($"{folder}: dataset folder not found");
        var problems = new List<DatasetProblem>();
        var manifestPath = Path.Combine(folder, DatasetManifest.FileName);
        var entries = new List<(ManifestEntry Entry, int Line)>();
        if (!File.Exists(manifestPath))
            problems.Add(new DatasetProblem(DatasetManifest.FileName, "missing: every dataset folder needs a manifest.csv"));
        else
        {
            var mp = new List<ManifestProblem>();
            entries = DatasetManifest.ParseWithLines(File.ReadAllText(manifestPath), DatasetManifest.FileName, mp);
            problems.AddRange(mp.Select(p => new DatasetProblem($"{p.File}:{p.Line}", $"column '{p.Column}': {p.Message}")));
        }

        var good = new List<ManifestEntry>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        double seconds = 0;
        foreach (var (e, line) in entries)
        {
            listed.Add(e.Path);
            var full = Path.Combine(folder, e.Path);
            if (!File.Exists(full))
            {
                problems.Add(new DatasetProblem(e.Path, $"missing: named on line {line} of manifest.csv"));
                continue;
            }
            WavInfo info;
            try { info = DatasetWav.Decode(full); }
            catch (WakeWordException ex)
            {
                var why = ex.Message.StartsWith(full, StringComparison.Ordinal) ? ex.Message[(full.Length + 2)..] : ex.Message;
                problems.Add(new DatasetProblem(e.Path, "corrupt WAV: " + why));
                continue;
            }
            var fp = DatasetWav.FormatProblem(info);
            if (fp != null)
            {
                problems.Add(new DatasetProblem(e.Path, fp));
                continue;
            }
            seconds += info.Frames / (double)DatasetWav.SampleRate;
            good.Add(e);
        }

        ScanDisk(folder, folder, listed, problems);

        foreach (var g in entries.GroupBy(x => x.Entry.Speaker, StringComparer.Ordinal))
        {
            var bySplit = g.GroupBy(x => x.Entry.Split, StringComparer.Ordinal).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
            if (bySplit.Count < 2) continue;
            foreach (var s in bySplit.Skip(1))
            {
                var first = bySplit[0].First();
                var other = s.First();
                problems.Add(new DatasetProblem(other.Entry.Path,
                    $"speaker '{g.Key}' is in split '{s.Key}' here (line {other.Line}) and in split '{bySplit[0].Key}' in '{first.Entry.Path}' (line {first.Line})"));
            }
        }
        return new CheckReport(folder, problems, good, seconds);
    }

    private static void ScanDisk(string root, string dir, HashSet<string> listed, List<DatasetProblem> problems)
    {
        var rel = Path.GetRelativePath(root, dir).Replace('\\', '/');
        var files = Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var subdirs = Directory.GetDirectories(dir).OrderBy(d => d, StringComparer.Ordinal).ToList();
        if (rel != "." && files.Count == 0 && subdirs.Count == 0) problems.Add(new DatasetProblem(rel + "/", "empty folder"));
        foreach (var f in files)
        {
            var r = Path.GetRelativePath(root, f).Replace('\\', '/');
            if (r is DatasetManifest.FileName or "README.md") continue;
            if (listed.Contains(r)) continue;
            if (StreamLabels.WavFor(r) is { } wav && listed.Contains(wav))
            {
                try
                {
                    StreamLabels.Read(f);
                }
                catch (WakeWordException e)
                {
                    problems.Add(new DatasetProblem(r, e.Message.StartsWith(f, StringComparison.Ordinal) ? e.Message[f.Length..].TrimStart(':', ' ') : e.Message));
                }
                continue;
            }
            problems.Add(new DatasetProblem(r, r.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)
                ? "not listed in manifest.csv" : "unexpected file (not a WAV listed in manifest.csv)"));
        }
        foreach (var d in subdirs)
        {
            if (rel == "." && Path.GetFileName(d) == StateFolder) continue;
            ScanDisk(root, d, listed, problems);
        }
    }
}
