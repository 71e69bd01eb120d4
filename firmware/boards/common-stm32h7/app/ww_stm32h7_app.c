/* The WakeWord firmware on STM32H7: SAI1 + DMA feed the runtime's double buffer, the main loop runs the
 * runtime's service (front end, CRNN, detector, DVFS policy) and sleeps until the next half buffer.
 * Detections light the LED for WW_STM32H7_LED_HOPS half buffers and print a line on the UART.
 * The runtime's port hooks are implemented here: DVFS level -> clock tree, DWT -> cycle counter. */
#include <stdint.h>

#include "ww_config.h"
#include "ww_port.h"
#include "ww_runtime.h"
#include "ww_stm32h7_audio.h"
#include "ww_stm32h7_board.h"
#include "ww_stm32h7_clock.h"
#include "ww_stm32h7_regs.h"

#define WW_STM32H7_LED_HOPS 50u

static volatile uint32_t g_block_arrived;
static uint32_t g_hops;
static volatile uint32_t g_overruns;
static uint32_t g_led_hops_left;

void ww_port_set_perf_level(int32_t level)
{
    ww_stm32h7_clock_set_level(level == WW_PERF_HIGH ? WW_STM32H7_LEVEL_HIGH : WW_STM32H7_LEVEL_LOW);
}

uint32_t ww_port_cycle_count(void)
{
    return ww_stm32h7_cycles();
}

void ww_on_detection(const ww_event_t *event)
{
    (void)event;
    ww_stm32h7_led(1);
    g_led_hops_left = WW_STM32H7_LED_HOPS;
}

void ww_on_overrun(uint32_t count)
{
    g_overruns = count;
}

/* DMA interrupt: hand the half to the runtime and count it for the sleep check. */
static void on_half(uint32_t half)
{
    ww_runtime_dma_complete(half);
    g_block_arrived = 1u;
}

/* True when the DMA buffer [p, p + bytes) needs no cache maintenance: the CM4 has no data cache, and on
 * the CM7 D2 SRAM (0x30000000..0x30047FFF, section .bss.ww_audio) is non-cacheable (MPU, set at reset). */
static int32_t buffer_is_dma_safe(const void *p, uint32_t bytes)
{
#if defined(WW_STM32H7_CORE_CM4) && WW_STM32H7_CORE_CM4
    (void)p;
    (void)bytes;
    return 1;
#else
    uint32_t a = (uint32_t)(uintptr_t)p;
    return a >= 0x30000000u && a + bytes <= 0x30048000u;
#endif
}

static void disable_dcache(void)
{
#if !(defined(WW_STM32H7_CORE_CM4) && WW_STM32H7_CORE_CM4)
    uint32_t sets;
    uint32_t ways;
    uint32_t set;
    uint32_t way;
    uint32_t ccsidr;
    SCB_CSSELR = 0u;
    __asm__ volatile("dsb" ::: "memory");
    ccsidr = SCB_CCSIDR;
    sets = ((ccsidr >> 13) & 0x7FFFu) + 1u;
    ways = ((ccsidr >> 3) & 0x3FFu) + 1u;
    SCB_CCR &= ~SCB_CCR_DC;
    __asm__ volatile("dsb" ::: "memory");
    for (set = 0u; set < sets; set++)
    {
        for (way = 0u; way < ways; way++)
        {
            WW_REG(0xE000EF74u) = (set << 5) | (way << 30); /* DCCISW: clean and invalidate by set/way */
        }
    }
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
}

int main(void)
{
    int16_t *dma = ww_runtime_dma_buffer();
    ww_stm32h7_board_init();
    ww_stm32h7_uart_puts("wakeword: start\r\n");
    if (ww_runtime_init(0u) != WW_OK)
    {
        ww_stm32h7_uart_puts("wakeword: model init failed\r\n");
        for (;;)
        {
            ww_stm32h7_led(1);
        }
    }
    if (!buffer_is_dma_safe(dma, 2u * WW_AUDIO_BLOCK_SAMPLES * (uint32_t)sizeof(int16_t)))
    {
        /* The runtime's DMA buffer is not in section .bss.ww_audio: keep the DMA coherent by running
         * without the data cache (slower, still correct). */
        disable_dcache();
        ww_stm32h7_uart_puts("wakeword: DMA buffer outside D2 SRAM, D-cache off\r\n");
    }
    ww_stm32h7_audio_start(dma, WW_AUDIO_BLOCK_SAMPLES, on_half);
    for (;;)
    {
        ww_event_t ev;
        int32_t n = ww_runtime_service();
        if (n > 0)
        {
            g_hops += (uint32_t)n;
            if (g_led_hops_left > 0u && --g_led_hops_left == 0u)
            {
                ww_stm32h7_led(0);
            }
        }
        while (ww_runtime_poll_event(&ev))
        {
            ww_stm32h7_uart_puts("detection frame=");
            ww_stm32h7_uart_put_u32(ev.frame);
            ww_stm32h7_uart_puts(" score=");
            ww_stm32h7_uart_put_i32(ev.score);
            ww_stm32h7_uart_puts(" index=");
            ww_stm32h7_uart_put_u32(ev.index);
            ww_stm32h7_uart_puts("\r\n");
        }
        /* Sleep until the next DMA half unless one arrived while we were busy. */
        __asm__ volatile("cpsid i" ::: "memory");
        if (g_block_arrived == 0u)
        {
            __asm__ volatile("dsb\n\twfi" ::: "memory");
        }
        g_block_arrived = 0u;
        __asm__ volatile("cpsie i" ::: "memory");
        if (n > 0 && g_overruns != 0u && (g_hops % 1000u) == 0u)
        {
            ww_stm32h7_uart_puts("overruns=");
            ww_stm32h7_uart_put_u32(g_overruns);
            ww_stm32h7_uart_puts("\r\n");
        }
    }
}
