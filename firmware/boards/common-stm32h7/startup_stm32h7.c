/* Reset and vector table for the STM32H7 images (CM7 of the H743, CM4 of the H745/H747). Reset enables
 * the FPU and the D2 SRAMs, copies .data, clears .bss, the DTCM/arena and audio sections, on the CM7
 * turns on the caches with SRAM1-3 (the DMA buffers) non-cacheable through the MPU, then calls main. */
#include <stdint.h>

#include "ww_startup_init.h"
#include "ww_stm32h7_regs.h"

#define WW_STM32H7_IRQ_COUNT 150u

extern uint32_t __data_load__;
extern uint32_t __data_start__;
extern uint32_t __data_end__;
extern uint32_t __bss_start__;
extern uint32_t __bss_end__;
extern uint32_t __fast_bss_start__;
extern uint32_t __fast_bss_end__;
extern uint32_t __audio_start__;
extern uint32_t __audio_end__;
extern uint32_t __stack_top__;

int main(void);
void Reset_Handler(void);
void Default_Handler(void);
void NMI_Handler(void) __attribute__((weak, alias("Default_Handler")));
void HardFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void MemManage_Handler(void) __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));
void DMA1_Stream0_IRQHandler(void) __attribute__((weak, alias("Default_Handler")));

typedef void (*ww_vector_t)(void);

#define DEFAULT4 Default_Handler, Default_Handler, Default_Handler, Default_Handler
#define DEFAULT16 DEFAULT4, DEFAULT4, DEFAULT4, DEFAULT4

__attribute__((section(".isr_vector"), used)) static const ww_vector_t g_vectors[16u + WW_STM32H7_IRQ_COUNT] = {
    (ww_vector_t)(uintptr_t)&__stack_top__,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0, 0, 0, 0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
    /* IRQ 0..10 */
    DEFAULT4, DEFAULT4, Default_Handler, Default_Handler, Default_Handler,
    /* IRQ 11: DMA1 stream 0 (audio) */
    DMA1_Stream0_IRQHandler,
    /* IRQ 12..149 */
    DEFAULT16, DEFAULT16, DEFAULT16, DEFAULT16, DEFAULT16, DEFAULT16, DEFAULT16, DEFAULT16,
    DEFAULT4, DEFAULT4, Default_Handler, Default_Handler,
};

#if !(defined(WW_STM32H7_CORE_CM4) && WW_STM32H7_CORE_CM4)
/* CM7: SRAM1-3 (DMA buffers) normal non-cacheable, then I- and D-cache on. */
static void enable_caches(void)
{
    uint32_t sets;
    uint32_t ways;
    uint32_t set;
    uint32_t way;
    uint32_t ccsidr;
    MPU_RNR = 0u;
    MPU_RBAR = 0x30000000u;
    /* XN, AP = full access, TEX = 1 C = 0 B = 0 (normal, non-cacheable), SIZE = 2^(18+1) = 512 KB, enable */
    MPU_RASR = (1u << 28) | (3u << 24) | (1u << 19) | (18u << 1) | 1u;
    MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
    __asm__ volatile("dsb\n\tisb" ::: "memory");

    SCB_ICIALLU = 0u;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    SCB_CCR |= SCB_CCR_IC;

    SCB_CSSELR = 0u; /* level 1 data cache */
    __asm__ volatile("dsb" ::: "memory");
    ccsidr = SCB_CCSIDR;
    sets = ((ccsidr >> 13) & 0x7FFFu) + 1u;
    ways = ((ccsidr >> 3) & 0x3FFu) + 1u;
    for (set = 0u; set < sets; set++)
    {
        for (way = 0u; way < ways; way++)
        {
            SCB_DCISW = (set << 5) | (way << 30); /* 32-byte lines, 4 ways on the Cortex-M7 */
        }
    }
    __asm__ volatile("dsb" ::: "memory");
    SCB_CCR |= SCB_CCR_DC;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
}
#endif

void Reset_Handler(void)
{
    SCB_CPACR |= (0xFu << 20); /* CP10, CP11: FPU */
    RCC_AHB2ENR |= RCC_AHB2ENR_SRAM1EN | RCC_AHB2ENR_SRAM2EN | RCC_AHB2ENR_SRAM3EN;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    ww_startup_copy_words(&__data_start__, &__data_end__, &__data_load__);
    ww_startup_zero_words(&__bss_start__, &__bss_end__);
    ww_startup_zero_words(&__fast_bss_start__, &__fast_bss_end__);
    ww_startup_zero_words(&__audio_start__, &__audio_end__);
    SCB_VTOR = (uint32_t)(uintptr_t)g_vectors;
#if !(defined(WW_STM32H7_CORE_CM4) && WW_STM32H7_CORE_CM4)
    enable_caches();
#endif
    (void)main();
    for (;;)
    {
        __asm__ volatile("wfi");
    }
}

void Default_Handler(void)
{
    for (;;)
    {
    }
}
