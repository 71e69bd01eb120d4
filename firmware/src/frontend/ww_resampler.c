/* 48 kHz -> 16 kHz polyphase FIR decimator: only every WW_FE_DECIMATION-th FIR output is computed.
 * Q15 taps, 64-bit accumulate, round half up, saturate to int16. Twin: Resampler.cs. */
#include <string.h>

#include "ww_frontend.h"

#if defined(__ARM_FEATURE_DSP) && (__ARM_FEATURE_DSP == 1)
#include <arm_acle.h>
#define WW_RS_DUAL_MAC 1
#else
#define WW_RS_DUAL_MAC 0
#endif

/* Exact dot product of the newest WW_FE_FIR_TAPS samples with the taps. Integer sums are exact, so
 * any grouping gives the same result as the C# twin: on Cortex-M4/M7 two taps per SMLALD
 * (16x16 + 16x16 into a 64-bit accumulator), elsewhere pairs of products summed in int32
 * (|a*b + c*d| <= 2 * 32768 * 32767) and accumulated in int64. */
static int64_t ww_fir_dot(const int16_t *d)
{
    int64_t acc = 0;
    uint32_t i = 0;
#if WW_RS_DUAL_MAC
    for (; i < (WW_FE_FIR_TAPS / 8u) * 8u; i += 8u)
    {
        int16x2_t d0, d1, d2, d3, h0, h1, h2, h3;
        memcpy(&d0, &d[i], sizeof(d0));
        memcpy(&d1, &d[i + 2u], sizeof(d1));
        memcpy(&d2, &d[i + 4u], sizeof(d2));
        memcpy(&d3, &d[i + 6u], sizeof(d3));
        memcpy(&h0, &ww_fe_fir_taps[i], sizeof(h0));
        memcpy(&h1, &ww_fe_fir_taps[i + 2u], sizeof(h1));
        memcpy(&h2, &ww_fe_fir_taps[i + 4u], sizeof(h2));
        memcpy(&h3, &ww_fe_fir_taps[i + 6u], sizeof(h3));
        acc = __smlald(d0, h0, acc);
        acc = __smlald(d1, h1, acc);
        acc = __smlald(d2, h2, acc);
        acc = __smlald(d3, h3, acc);
    }
    for (; i < (WW_FE_FIR_TAPS / 4u) * 4u; i += 4u)
    {
        int16x2_t d0, d1, h0, h1;
        memcpy(&d0, &d[i], sizeof(d0));
        memcpy(&d1, &d[i + 2u], sizeof(d1));
        memcpy(&h0, &ww_fe_fir_taps[i], sizeof(h0));
        memcpy(&h1, &ww_fe_fir_taps[i + 2u], sizeof(h1));
        acc = __smlald(d0, h0, acc);
        acc = __smlald(d1, h1, acc);
    }
#if (WW_FE_FIR_TAPS % 4u) != 0u
    for (; i < WW_FE_FIR_TAPS; i++)
    {
        acc += (int32_t)d[i] * ww_fe_fir_taps[i];
    }
#endif
#else
    for (; i < (WW_FE_FIR_TAPS / 2u) * 2u; i += 2u)
    {
        acc += (int32_t)d[i] * ww_fe_fir_taps[i] + (int32_t)d[i + 1u] * ww_fe_fir_taps[i + 1u];
    }
#if (WW_FE_FIR_TAPS % 2u) != 0u
    acc += (int32_t)d[i] * ww_fe_fir_taps[i];
#endif
#endif
    return acc;
}

void ww_resampler_init(ww_resampler_t *rs)
{
    memset(rs, 0, sizeof(*rs));
}

size_t ww_resampler_process(ww_resampler_t *rs, const int16_t *in, size_t n, int16_t *out, size_t max_out, size_t *consumed)
{
    size_t i = 0, produced = 0;
    uint32_t pos = rs->pos;
    uint32_t phase = rs->phase;

    while (i < n && produced < max_out)
    {
        int16_t x = in[i++];
        rs->delay[pos] = x;
        rs->delay[pos + WW_FE_FIR_TAPS] = x;
        pos = (pos + 1u == WW_FE_FIR_TAPS) ? 0u : pos + 1u;
        if (++phase < WW_FE_DECIMATION)
        {
            continue;
        }
        phase = 0;
        /* Arithmetic shift of a negative value: gcc and arm-none-eabi-gcc define it as floor. */
        out[produced++] = ww_fe_sat16((ww_fir_dot(&rs->delay[pos]) + (1 << 14)) >> 15);
    }
    rs->pos = pos;
    rs->phase = phase;
    *consumed = i;
    return produced;
}

int ww_resampler_push(ww_resampler_t *rs, int16_t x, int16_t *out)
{
    size_t consumed;
    return (int)ww_resampler_process(rs, &x, 1u, out, 1u, &consumed);
}
