using System.Globalization;
using System.Text;

namespace WakeWord.Codegen.Emission;

/// <summary>
/// Small formatting helpers for generated C: array initializers, identifiers, comments. Pure functions of
/// their inputs (invariant culture, "\n" line ends), so the emitted text is byte-identical across runs.
/// </summary>
public static class CEmit
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Initializer body lines: <paramref name="perLine"/> values per line, comma separated, last line without a trailing comma.</summary>
    public static List<string> ArrayLines<T>(IReadOnlyList<T> values, int perLine, Func<T, string> format)
    {
        var lines = new List<string>();
        var sb = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(format(values[i]));
            if (i < values.Count - 1) sb.Append(',');
            if ((i + 1) % perLine == 0 || i == values.Count - 1)
            {
                lines.Add(sb.ToString());
                sb.Clear();
            }
        }
        return lines;
    }

    /// <summary>A C integer literal for an int32 value (INT32_MIN spelled so no compiler warns).</summary>
    public static string Int32(int v) => v == int.MinValue ? "(-2147483647 - 1)" : v.ToString(Inv);

    /// <summary>A C integer literal for an int64 value.</summary>
    public static string Int64(long v) => v == long.MinValue ? "(-9223372036854775807LL - 1)" : v.ToString(Inv) + "LL";

    /// <summary>Upper-case macro form of an identifier: "conv1_out" → "CONV1_OUT".</summary>
    public static string Macro(string identifier) => identifier.ToUpperInvariant();

    /// <summary>Text that is safe inside a C block comment (no "*/", no line breaks).</summary>
    public static string Comment(string text) =>
        text.Replace("*/", "* /", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ');

    /// <summary>A C string literal (printable ASCII kept, everything else escaped as octal).</summary>
    public static string StringLiteral(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var ch in Encoding.UTF8.GetBytes(text))
        {
            if (ch == '"' || ch == '\\') sb.Append('\\').Append((char)ch);
            else if (ch >= 0x20 && ch < 0x7f && ch != '?') sb.Append((char)ch);
            else sb.Append('\\').Append(Convert.ToString(ch, 8).PadLeft(3, '0'));
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Shape as "[1,49,12,8]".</summary>
    public static string Shape(IEnumerable<int> shape) => "[" + string.Join(",", shape.Select(d => d.ToString(Inv))) + "]";
}
