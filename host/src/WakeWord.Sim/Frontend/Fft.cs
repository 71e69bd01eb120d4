// twin of ww_fft.c
namespace WakeWord.Sim.Frontend;

/// <summary>
/// Fixed-point real FFT of FftLength int32 samples and its power spectrum, same integers as
/// <c>ww_fft_real_power</c>. The real input is read as FftLength/2 complex values (even samples real,
/// odd samples imaginary), transformed by an in-place radix-2 decimation-in-time FFT, then split into the
/// spectrum of the real signal. No scaling: the caller bounds the input (|x| &lt;= 2^NormBits), and every
/// intermediate is a partial DFT bounded by the L1 norm of the frame, below 2^31. Twiddles are Q30;
/// products are 64-bit and rounded half up.
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
            for (var i = 0; i < m; i += len)
            {
                for (var j = 0; j < halfLen; j++)
                {
                    long c = cos[j * step], s = sin[j * step];
                    var a = 2 * (i + j);
                    var b = a + 2 * halfLen;
                    long br = buf[b], bi = buf[b + 1];
                    // (br + j bi) * (c - j s)
                    var tr = (int)((br * c + bi * s + round) >> q);
                    var ti = (int)((bi * c - br * s + round) >> q);
                    int ar = buf[a], ai = buf[a + 1];
                    buf[a] = ar + tr;
                    buf[a + 1] = ai + ti;
                    buf[b] = ar - tr;
                    buf[b + 1] = ai - ti;
                }
            }
        }

        for (var k = 0; k <= m; k++)
        {
            var zk = 2 * (k % m);
            var zm = 2 * ((m - k) % m);
            long er2 = (long)buf[zk] + buf[zm];
            long ei2 = (long)buf[zk + 1] - buf[zm + 1];
            long o2r = (long)buf[zk + 1] + buf[zm + 1];
            long o2i = (long)buf[zm] - buf[zk];
            long c = cos[k], s = sin[k];
            var xr = (er2 * (1L << q) + c * o2r + s * o2i + (1L << q)) >> (q + 1);
            var xi = (ei2 * (1L << q) + c * o2i - s * o2r + (1L << q)) >> (q + 1);
            power[k] = (ulong)(xr * xr) + (ulong)(xi * xi);
        }
    }
}
