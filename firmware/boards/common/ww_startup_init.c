/* Start-up memory set-up shared by the Cortex-M boards; see ww_startup_init.h. */
#include "ww_startup_init.h"

void ww_startup_copy_words(uint32_t *dst, const uint32_t *dst_end, const uint32_t *src)
{
    while (dst < dst_end)
    {
        *dst++ = *src++;
    }
}

void ww_startup_zero_words(uint32_t *start, const uint32_t *end)
{
    while (start < end)
    {
        *start++ = 0u;
    }
}
