using System.Text;
using WakeWord.Core;

namespace WakeWord.Datasets.Manifest;

/// <summary>
/// Strict reader and writer of a dataset's <c>manifest.csv</c> (RFC 4180: comma separated, fields with
/// comma, quote or line break are quoted, quotes doubled; CRLF written, CRLF or LF read). The header must be
/// exactly <c>path,label,split,speaker,source</c>. Every error names the file, the line and the column.
/// </summary>
public static class DatasetManifest
{
    public const string FileName = "manifest.csv";

    public static readonly IReadOnlyList<string> Columns = ["path", "label", "split", "speaker", "source"];

    /// <summary>Reads and validates a manifest; throws a <see cref="WakeWordException"/> at the first problem.</summary>
    public static IReadOnlyList<ManifestEntry> Read(string file)
    {
        if (!File.Exists(file)) throw new WakeWordException($"{file}: manifest not found");
        return Parse(File.ReadAllText(file, Encoding.UTF8), file, problems: null);
    }

    /// <summary>
    /// Parses manifest text. With <paramref name="problems"/> null the first problem throws; otherwise every
    /// problem is added to the list, bad rows are left out of the result and parsing goes on.
    /// </summary>
    public static IReadOnlyList<ManifestEntry> Parse(string text, string file, List<ManifestProblem>? problems) =>
        ParseWithLines(text, file, problems).Select(r => r.Entry).ToList();

    /// <summary>As <see cref="Parse"/>, with the line each entry starts on.</summary>
    internal static List<(ManifestEntry Entry, int Line)> ParseWithLines(string text, string file, List<ManifestProblem>? problems)
    {
        var result = new List<(ManifestEntry Entry, int Line)>();
        var rows = Csv.Parse(text, file, problems);
        if (rows.Count == 0)
        {
            Report(problems, new ManifestProblem(file, 1, "path", "empty manifest: header 'path,label,split,speaker,source' missing"));
            return result;
        }
        var header = rows[0];
        if (header.Fields.Count != Columns.Count || !header.Fields.SequenceEqual(Columns, StringComparer.Ordinal))
        {
            Report(problems, new ManifestProblem(file, header.Line, "header",
                $"header is '{string.Join(',', header.Fields)}', expected '{string.Join(',', Columns)}'"));
            return result;
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Fields.Count != Columns.Count)
            {
                Report(problems, new ManifestProblem(file, row.Line, Columns[Math.Min(row.Fields.Count, Columns.Count - 1)],
                    $"row has {row.Fields.Count} fields, expected {Columns.Count}"));
                continue;
            }
            var e = new ManifestEntry(row.Fields[0], row.Fields[1], row.Fields[2], row.Fields[3], row.Fields[4]);
            var error = Validate(e, file, row.Line);
            if (error != null)
            {
                Report(problems, error);
                continue;
            }
            if (seen.TryGetValue(e.Path, out var firstLine))
            {
                Report(problems, new ManifestProblem(file, row.Line, "path", $"duplicate path '{e.Path}' (first on line {firstLine})"));
                continue;
            }
            seen[e.Path] = row.Line;
            result.Add((e, row.Line));
        }
        return result;
    }

    /// <summary>Checks one entry's fields; returns the first problem or null.</summary>
    public static ManifestProblem? Validate(ManifestEntry e, string file, int line)
    {
        var pathError = CheckPath(e.Path);
        if (pathError != null) return new ManifestProblem(file, line, "path", pathError);
        if (!DatasetLabels.IsKnown(e.Label))
            return new ManifestProblem(file, line, "label", $"unknown label '{e.Label}' (expected one of {string.Join(", ", DatasetLabels.All)})");
        if (!DatasetSplits.IsKnown(e.Split))
            return new ManifestProblem(file, line, "split", $"unknown split '{e.Split}' (expected one of {string.Join(", ", DatasetSplits.All)})");
        if (e.Speaker.Length == 0) return new ManifestProblem(file, line, "speaker", "empty speaker");
        if (e.Source.Length == 0) return new ManifestProblem(file, line, "source", "empty source");
        return null;
    }

    private static string? CheckPath(string p)
    {
        if (p.Length == 0) return "empty path";
        if (p.Contains('\\')) return $"path '{p}' uses '\\'; use '/'";
        if (p.StartsWith('/') || (p.Length > 1 && p[1] == ':')) return $"path '{p}' is absolute; it must be relative to the dataset folder";
        foreach (var part in p.Split('/'))
            if (part is "" or "." or "..") return $"path '{p}' has an empty, '.' or '..' component";
        if (!p.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)) return $"path '{p}' is not a .wav file";
        return null;
    }

    private static void Report(List<ManifestProblem>? problems, ManifestProblem p)
    {
        if (problems == null) throw new WakeWordException(p.ToString());
        problems.Add(p);
    }

    /// <summary>Formats entries as manifest text (header first, rows in the given order).</summary>
    public static string Format(IEnumerable<ManifestEntry> entries)
    {
        var sb = new StringBuilder();
        Csv.AppendRow(sb, Columns);
        foreach (var e in entries)
        {
            var error = Validate(e, "manifest", 0);
            if (error != null) throw new WakeWordException($"cannot write manifest row for '{e.Path}': column '{error.Column}': {error.Message}");
            Csv.AppendRow(sb, [e.Path, e.Label, e.Split, e.Speaker, e.Source]);
        }
        return sb.ToString();
    }

    /// <summary>Writes <c>manifest.csv</c> atomically; refuses duplicate paths.</summary>
    public static void Write(string file, IEnumerable<ManifestEntry> entries)
    {
        var list = entries.ToList();
        var dup = list.GroupBy(e => e.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup != null) throw new WakeWordException($"{file}: duplicate path '{dup.Key}'");
        var text = Format(list);
        AtomicOutput.WriteFile(file, tmp => File.WriteAllText(tmp, text, new UTF8Encoding(false)));
    }
}
