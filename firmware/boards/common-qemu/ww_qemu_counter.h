/* Instruction counter for the QEMU boards. QEMU has no DWT cycle counter, but under
 * -icount shift=0 its virtual clock advances exactly 1 ns per executed instruction, so SysTick
 * (clocked from the board's system clock) counts instructions repeatably: one tick is
 * 1e9 / WW_QEMU_SYSCLK_HZ instructions. The 24-bit SysTick is extended to 64 bits by counting
 * its wraps in the SysTick interrupt. */
#ifndef WW_QEMU_COUNTER_H
#define WW_QEMU_COUNTER_H

#include <stdint.h>

#ifndef WW_QEMU_SYSCLK_HZ
#error "WW_QEMU_SYSCLK_HZ must name the board's system clock (set by the board's CMakeLists.txt)"
#endif

/* Instructions represented by one SysTick tick under -icount shift=0. */
#define WW_QEMU_INSTRUCTIONS_PER_TICK (1000000000u / (WW_QEMU_SYSCLK_HZ))

/* Starts SysTick free-running from the processor clock with its wrap interrupt enabled. */
void ww_qemu_counter_start(void);
/* SysTick ticks since ww_qemu_counter_start (64-bit, monotonic). */
uint64_t ww_qemu_counter_ticks(void);
/* Instructions executed since ww_qemu_counter_start, exact to one tick under -icount shift=0. */
uint64_t ww_qemu_counter_instructions(void);

#endif
