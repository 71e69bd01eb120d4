/* One frame to one feature vector: Q15 Hamming window, block scaling, real FFT, power, mel filters,
 * log2 (Q24), DCT-II with ln 2 folded in, log frame energy. Twin: Mfcc.cs. */
#include <string.h>

#include "ww_frontend.h"

static uint32_t ww_bits32(uint32_t x)
{
#if defined(__GNUC__)
    return 32u - (uint32_t)__builtin_clz(x);
#else
    uint32_t b = 0;
    while (x != 0u)
    {
        b++;
        x >>= 1;
    }
    return b;
#endif
}

void ww_mfcc_frame(const int16_t *frame, ww_mfcc_scratch_t *scratch, int16_t *features)
{
    int32_t *buf = scratch->fft;
    int32_t *log_mel = scratch->log_mel;
    int32_t energy_log = WW_FE_ENERGY_FLOOR_LOG2;
    uint32_t max = 0;
    uint32_t n, m, i;
    const int32_t shift = 2 * WW_FE_LOG_BITS - WW_FE_FEATURE_FRAC_BITS;
    const int64_t rnd = (int64_t)1 << (shift - 1);

    for (n = 0; n < WW_FE_FRAME_LEN; n++)
    {
        int32_t v = (int32_t)frame[n] * ww_fe_window[n];
        uint32_t a = (uint32_t)(v < 0 ? -v : v);
        buf[n] = v;
        if (a > max)
        {
            max = a;
        }
    }
    for (n = WW_FE_FRAME_LEN; n < WW_FE_FFT_LEN; n++)
    {
        buf[n] = 0;
    }

    if (max == 0u)
    {
        for (m = 0; m < WW_FE_NUM_MEL; m++)
        {
            log_mel[m] = WW_FE_MEL_FLOOR_LOG2;
        }
    }
    else
    {
        int32_t sh = WW_FE_NORM_BITS - (int32_t)ww_bits32(max);
        int64_t energy = 0;
        int32_t scale, e;
        if (sh >= 0)
        {
            int32_t mul = (int32_t)1 << sh;
            for (n = 0; n < WW_FE_FRAME_LEN; n++)
            {
                int32_t u = buf[n] * mul;
                buf[n] = u;
                energy += (int64_t)u * u;
            }
        }
        else
        {
            int32_t r = -sh;
            int32_t half = (int32_t)1 << (r - 1);
            for (n = 0; n < WW_FE_FRAME_LEN; n++)
            {
                int32_t u = (buf[n] + half) >> r;
                buf[n] = u;
                energy += (int64_t)u * u;
            }
        }
        scale = 2 * (15 + sh) * (1 << WW_FE_LOG_BITS);

        ww_fft_real_power(buf, scratch->power);

        for (m = 0; m < WW_FE_NUM_MEL; m++)
        {
            const uint64_t *p = &scratch->power[ww_fe_mel_start[m]];
            const int16_t *w = &ww_fe_mel_weights[ww_fe_mel_offset[m]];
            uint32_t count = ww_fe_mel_len[m];
            uint64_t acc = 0;
            int32_t l;
            for (i = 0; i < count; i++)
            {
                acc += (p[i] >> 15) * (uint64_t)(uint16_t)w[i];
            }
            l = (acc == 0u) ? WW_FE_MEL_FLOOR_LOG2 : ww_log2_q24(acc) - scale;
            log_mel[m] = (l < WW_FE_MEL_FLOOR_LOG2) ? WW_FE_MEL_FLOOR_LOG2 : l;
        }
        e = ww_log2_q24((uint64_t)energy) - scale;
        energy_log = (e < energy_log) ? energy_log : e;
    }

    for (i = 0; i < WW_FE_NUM_CEPSTRA; i++)
    {
        const int32_t *row = &ww_fe_dct[i * WW_FE_NUM_MEL];
        int64_t acc = 0;
        for (m = 0; m < WW_FE_NUM_MEL; m++)
        {
            acc += (int64_t)log_mel[m] * row[m];
        }
        features[i] = ww_fe_sat16((acc + rnd) >> shift);
    }
    features[WW_FE_NUM_CEPSTRA] = ww_fe_sat16(((int64_t)energy_log * WW_FE_LN2_Q24 + rnd) >> shift);
}
