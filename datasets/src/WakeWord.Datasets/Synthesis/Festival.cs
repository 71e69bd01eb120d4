using System.Globalization;
using System.Text;
using WakeWord.Core;

namespace WakeWord.Datasets.Synthesis;

/// <summary>
/// Festival synthesis, one <c>festival --pipe</c> process per utterance (about 0.2 s to start). A long-running
/// session would be faster but is not reproducible: festival's output depends on what the process did
/// before (the cause inside festival is not traced), so in a session about 1 utterance in 400 comes out different in a 50 ms stretch near
/// its end (measured: 12 requests with markers in between changed the 12th; the same requests in a fresh
/// process did not), and which requests share a session depends on thread timing.
/// </summary>
internal static class Festival
{
    /// <summary>Synthesizes <paramref name="text"/> with the default voice into a 16 kHz RIFF WAV.</summary>
    public static void Synth(string text, double durationStretch, string wavOut)
    {
        var escaped = text.Replace("\\", "\\\\").Replace("\"", "\\\"");
        var path = wavOut.Replace("\\", "\\\\").Replace("\"", "\\\"");
        var stretch = durationStretch.ToString("0.###", CultureInfo.InvariantCulture);
        var script = $"(Parameter.set 'Duration_Stretch {stretch})\n" +
                     $"(utt.save.wave (utt.synth (Utterance Text \"{escaped}\")) \"{path}\" 'riff)\n";
        var r = ProcessRunner.Check("festival", ["--pipe"], stdin: Encoding.UTF8.GetBytes(script));
        if (!File.Exists(wavOut)) throw new WakeWordException($"festival: wrote no audio for '{text}': {r.StdErr}{r.StdOut}".TrimEnd());
    }
}
