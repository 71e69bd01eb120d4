// twin of ww_fft.c
namespace WakeWord.Sim.Frontend;

/// <summary>
/// Fixed-point real FFT of FftLength int32 samples and its power spectrum, same integers as
/// <c>ww_fft_real_power</c>. The real input is read as FftLength/2 complex values (even samples real,
/// odd samples imaginary), transformed by an in-place radix-2 decimation-in-time FFT, then split into the
/// spectrum of the real signal. No scaling: the caller bounds the input (|x| &lt;= 2^NormBits), and every
/// intermediate is a partial DFT bounded by the L1 norm of the frame, below 2^31. Twiddles are Q30;
/// products are 64-bit and rounded half up; the twiddles 1 and -j (exactly 2^30 and 0 in the table) skip the
/// multiply, which gives the same integers.
/// </summary>
public static class Fft
{
    /// <summary>
    /// Transforms <paramref name="buf"/> (FftLength real samples, destroyed) and writes |X[k]|^2 for
    /// k = 0..FftLength/2 into <paramref name="power"/>.
    /// </summary>
    public static void RealPower(Span<int> buf, FrontendTables t, Span<ulong> power)
    {
        var n = t.Config.FftLength;
        var m = n / 2;
        var cos = t.TwiddleCos;
        var sin = t.TwiddleSin;
        const long round = 1L << (FrontendTables.TwiddleFracBits - 1);
        const int q = FrontendTables.TwiddleFracBits;

        var rev = t.BitReverse;
        for (var i = 0; i < m; i++)
        {
            var j = rev[i];
            if (j <= i) continue;
            (buf[2 * i], buf[2 * j]) = (buf[2 * j], buf[2 * i]);
            (buf[2 * i + 1], buf[2 * j + 1]) = (buf[2 * j + 1], buf[2 * i + 1]);
        }

        for (var len = 2; len <= m; len <<= 1)
        {
            var halfLen = len >> 1;
            var step = n / len;
            for (var j = 0; j < halfLen; j++)
            {
                var tw = j * step;
                long c = cos[tw], s = sin[tw];
                for (var i = j; i < m; i += len)
                {
                    var a = 2 * i;
                    var b = a + 2 * halfLen;
                    int br = buf[b], bi = buf[b + 1];
                    int ar = buf[a], ai = buf[a + 1];
                    int tr, ti;
                    if (tw == 0)
                    {
                        // W = 1 exactly (cos 2^30, sin 0): the rounded product is the input itself
                        tr = br;
                        ti = bi;
                    }
                    else if (tw == n / 4)
                    {
                        // W = -j exactly (cos 0, sin 2^30)
                        tr = bi;
                        ti = -br;
                    }
                    else
                    {
                        // (br + j bi) * (c - j s), Q30, rounded half up
                        tr = (int)((br * c + bi * s + round) >> q);
                        ti = (int)((bi * c - br * s + round) >> q);
                    }
                    buf[a] = ar + tr;
                    buf[a + 1] = ai + ti;
                    buf[b] = ar - tr;
                    buf[b + 1] = ai - ti;
                }
            }
        }

        // Split: X[k] = E[k] + W^k O[k] with 2E = Z[k] + conj Z[M-k] and 2O = -j (Z[k] - conj Z[M-k]).
        // 2E and 2O are twice the DFTs of the even and odd samples, so each part is bounded by
        // FrameLength * 2^NormBits < 2^31 and fits int; so does X.
        for (var k = 0; k <= m; k++)
        {
            var zk = 2 * (k % m);
            var zm = 2 * ((m - k) % m);
            var er2 = buf[zk] + buf[zm];
            var ei2 = buf[zk + 1] - buf[zm + 1];
            var o2r = buf[zk + 1] + buf[zm + 1];
            var o2i = buf[zm] - buf[zk];
            long c = cos[k], s = sin[k];
            var xr = (int)((er2 * (1L << q) + c * o2r + s * o2i + (1L << q)) >> (q + 1));
            var xi = (int)((ei2 * (1L << q) + c * o2i - s * o2r + (1L << q)) >> (q + 1));
            power[k] = (ulong)((long)xr * xr) + (ulong)((long)xi * xi);
        }
    }
}
