/* Start-up memory set-up shared by the Cortex-M boards (common-qemu, common-stm32h7): the reset handler
 * copies the initialised data from flash and zeroes the sections the C program expects as zero, before
 * anything else reads them. Both functions use neither globals nor the C library, so they are safe to
 * call first thing after reset. Bounds are the linker scripts' section symbols, word aligned. */
#ifndef WW_STARTUP_INIT_H
#define WW_STARTUP_INIT_H

#include <stdint.h>

/* Copies the words [dst, dst_end) from src (.data from its load address). */
void ww_startup_copy_words(uint32_t *dst, const uint32_t *dst_end, const uint32_t *src);

/* Zeroes the words [start, end) (.bss and the board's other zero-initialised sections). */
void ww_startup_zero_words(uint32_t *start, const uint32_t *end);

#endif
