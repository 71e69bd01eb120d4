using System.Globalization;
using System.Text;
using WakeWord.Core;

namespace WakeWord.Datasets.Manifest;

/// <summary>One utterance placed in a negative stream: where it sits (seconds), its kind and its text.</summary>
/// <param name="Kind">sentence, confusable, word or recording (the same kinds as the clips' source column).</param>
public sealed record StreamLabel(double Start, double End, string Kind, string Text);

/// <summary>
/// The labels file of a stream WAV (<c>stream-000.wav</c> → <c>stream-000.labels.csv</c>): CSV with header
/// <c>start,end,kind,text</c>, times in seconds with millisecond precision, one row per utterance in time order.
/// Written by <c>data synth</c>; <c>eval</c> uses it to name what each false accept heard; <c>data check</c> accepts it
/// next to a listed stream and checks it.
/// </summary>
public static class StreamLabels
{
    public const string Suffix = ".labels.csv";

    /// <summary>Kind of a planted confusable phrase (also the kind prefix of confusable clips' source column).</summary>
    public const string ConfusableKind = "confusable";
    private static readonly string[] Columns = ["start", "end", "kind", "text"];

    /// <summary>The labels path of a stream WAV path (relative or absolute).</summary>
    public static string PathFor(string wavPath) =>
        (wavPath.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) ? wavPath[..^4] : wavPath) + Suffix;

    /// <summary>The WAV path a labels path belongs to, or null when <paramref name="path"/> is not a labels path.</summary>
    public static string? WavFor(string path) =>
        path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) ? path[..^Suffix.Length] + ".wav" : null;

    public static string Format(IEnumerable<StreamLabel> labels)
    {
        var sb = new StringBuilder();
        Csv.AppendRow(sb, Columns);
        foreach (var l in labels)
            Csv.AppendRow(sb, [l.Start.ToString("0.000", CultureInfo.InvariantCulture), l.End.ToString("0.000", CultureInfo.InvariantCulture), l.Kind, l.Text]);
        return sb.ToString();
    }

    public static void Write(string file, IEnumerable<StreamLabel> labels) =>
        File.WriteAllText(file, Format(labels), new UTF8Encoding(false));

    /// <summary>Reads and checks a labels file: header, numbers, start &lt;= end, time order; errors name file and line.</summary>
    public static List<StreamLabel> Read(string file)
    {
        if (!File.Exists(file)) throw new WakeWordException($"{file}: not found");
        var rows = Csv.Parse(File.ReadAllText(file), file, null);
        if (rows.Count == 0 || !rows[0].Fields.SequenceEqual(Columns))
            throw new WakeWordException($"{file}:1: header must be '{string.Join(',', Columns)}'");
        var list = new List<StreamLabel>(rows.Count - 1);
        double last = 0;
        foreach (var r in rows.Skip(1))
        {
            if (r.Fields.Count != Columns.Length)
                throw new WakeWordException($"{file}:{r.Line}: {r.Fields.Count} fields, expected {Columns.Length}");
            if (!double.TryParse(r.Fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var start) || !(start >= 0))
                throw new WakeWordException($"{file}:{r.Line}: column 'start': '{r.Fields[0]}' is not a time in seconds");
            if (!double.TryParse(r.Fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var end) || !(end >= start))
                throw new WakeWordException($"{file}:{r.Line}: column 'end': '{r.Fields[1]}' is not a time at or after start");
            if (start < last)
                throw new WakeWordException($"{file}:{r.Line}: column 'start': {r.Fields[0]} is before the previous row's start");
            if (r.Fields[2].Length == 0)
                throw new WakeWordException($"{file}:{r.Line}: column 'kind' is empty");
            last = start;
            list.Add(new StreamLabel(start, end, r.Fields[2], r.Fields[3]));
        }
        return list;
    }

    /// <summary>
    /// The label that overlaps [<paramref name="from"/>, <paramref name="to"/>] (seconds) the most, or null.
    /// <paramref name="labels"/> must be in time order.
    /// </summary>
    public static StreamLabel? Overlapping(IReadOnlyList<StreamLabel> labels, double from, double to)
    {
        StreamLabel? best = null;
        double bestOverlap = 0;
        foreach (var l in labels)
        {
            if (l.Start > to) break;
            var overlap = Math.Min(to, l.End) - Math.Max(from, l.Start);
            if (overlap > bestOverlap)
            {
                bestOverlap = overlap;
                best = l;
            }
        }
        return best;
    }
}
