/* STM32H7 board services shared by the CM4 and CM7 images: DWT cycle counter, detection LED and the
 * UART console (USART3 at 115200 8N1 on PD8, clocked from HSI so DVFS never changes its baud rate).
 * LED: PB0 (LD1 on the Nucleo-144 boards). */
#ifndef WW_STM32H7_BOARD_H
#define WW_STM32H7_BOARD_H

#include <stdint.h>

#define WW_STM32H7_UART_BAUD 115200u

/* Clocks (at LOW), cycle counter, LED and UART. Call first in main. */
void ww_stm32h7_board_init(void);
/* DWT CYCCNT: core clock cycles, free running, wraps at 2^32. */
uint32_t ww_stm32h7_cycles(void);
void ww_stm32h7_led(int32_t on);
void ww_stm32h7_uart_puts(const char *s);
void ww_stm32h7_uart_put_u32(uint32_t v);
void ww_stm32h7_uart_put_i32(int32_t v);

#endif
