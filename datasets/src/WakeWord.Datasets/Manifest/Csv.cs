using System.Text;
using WakeWord.Core;

namespace WakeWord.Datasets.Manifest;

/// <summary>A CSV record and the 1-based line it starts on.</summary>
internal sealed record CsvRow(int Line, IReadOnlyList<string> Fields);

/// <summary>Minimal strict RFC 4180 reader and writer.</summary>
internal static class Csv
{
    /// <summary>
    /// Splits text into records. A quote inside an unquoted field, text after a closing quote, or an
    /// unterminated quoted field is an error (thrown when <paramref name="problems"/> is null).
    /// Blank lines are ignored only at the end of the file.
    /// </summary>
    public static List<CsvRow> Parse(string text, string file, List<ManifestProblem>? problems)
    {
        var rows = new List<CsvRow>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, rowLine = 1, i = 0;
        var bad = false;
        if (text.Length > 0 && text[0] == '\uFEFF') i = 1;

        void Fail(string message)
        {
            var p = new ManifestProblem(file, line, $"#{fields.Count + 1}", message);
            if (problems == null) throw new WakeWordException(p.ToString());
            problems.Add(p);
            bad = true;
        }

        void EndRow()
        {
            fields.Add(field.ToString());
            field.Clear();
            if (!bad && !(fields.Count == 1 && fields[0].Length == 0)) rows.Add(new CsvRow(rowLine, fields.ToArray()));
            else if (!bad && fields.Count == 1) Fail("blank line");
            fields.Clear();
            bad = false;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (field.Length == 0 && c == '"' && IsFieldStart(text, i))
            {
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        closed = true;
                        break;
                    }
                    if (text[i] == '\n') line++;
                    field.Append(text[i++]);
                }
                if (!closed) { Fail("unterminated quoted field"); break; }
                if (i < text.Length && text[i] is not (',' or '\r' or '\n')) Fail("text after a closing quote");
                continue;
            }
            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r':
                    i++;
                    break;
                case '\n':
                    EndRow();
                    i++;
                    line++;
                    rowLine = line;
                    // Trailing blank lines end the file.
                    if (text.AsSpan(i).Trim().Length == 0) i = text.Length;
                    break;
                case '"':
                    Fail("quote inside an unquoted field");
                    field.Append(c);
                    i++;
                    break;
                default:
                    field.Append(c);
                    i++;
                    break;
            }
        }
        if (field.Length > 0 || fields.Count > 0) EndRow();
        return rows;
    }

    private static bool IsFieldStart(string text, int i) => i == 0 || text[i - 1] is ',' or '\n' or '\r' or '\uFEFF';

    public static void AppendRow(StringBuilder sb, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) sb.Append(',');
            var f = fields[i];
            if (f.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (f.Length > 0 && (f[0] == ' ' || f[^1] == ' ')))
                sb.Append('"').Append(f.Replace("\"", "\"\"")).Append('"');
            else
                sb.Append(f);
        }
        sb.Append("\r\n");
    }
}
