using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using WakeWord.Sim.Frontend;

namespace WakeWord.Sim.Reference;

/// <summary>
/// The front end in double precision, for accuracy checks of the fixed-point one: the unquantized FIR
/// (same alignment as the decimator, no int16 rounding), the exact Hamming window, MathNet's FFT, the
/// double mel matrix, natural log and the orthonormal DCT-II. Output in nats (divide the int16 features
/// by 2^FeatureFracBits to compare).
/// </summary>
public sealed class ReferenceFrontend
{
    private readonly FrontendTables _t;

    public ReferenceFrontend(FrontendTables tables) => _t = tables;

    /// <summary>Decimated signal in int16 units: y[k] = sum_i h[i] * x[D*k + D-1 - (N-1) + i].</summary>
    public double[] Resample(ReadOnlySpan<short> pcm48k)
    {
        var c = _t.Config;
        var h = _t.FirTapsDouble;
        var n = h.Length;
        var y = new double[pcm48k.Length / c.Decimation];
        for (var k = 0; k < y.Length; k++)
        {
            var last = c.Decimation * k + c.Decimation - 1;
            var first = last - (n - 1);
            double acc = 0;
            for (var i = Math.Max(0, -first); i < n; i++) acc += h[i] * pcm48k[first + i];
            y[k] = acc;
        }
        return y;
    }

    /// <summary>Features [frame][Features] in nats for a whole recording.</summary>
    public double[][] Compute(ReadOnlySpan<short> pcm48k) => ComputeDecimated(Resample(pcm48k));

    /// <summary>Features [frame][Features] in nats from an already decimated signal (int16 units).</summary>
    public double[][] ComputeDecimated(double[] y)
    {
        var c = _t.Config;
        var frames = y.Length < c.FrameLength ? 0 : (y.Length - c.FrameLength) / c.Hop + 1;
        var result = new double[frames][];
        var spec = new Complex[c.FftLength];
        var power = new double[c.FftLength / 2 + 1];
        var logMel = new double[c.MelBands];
        for (var f = 0; f < frames; f++)
        {
            double energy = 0;
            Array.Clear(spec);
            for (var n = 0; n < c.FrameLength; n++)
            {
                var v = y[f * c.Hop + n] * _t.WindowDouble[n];
                spec[n] = new Complex(v, 0);
                energy += v * v;
            }
            Fourier.Forward(spec, FourierOptions.Matlab);
            for (var k = 0; k < power.Length; k++) power[k] = spec[k].Real * spec[k].Real + spec[k].Imaginary * spec[k].Imaginary;
            for (var m = 0; m < c.MelBands; m++)
            {
                var row = _t.MelMatrixDouble[m];
                double acc = 0;
                for (var k = 0; k < power.Length; k++) acc += row[k] * power[k];
                logMel[m] = Math.Log(Math.Max(acc, c.MelFloor));
            }
            var r = new double[c.Features];
            for (var i = 0; i < c.Cepstra; i++)
            {
                double acc = 0;
                for (var m = 0; m < c.MelBands; m++) acc += _t.DctDouble[i][m] * logMel[m];
                r[i] = acc;
            }
            r[c.Cepstra] = Math.Log(Math.Max(energy, c.EnergyFloor));
            result[f] = r;
        }
        return result;
    }
}
