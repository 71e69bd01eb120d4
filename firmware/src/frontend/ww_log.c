/* Table-based log2 in Q24. Twin: FixedLog.cs. */
#include "ww_frontend.h"

static uint32_t ww_msb64(uint64_t x)
{
#if defined(__GNUC__)
    return 63u - (uint32_t)__builtin_clzll(x);
#else
    uint32_t b = 0;
    while (x >>= 1)
    {
        b++;
    }
    return b;
#endif
}

int32_t ww_log2_q24(uint64_t x)
{
    uint32_t b, mant, idx, frac;
    int32_t t0, t1;

    if (x == 0u)
    {
        return 0;
    }
    b = ww_msb64(x);
    mant = (b >= 31u) ? (uint32_t)(x >> (b - 31u)) : (uint32_t)(x << (31u - b));
    idx = (mant >> 23) & 0xFFu;
    frac = mant & 0x7FFFFFu;
    t0 = ww_fe_log2_table[idx];
    t1 = ww_fe_log2_table[idx + 1u];
    return (int32_t)b * (1 << WW_FE_LOG_BITS) + t0 + (int32_t)(((int64_t)(t1 - t0) * frac + (1 << 22)) >> 23);
}
