// twin of ww_mfcc.c
using System.Numerics;

namespace WakeWord.Sim.Frontend;

/// <summary>
/// One frame of 16 kHz int16 samples to one feature vector, same integers as <c>ww_mfcc_frame</c>:
/// <list type="number">
/// <item>v[n] = x[n] * window[n] (Q15 window, exact int32).</item>
/// <item>Block scaling: shift v so that max|v| lies in [2^(NormBits-1), 2^NormBits] (left shift exact,
/// right shift rounded half up); remember the shift sh. An all-zero frame gives the floor features.</item>
/// <item>Real FFT and power |X[k]|^2 (<see cref="Fft"/>), frame energy sum u[n]^2 (64 bit).</item>
/// <item>Mel energy: sum over the filter of (P[k] &gt;&gt; 15) * weight (Q15), 64 bit unsigned.</item>
/// <item>log2 in Q24 (<see cref="FixedLog"/>) minus 2 * (15 + sh) for the window and block scale,
/// floored at log2(MelFloor).</item>
/// <item>Cepstra: sum over bands of log2 * (DCT * ln 2 in Q24), rounded half up to Q(FeatureFracBits),
/// saturated; log energy likewise with ln 2.</item>
/// </list>
/// </summary>
public sealed class Mfcc
{
    private readonly FrontendTables _t;
    private readonly int[] _buf;
    private readonly ulong[] _power;
    private readonly int[] _log;

    public Mfcc(FrontendTables tables)
    {
        _t = tables;
        _buf = new int[tables.Config.FftLength];
        _power = new ulong[tables.Config.FftLength / 2 + 1];
        _log = new int[tables.Config.MelBands];
    }

    /// <summary>Computes the Features int16 values of one frame of FrameLength samples.</summary>
    public void Frame(ReadOnlySpan<short> frame, Span<short> features)
    {
        var t = _t;
        var c = t.Config;
        var win = t.Window;
        var buf = _buf.AsSpan();
        var len = c.FrameLength;

        var max = 0;
        for (var n = 0; n < len; n++)
        {
            var v = frame[n] * win[n];
            buf[n] = v;
            var a = v < 0 ? -v : v;
            if (a > max) max = a;
        }
        buf[len..].Clear();

        var melFloor = t.MelFloorLog2;
        var energyLog = t.EnergyFloorLog2;
        if (max == 0)
        {
            _log.AsSpan().Fill(melFloor);
        }
        else
        {
            var bits = 32 - BitOperations.LeadingZeroCount((uint)max);
            var sh = t.NormBits - bits;
            long energy = 0;
            if (sh >= 0)
            {
                var mul = 1 << sh;
                for (var n = 0; n < len; n++)
                {
                    var u = buf[n] * mul;
                    buf[n] = u;
                    energy += (long)u * u;
                }
            }
            else
            {
                var r = -sh;
                var half = 1 << (r - 1);
                for (var n = 0; n < len; n++)
                {
                    var u = (buf[n] + half) >> r;
                    buf[n] = u;
                    energy += (long)u * u;
                }
            }
            var scale = 2 * (FrontendTables.Q15 + sh) * (1 << FrontendTables.LogFracBits);

            Fft.RealPower(buf, t, _power);

            for (var m = 0; m < c.MelBands; m++)
            {
                int start = t.MelStart[m], count = t.MelLength[m], off = t.MelOffset[m];
                ulong acc = 0;
                for (var k = 0; k < count; k++)
                    acc += (_power[start + k] >> 15) * (ulong)t.MelWeights[off + k];
                var l = acc == 0 ? melFloor : FixedLog.Log2Q24(acc, t.Log2Table) - scale;
                _log[m] = l < melFloor ? melFloor : l;
            }
            var e = FixedLog.Log2Q24((ulong)energy, t.Log2Table) - scale;
            energyLog = e < energyLog ? energyLog : e;
        }

        var shift = 2 * FrontendTables.LogFracBits - c.FeatureFracBits;
        var rnd = 1L << (shift - 1);
        for (var i = 0; i < c.Cepstra; i++)
        {
            long acc = 0;
            var row = i * c.MelBands;
            for (var m = 0; m < c.MelBands; m++) acc += (long)_log[m] * t.Dct[row + m];
            features[i] = Resampler.Sat16((acc + rnd) >> shift);
        }
        features[c.Cepstra] = Resampler.Sat16(((long)energyLog * t.Ln2Q24 + rnd) >> shift);
    }
}
