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
    /// <summary>The default voice of a festival installation with festvox-kallpc16k.</summary>
    public const string DefaultVoice = "kal_diphone";

    /// <summary>
    /// Synthesizes <paramref name="text"/> with festival voice <paramref name="voice"/> (for example "kal_diphone",
    /// "ked_diphone", "cmu_us_slt_arctic_hts") into a RIFF WAV at the voice's own rate (16 kHz diphone, 32 kHz HTS).
    /// <paramref name="durationStretch"/> is 1 / speaking rate: diphone voices take it as festival's Duration_Stretch,
    /// HTS voices as hts_engine's speed rate (which ignores Duration_Stretch).
    /// </summary>
    public static void Synth(string voice, string text, double durationStretch, string wavOut)
    {
        if (voice.Length == 0 || !voice.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new WakeWordException($"festival: invalid voice name '{voice}'");
        var escaped = text.Replace("\\", "\\\\").Replace("\"", "\\\"");
        var path = wavOut.Replace("\\", "\\\\").Replace("\"", "\\\"");
        var inv = CultureInfo.InvariantCulture;
        var rate = IsHts(voice)
            ? $"(set! hts_engine_params (append hts_engine_params (list (list \"-r\" {(1 / durationStretch).ToString("0.###", inv)}))))\n"
            : $"(Parameter.set 'Duration_Stretch {durationStretch.ToString("0.###", inv)})\n";
        var script = $"(voice_{voice})\n" + rate +
                     $"(utt.save.wave (utt.synth (Utterance Text \"{escaped}\")) \"{path}\" 'riff)\n";
        var r = ProcessRunner.Check("festival", ["--pipe"], stdin: Encoding.UTF8.GetBytes(script));
        if (!File.Exists(wavOut)) throw new WakeWordException($"festival: wrote no audio for '{text}' ({voice}): {r.StdErr}{r.StdOut}".TrimEnd());
    }

    /// <summary>Statistical parametric (HTS) voices: festival's own duration stretch does not reach them.</summary>
    public static bool IsHts(string voice) => voice.EndsWith("_hts", StringComparison.Ordinal);
}
