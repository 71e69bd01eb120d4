using System.Numerics;
using WakeWord.Sim.Frontend;
using Fe = WakeWord.Sim.Frontend.Frontend;

namespace WakeWord.Sim.Reference;

/// <summary>Accuracy figures of the fixed-point front end against <see cref="ReferenceFrontend"/>.</summary>
public static class FrontendAccuracy
{
    /// <summary>
    /// Per-coefficient SNR in dB over all frames: 10 log10(sum ref^2 / sum (fixed * 2^-fracBits - ref)^2).
    /// Infinite when the two agree exactly.
    /// </summary>
    public static double[] SnrPerCoefficient(FrontendTables t, ReadOnlySpan<short> pcm48k)
    {
        var acc = new SnrAccumulator(t.Config.Features);
        acc.Add(t, pcm48k);
        return acc.Snr();
    }

    /// <summary>
    /// Per-coefficient SNR of the fixed-point stages after the decimator only: the reference is fed the
    /// simulator's own int16 16 kHz samples, so the figure isolates window, block scaling, FFT, mel, log and
    /// DCT from the int16 rounding of the decimator output.
    /// </summary>
    public static double[] SnrAfterDecimator(FrontendTables t, ReadOnlySpan<short> pcm48k)
    {
        var rs = new Resampler(t);
        var y = new double[pcm48k.Length / t.Config.Decimation];
        var k = 0;
        foreach (var x in pcm48k)
            if (rs.Push(x, out var v)) y[k++] = v;
        var reference = new ReferenceFrontend(t).ComputeDecimated(y);
        var fixedFeat = Fe.ComputeAll(t, pcm48k);
        var nf = t.Config.Features;
        var sig = new double[nf];
        var err = new double[nf];
        for (var f = 0; f < reference.Length; f++)
        {
            for (var i = 0; i < nf; i++)
            {
                var r = reference[f][i];
                var e = fixedFeat[f * nf + i] * t.Config.FeatureScale - r;
                sig[i] += r * r;
                err[i] += e * e;
            }
        }
        var s = new double[nf];
        for (var i = 0; i < nf; i++) s[i] = err[i] == 0 ? double.PositiveInfinity : 10 * Math.Log10(sig[i] / err[i]);
        return s;
    }

    /// <summary>Sums signal and error energy per coefficient over several recordings.</summary>
    public sealed class SnrAccumulator(int features)
    {
        private readonly double[] _sig = new double[features];
        private readonly double[] _err = new double[features];

        public int Frames { get; private set; }

        public void Add(FrontendTables t, ReadOnlySpan<short> pcm48k)
        {
            var fixedFeat = Fe.ComputeAll(t, pcm48k);
            var reference = new ReferenceFrontend(t).Compute(pcm48k);
            var nf = t.Config.Features;
            var scale = t.Config.FeatureScale;
            if (reference.Length * nf != fixedFeat.Length)
                throw new InvalidOperationException($"frame count differs: fixed {fixedFeat.Length / nf}, reference {reference.Length}");
            for (var f = 0; f < reference.Length; f++)
            {
                for (var i = 0; i < nf; i++)
                {
                    var r = reference[f][i];
                    var e = fixedFeat[f * nf + i] * scale - r;
                    _sig[i] += r * r;
                    _err[i] += e * e;
                }
            }
            Frames += reference.Length;
        }

        public double[] Snr()
        {
            var s = new double[_sig.Length];
            for (var i = 0; i < s.Length; i++) s[i] = _err[i] == 0 ? double.PositiveInfinity : 10 * Math.Log10(_sig[i] / _err[i]);
            return s;
        }
    }

    /// <summary>Response of the decimator FIR (Q15 taps) at <paramref name="hz"/>, in dB relative to DC.</summary>
    public static double FirResponseDb(FrontendTables t, double hz, bool quantized = true)
    {
        var fs = t.Config.InputRate;
        Complex sum = 0;
        double dc = 0;
        for (var i = 0; i < t.FirTaps.Length; i++)
        {
            var h = quantized ? t.FirTaps[i] / 32768.0 : t.FirTapsDouble[i];
            sum += h * Complex.FromPolarCoordinates(1, -2 * Math.PI * hz * i / fs);
            dc += h;
        }
        return 20 * Math.Log10(sum.Magnitude / Math.Abs(dc));
    }

    /// <summary>Worst (smallest) attenuation in dB from <paramref name="fromHz"/> to Nyquist, on a 1 Hz grid.</summary>
    public static double StopbandAttenuationDb(FrontendTables t, double fromHz = 8000)
    {
        var worst = double.PositiveInfinity;
        for (var f = fromHz; f <= t.Config.InputRate / 2.0; f += 1) worst = Math.Min(worst, -FirResponseDb(t, f));
        return worst;
    }

    /// <summary>Peak-to-peak passband ripple in dB from 0 to <paramref name="toHz"/>, on a 1 Hz grid.</summary>
    public static double PassbandRippleDb(FrontendTables t, double toHz = 7000)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var f = 0.0; f <= toHz; f += 1)
        {
            var r = FirResponseDb(t, f);
            lo = Math.Min(lo, r);
            hi = Math.Max(hi, r);
        }
        return hi - lo;
    }
}
