/* SysTick-based instruction counter for the QEMU boards (see ww_qemu_counter.h). */
#include "ww_qemu_counter.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

#define SYST_CSR_ENABLE (1u << 0)
#define SYST_CSR_TICKINT (1u << 1)
#define SYST_CSR_CLKSOURCE_CPU (1u << 2)
#define SYST_RELOAD 0x00FFFFFFu
#define SCB_ICSR (*(volatile uint32_t *)0xE000ED04u)
#define SCB_ICSR_PENDSTSET (1u << 26)

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
    uint32_t pending_before;
    uint32_t pending_after;
    /* The counter reloads before its interrupt is taken: a read between the two sees the new (high) count with the
     * old wrap number, 2^24 ticks short. A pending SysTick that stays pending across the read of the counter marks
     * exactly that case; a wrap or a handler run during the read is retried. */
    do
    {
        wraps = g_wraps;
        pending_before = SCB_ICSR & SCB_ICSR_PENDSTSET;
        current = SYST_CVR;
        pending_after = SCB_ICSR & SCB_ICSR_PENDSTSET;
    } while (wraps != g_wraps || pending_before != pending_after);
    if (pending_after != 0u)
    {
        wraps++;
    }
    return (uint64_t)wraps * (SYST_RELOAD + 1u) + (SYST_RELOAD - (current & SYST_RELOAD));
}

uint64_t ww_qemu_counter_instructions(void)
{
    return ww_qemu_counter_ticks() * WW_QEMU_INSTRUCTIONS_PER_TICK;
}
