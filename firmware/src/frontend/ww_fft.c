/* Fixed-point real FFT and power spectrum. The WW_FE_FFT_LEN real samples are read as
 * WW_FE_FFT_LEN/2 complex values (even samples real, odd imaginary), transformed by an in-place
 * radix-2 decimation-in-time FFT, then split into the spectrum of the real signal. No scaling:
 * the caller bounds |x| <= 2^WW_FE_NORM_BITS, so every intermediate (a partial DFT) stays below
 * the frame's L1 norm < 2^31. Q30 twiddles, 64-bit products, round half up; the twiddles 1 and -j
 * (exactly 2^30 and 0 in the table) skip the multiply, which gives the same integers. Twin: Fft.cs. */
#include "ww_frontend.h"

#define WW_FFT_HALF (WW_FE_FFT_LEN / 2)
#define WW_FFT_ROUND ((int64_t)1 << (WW_FE_TWIDDLE_BITS - 1))

void ww_fft_real_power(int32_t *buf, uint64_t *power)
{
    uint32_t i, j, k, len;

    for (i = 0; i < WW_FFT_HALF; i++)
    {
        j = ww_fe_bit_reverse[i];
        if (j > i)
        {
            int32_t tr = buf[2u * i], ti = buf[2u * i + 1u];
            buf[2u * i] = buf[2u * j];
            buf[2u * i + 1u] = buf[2u * j + 1u];
            buf[2u * j] = tr;
            buf[2u * j + 1u] = ti;
        }
    }

    for (len = 2; len <= WW_FFT_HALF; len <<= 1)
    {
        uint32_t half_len = len >> 1;
        uint32_t step = WW_FE_FFT_LEN / len;
        for (j = 0; j < half_len; j++)
        {
            uint32_t tw = j * step;
            int64_t c = ww_fe_twiddle_cos[tw];
            int64_t s = ww_fe_twiddle_sin[tw];
            for (i = j; i < WW_FFT_HALF; i += len)
            {
                uint32_t a = 2u * i;
                uint32_t b = a + 2u * half_len;
                int32_t br = buf[b], bi = buf[b + 1u];
                int32_t ar = buf[a], ai = buf[a + 1u];
                int32_t tr, ti;
                if (tw == 0u)
                {
                    /* W = 1 exactly (cos 2^30, sin 0): the rounded product is the input itself */
                    tr = br;
                    ti = bi;
                }
                else if (tw == WW_FE_FFT_LEN / 4u)
                {
                    /* W = -j exactly (cos 0, sin 2^30) */
                    tr = bi;
                    ti = -br;
                }
                else
                {
                    /* (br + j bi) * (c - j s), Q30, rounded half up */
                    tr = (int32_t)(((int64_t)br * c + (int64_t)bi * s + WW_FFT_ROUND) >> WW_FE_TWIDDLE_BITS);
                    ti = (int32_t)(((int64_t)bi * c - (int64_t)br * s + WW_FFT_ROUND) >> WW_FE_TWIDDLE_BITS);
                }
                buf[a] = ar + tr;
                buf[a + 1u] = ai + ti;
                buf[b] = ar - tr;
                buf[b + 1u] = ai - ti;
            }
        }
    }

    /* Split: X[k] = E[k] + W^k O[k] with 2E = Z[k] + conj Z[M-k] and 2O = -j (Z[k] - conj Z[M-k]).
     * 2E and 2O are twice the DFTs of the even and odd samples, so each part is bounded by
     * WW_FE_FRAME_LEN * 2^WW_FE_NORM_BITS < 2^31 and fits int32; so does X. */
    for (k = 0; k <= WW_FFT_HALF; k++)
    {
        uint32_t zk = 2u * (k % WW_FFT_HALF);
        uint32_t zm = 2u * ((WW_FFT_HALF - k) % WW_FFT_HALF);
        int32_t er2 = buf[zk] + buf[zm];
        int32_t ei2 = buf[zk + 1u] - buf[zm + 1u];
        int32_t o2r = buf[zk + 1u] + buf[zm + 1u];
        int32_t o2i = buf[zm] - buf[zk];
        int64_t c = ww_fe_twiddle_cos[k];
        int64_t s = ww_fe_twiddle_sin[k];
        int32_t xr = (int32_t)(((int64_t)er2 * ((int64_t)1 << WW_FE_TWIDDLE_BITS) + c * o2r + s * o2i + ((int64_t)1 << WW_FE_TWIDDLE_BITS)) >> (WW_FE_TWIDDLE_BITS + 1));
        int32_t xi = (int32_t)(((int64_t)ei2 * ((int64_t)1 << WW_FE_TWIDDLE_BITS) + c * o2i - s * o2r + ((int64_t)1 << WW_FE_TWIDDLE_BITS)) >> (WW_FE_TWIDDLE_BITS + 1));
        power[k] = (uint64_t)((int64_t)xr * xr) + (uint64_t)((int64_t)xi * xi);
    }
}
