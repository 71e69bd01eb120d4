/* SysTick-based instruction counter for the QEMU boards (see ww_qemu_counter.h). */
#include "ww_qemu_counter.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

#define SYST_CSR_ENABLE (1u << 0)
#define SYST_CSR_TICKINT (1u << 1)
#define SYST_CSR_CLKSOURCE_CPU (1u << 2)
#define SYST_RELOAD 0x00FFFFFFu

static volatile uint32_t g_wraps;

void SysTick_Handler(void)
{
    g_wraps++;
}

void ww_qemu_counter_start(void)
{
    SYST_CSR = 0u;
    g_wraps = 0u;
    SYST_RVR = SYST_RELOAD;
    SYST_CVR = 0u; /* any write clears the counter; it reloads on the next tick */
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE_CPU;
    /* The cleared counter reads 0 until its first reload; count from there. */
    while (SYST_CVR == 0u)
    {
    }
    g_wraps = 0u;
}

uint64_t ww_qemu_counter_ticks(void)
{
    uint32_t wraps;
    uint32_t current;
    do
    {
        wraps = g_wraps;
        current = SYST_CVR;
    } while (wraps != g_wraps);
    return (uint64_t)wraps * (SYST_RELOAD + 1u) + (SYST_RELOAD - (current & SYST_RELOAD));
}

uint64_t ww_qemu_counter_instructions(void)
{
    return ww_qemu_counter_ticks() * WW_QEMU_INSTRUCTIONS_PER_TICK;
}
