/* 48 kHz -> 16 kHz polyphase FIR decimator: only every WW_FE_DECIMATION-th FIR output is computed.
 * Q15 taps, 64-bit accumulate, round half up, saturate to int16. Twin: Resampler.cs. */
#include <string.h>

#include "ww_frontend.h"

void ww_resampler_init(ww_resampler_t *rs)
{
    memset(rs, 0, sizeof(*rs));
}

int ww_resampler_push(ww_resampler_t *rs, int16_t x, int16_t *out)
{
    const int16_t *d;
    int64_t acc = 0;
    uint32_t i;

    rs->delay[rs->pos] = x;
    rs->delay[rs->pos + WW_FE_FIR_TAPS] = x;
    rs->pos = (rs->pos + 1u == WW_FE_FIR_TAPS) ? 0u : rs->pos + 1u;
    if (++rs->phase < WW_FE_DECIMATION)
    {
        return 0;
    }
    rs->phase = 0;
    d = &rs->delay[rs->pos];
    /* Pairs of products fit int32 (|a*b + c*d| <= 2 * 32768 * 32767), the sum is 64-bit. */
    for (i = 0; i + 1u < WW_FE_FIR_TAPS; i += 2u)
    {
        acc += (int32_t)d[i] * ww_fe_fir_taps[i] + (int32_t)d[i + 1u] * ww_fe_fir_taps[i + 1u];
    }
    if (i < WW_FE_FIR_TAPS)
    {
        acc += (int32_t)d[i] * ww_fe_fir_taps[i];
    }
    /* Arithmetic shift of a negative value: gcc and arm-none-eabi-gcc define it as floor. */
    *out = ww_sat16((acc + (1 << 14)) >> 15);
    return 1;
}
