/* STM32H7 clock tree and DVFS levels, register level.
 *   HIGH: HSI 64 MHz -> PLL1 (M=4, N=60, P=2) = 480 MHz sys_ck at VOS0; the CM7 runs at sys_ck,
 *         AXI/AHB (and the CM4 of the dual-core parts) at 240 MHz, APB at 120 MHz, flash 4 wait states.
 *         Built with WW_STM32H7_SUPPLY_SMPS (boards whose SMPS feeds the core directly cannot reach VOS0):
 *         PLL1 N=50 = 400 MHz at VOS1, AHB and CM4 at 200 MHz.
 *   LOW:  HSI 64 MHz straight to sys_ck and AHB at VOS3, PLL1 off, flash 1 wait state.
 * Audio and the UART never see a DVFS change: SAI1 runs from PLL2 (HSI / 8 * 49.152 fractional / 8
 * = 49.152 MHz) and USART3 from the HSI kernel clock, and HSI stays on at both levels. */
#ifndef WW_STM32H7_CLOCK_H
#define WW_STM32H7_CLOCK_H

#include <stdint.h>

#define WW_STM32H7_LEVEL_LOW 0
#define WW_STM32H7_LEVEL_HIGH 1

#define WW_STM32H7_HSI_HZ 64000000u
#define WW_STM32H7_SAI_KERNEL_HZ 49152000u

#if defined(WW_STM32H7_SUPPLY_SMPS) && WW_STM32H7_SUPPLY_SMPS
#define WW_STM32H7_HIGH_SYSCLK_HZ 400000000u
#else
#define WW_STM32H7_HIGH_SYSCLK_HZ 480000000u
#endif

/* Power supply, HSI, PLL2 for the SAI kernel clock, bus prescalers; leaves the chip at LOW. */
void ww_stm32h7_clock_init(void);
/* Switches to WW_STM32H7_LEVEL_LOW or _HIGH, ordering voltage, wait states and clock safely. */
void ww_stm32h7_clock_set_level(int32_t level);
/* The level last set. */
int32_t ww_stm32h7_clock_level(void);
/* Clock of the core this image runs on, in Hz, at the current level. */
uint32_t ww_stm32h7_core_hz(void);

#endif
