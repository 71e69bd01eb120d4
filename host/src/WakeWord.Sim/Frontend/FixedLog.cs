// twin of ww_log.c
using System.Numerics;

namespace WakeWord.Sim.Frontend;

/// <summary>Table-based fixed-point log2 of a 64-bit energy; same integers as <c>ww_log2_q24</c>.</summary>
public static class FixedLog
{
    /// <summary>
    /// log2(x) in Q24 for x &gt; 0 (returns 0 for x = 0; callers handle zero before). The mantissa is taken
    /// to 32 bits (truncating), its top 8 bits after the leading one index the table and the next 23 bits
    /// interpolate linearly, rounding half up. Maximum error about 3e-6.
    /// </summary>
    public static int Log2Q24(ulong x, ReadOnlySpan<int> table)
    {
        if (x == 0) return 0;
        var b = 63 - BitOperations.LeadingZeroCount(x);
        var mant = b >= 31 ? (uint)(x >> (b - 31)) : (uint)(x << (31 - b));
        var idx = (int)((mant >> 23) & 0xFF);
        var frac = mant & 0x7FFFFF;
        var t0 = table[idx];
        var t1 = table[idx + 1];
        var r = t0 + (int)(((long)(t1 - t0) * frac + (1L << 22)) >> 23);
        return b * (1 << FrontendTables.LogFracBits) + r;
    }
}
