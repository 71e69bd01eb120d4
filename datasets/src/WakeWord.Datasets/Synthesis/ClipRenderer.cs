using System.Diagnostics;
using WakeWord.Datasets.Audio;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Synthesis;

/// <summary>
/// Renders a <see cref="ClipSpec"/> to a 48 kHz 16-bit mono WAV: the utterance placed at a seeded offset in
/// a clip of at least <see cref="ClipSpec.MinSeconds"/>, a noise bed mixed in at the planned SNR (speech power
/// over the utterance against noise power over the clip), and the whole clip scaled to the planned peak level.
/// </summary>
public sealed class ClipRenderer(SoundLibrary sounds, SpeechRenderer speech, StageTimes times)
{
    public const int Rate = DatasetWav.SampleRate;
    public const int StageMix = 4;

    public void Render(ClipSpec c, string wavOut)
    {
        var rng = new StableRng(c.Seed);
        float[] s = c.Kind == ClipKind.Noise
            ? []
            : speech.Utterance(c.Voice, c.Text, c.TtsRate, c.TtsPitch, c.Recording, c.TrimStart, c.TrimSeconds, c.Aug, $"clip-{c.Index}", c.Seed);
        var t0 = Stopwatch.GetTimestamp();
        var min = (int)Math.Round(c.MinSeconds * Rate);
        var pad = Rate / 10;
        int length, offset;
        if (c.MinSeconds > 0)
        {
            length = Math.Max(min, s.Length + 2 * pad);
            offset = pad + rng.Next(length - s.Length - 2 * pad + 1);
        }
        else
        {
            offset = rng.Range(Rate / 20, Rate / 3);
            length = offset + s.Length + rng.Range(Rate / 20, Rate / 3);
        }
        var y = new double[length];
        for (var i = 0; i < s.Length; i++) y[offset + i] = s[i];
        if (c.Aug.NoiseBed != null)
        {
            var bed = sounds.Bed(c.Aug.NoiseBed);
            var start = rng.Next(bed.Length);
            if (s.Length == 0)
            {
                for (var i = 0; i < length; i++) y[i] = bed[(start + i) % bed.Length];
            }
            else
            {
                double ps = 0, pn = 0;
                foreach (var x in s) ps += (double)x * x;
                ps /= s.Length;
                for (var i = 0; i < length; i++)
                {
                    double n = bed[(start + i) % bed.Length];
                    pn += n * n;
                }
                pn /= length;
                if (ps > 1e-12 && pn > 1e-12)
                {
                    var g = Math.Sqrt(ps / (pn * Math.Pow(10, c.Aug.SnrDb / 10)));
                    for (var i = 0; i < length; i++) y[i] += g * bed[(start + i) % bed.Length];
                }
            }
        }
        DatasetWav.WriteMono16(wavOut, ToPcm(y, c.Aug.PeakDb));
        times.Add(StageMix, Stopwatch.GetTimestamp() - t0);
    }

    /// <summary>Scales <paramref name="y"/> so its peak is <paramref name="peakDb"/> dBFS and rounds to int16.</summary>
    public static short[] ToPcm(ReadOnlySpan<double> y, double peakDb)
    {
        double peak = 0;
        foreach (var x in y) peak = Math.Max(peak, Math.Abs(x));
        var scale = peak > 0 ? Math.Pow(10, peakDb / 20) * 32767 / peak : 0;
        var o = new short[y.Length];
        for (var i = 0; i < y.Length; i++) o[i] = (short)Math.Clamp(Math.Round(y[i] * scale), -32768, 32767);
        return o;
    }
}
