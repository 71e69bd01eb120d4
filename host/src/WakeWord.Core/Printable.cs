using System.Text;

namespace WakeWord.Core;

/// <summary>
/// Makes text taken from an input file safe to echo in a one-line error: control characters become C-style
/// escapes (\n, \r, \t, \xNN), so a name that holds a line break cannot split the message.
/// </summary>
public static class Printable
{
    public static string Escape(string s)
    {
        var clean = true;
        foreach (var c in s)
            if (char.IsControl(c)) { clean = false; break; }
        if (clean) return s;
        var b = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) b.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        return b.ToString();
    }

    /// <summary>True when <paramref name="s"/> has no control character.</summary>
    public static bool IsPrintable(string s)
    {
        foreach (var c in s)
            if (char.IsControl(c)) return false;
        return true;
    }
}
