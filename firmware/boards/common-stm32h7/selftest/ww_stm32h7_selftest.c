/* STM32H7 board bring-up program, independent of any model package: brings up the clock tree and
 * measures a known loop with the DWT counter at both DVFS levels, then captures 48 kHz audio through
 * SAI1 + DMA and, for every 10 ms half buffer, prints its peak level on the UART and lights the LED
 * while the level exceeds a fixed threshold. */
#include <stdint.h>

#include "ww_stm32h7_audio.h"
#include "ww_stm32h7_board.h"
#include "ww_stm32h7_clock.h"

#define SELFTEST_HALF_SAMPLES 480u /* 10 ms at 48 kHz */
#define SELFTEST_LED_LEVEL 2000

__attribute__((section(".bss.ww_audio"), aligned(32))) static int16_t g_audio[2u * SELFTEST_HALF_SAMPLES];
static volatile uint32_t g_halves;
static volatile uint32_t g_last_half;

static void on_half(uint32_t half)
{
    g_last_half = half;
    g_halves++;
}

/* Exactly two instructions per iteration (subs, bne). */
static void spin(uint32_t n)
{
    __asm__ volatile("1:\n\t"
                     "subs %0, %0, #1\n\t"
                     "bne 1b"
                     : "+r"(n)
                     :
                     : "cc");
}

static void measure(const char *name)
{
    uint32_t start = ww_stm32h7_cycles();
    spin(100000u);
    uint32_t used = ww_stm32h7_cycles() - start;
    ww_stm32h7_uart_puts(name);
    ww_stm32h7_uart_puts(" core_hz=");
    ww_stm32h7_uart_put_u32(ww_stm32h7_core_hz());
    ww_stm32h7_uart_puts(" cycles_per_200000_instructions=");
    ww_stm32h7_uart_put_u32(used);
    ww_stm32h7_uart_puts("\r\n");
}

int main(void)
{
    uint32_t seen = 0u;
    ww_stm32h7_board_init();
    ww_stm32h7_uart_puts("ww_stm32h7_selftest\r\n");
    measure("LOW");
    ww_stm32h7_clock_set_level(WW_STM32H7_LEVEL_HIGH);
    measure("HIGH");
    ww_stm32h7_clock_set_level(WW_STM32H7_LEVEL_LOW);

    ww_stm32h7_audio_start(g_audio, SELFTEST_HALF_SAMPLES, on_half);
    for (;;)
    {
        uint32_t i;
        int32_t peak = 0;
        const int16_t *half;
        __asm__ volatile("cpsid i" ::: "memory");
        if (g_halves == seen)
        {
            __asm__ volatile("wfi");
        }
        __asm__ volatile("cpsie i" ::: "memory");
        if (g_halves == seen)
        {
            continue;
        }
        seen = g_halves;
        half = &g_audio[g_last_half * SELFTEST_HALF_SAMPLES];
        for (i = 0u; i < SELFTEST_HALF_SAMPLES; i++)
        {
            int32_t v = half[i] < 0 ? -(int32_t)half[i] : (int32_t)half[i];
            peak = v > peak ? v : peak;
        }
        ww_stm32h7_led(peak > SELFTEST_LED_LEVEL);
        if ((seen % 100u) == 0u)
        {
            ww_stm32h7_uart_puts("peak=");
            ww_stm32h7_uart_put_i32(peak);
            ww_stm32h7_uart_puts(" errors=");
            ww_stm32h7_uart_put_u32(ww_stm32h7_audio_errors());
            ww_stm32h7_uart_puts("\r\n");
        }
    }
}
