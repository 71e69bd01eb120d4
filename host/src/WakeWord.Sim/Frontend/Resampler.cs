// twin of ww_resampler.c
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WakeWord.Sim.Frontend;

/// <summary>
/// 48 kHz to 16 kHz polyphase FIR decimator: only every Decimation-th output of the FIR is computed
/// (after input samples Decimation-1, 2*Decimation-1, ...). Q15 taps, 64-bit accumulate, round half up
/// (add 2^14, arithmetic shift right 15), saturate to int16. The delay line is stored twice so the
/// newest window is always contiguous.
/// </summary>
public sealed class Resampler
{
    private readonly short[] _taps;
    private readonly short[] _delay;
    private int _pos;
    private int _phase;
    private readonly int _decimation;

    public Resampler(FrontendTables tables)
    {
        _taps = tables.FirTaps;
        _delay = new short[2 * _taps.Length];
        _decimation = tables.Config.Decimation;
    }

    /// <summary>Back to the power-on state (zero history, phase 0).</summary>
    public void Reset()
    {
        Array.Clear(_delay);
        _pos = 0;
        _phase = 0;
    }

    /// <summary>Pushes one input sample; returns true and the output sample once every Decimation inputs.</summary>
    public bool Push(short x, out short y)
    {
        Span<short> one = stackalloc short[1];
        var produced = Process([x], one, out _);
        y = one[0];
        return produced == 1;
    }

    /// <summary>
    /// Pushes samples until the input is used up or <paramref name="output"/> is full; returns the outputs
    /// written and the inputs consumed. Same results as <see cref="Push"/> one sample at a time.
    /// </summary>
    public int Process(ReadOnlySpan<short> input, Span<short> output, out int consumed)
    {
        var n = _taps.Length;
        var delay = _delay;
        int i = 0, produced = 0, pos = _pos, phase = _phase;
        while (i < input.Length && produced < output.Length)
        {
            var x = input[i++];
            delay[pos] = x;
            delay[pos + n] = x;
            pos = pos + 1 == n ? 0 : pos + 1;
            if (++phase < _decimation) continue;
            phase = 0;
            var acc = Dot(delay.AsSpan(pos, n), _taps);
            output[produced++] = Sat16((acc + (1L << 14)) >> 15);
        }
        _pos = pos;
        _phase = phase;
        consumed = i;
        return produced;
    }

    internal static short Sat16(long v) => (short)(v > short.MaxValue ? short.MaxValue : v < short.MinValue ? short.MinValue : v);

    /// <summary>Exact integer dot product (order does not matter: no partial sum can overflow 64 bits).</summary>
    internal static long Dot(ReadOnlySpan<short> x, ReadOnlySpan<short> h)
    {
        long acc = 0;
        var i = 0;
        if (Avx2.IsSupported && x.Length >= 16)
        {
            var sum = Vector256<long>.Zero;
            for (; i + 16 <= x.Length; i += 16)
            {
                // pairs of int16 products summed into int32: |sum| <= 2 * 32768 * 32767 < 2^31
                var p = Avx2.MultiplyAddAdjacent(Vector256.Create(x.Slice(i, 16)), Vector256.Create(h.Slice(i, 16)));
                sum = Avx2.Add(sum, Avx2.ConvertToVector256Int64(p.GetLower()));
                sum = Avx2.Add(sum, Avx2.ConvertToVector256Int64(p.GetUpper()));
            }
            acc = Vector256.Sum(sum);
        }
        for (; i < x.Length; i++) acc += x[i] * h[i];
        return acc;
    }
}
