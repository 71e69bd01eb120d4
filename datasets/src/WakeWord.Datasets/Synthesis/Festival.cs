using System.Globalization;
using System.Text;
using WakeWord.Core;

namespace WakeWord.Datasets.Synthesis;

/// <summary>
/// Festival synthesis, one <c>festival --pipe</c> process per utterance, each with a Lisp heap of
/// <see cref="HeapCells"/> (five starts took 1.29 s; with Debian's default heap of 10,000,000 cells, which every
/// process touches first, 9.44 s, on a 2-core machine, measured with <c>/usr/bin/time</c>). A long-running
/// session would be faster but is not reproducible: festival's output depends on what the process did
/// before (the cause inside festival is not traced), so in a session about 1 utterance in 400 comes out different in a 50 ms stretch near
/// its end (measured: 12 requests with markers in between changed the 12th; the same requests in a fresh
/// process did not), and which requests share a session depends on thread timing.
/// </summary>
internal static class Festival
{
    /// <summary>
    /// Cells of festival's Lisp heap (<c>--heap</c>). One utterance of the longest text the generator speaks allocates
    /// fewer (no garbage collection at this size with two long sentences in one process, checked with
    /// <c>(gc-status t)</c>), and the audio is byte-identical to the default heap's (the default model's dataset
    /// compared file by file, datasets/models/default/README.md).
    /// </summary>
    public const int HeapCells = 2_000_000;

    /// <summary>The arguments of every festival process: the heap above, commands from standard input.</summary>
    public static readonly IReadOnlyList<string> PipeArgs = ["--heap", HeapCells.ToString(CultureInfo.InvariantCulture), "--pipe"];

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
        var r = ProcessRunner.Check("festival", PipeArgs, stdin: Encoding.UTF8.GetBytes(script));
        if (!File.Exists(wavOut)) throw new WakeWordException($"festival: wrote no audio for '{text}' ({voice}): {r.StdErr}{r.StdOut}".TrimEnd());
    }

    /// <summary>Statistical parametric (HTS) voices: festival's own duration stretch does not reach them.</summary>
    public static bool IsHts(string voice) => voice.EndsWith("_hts", StringComparison.Ordinal);
}
