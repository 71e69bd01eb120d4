/* Reset and vector table for the QEMU MPS2 boards (mps2-an386 Cortex-M4F, mps2-an500 Cortex-M7).
 * Reset copies .data, clears .bss, enables the FPU, builds argv from the semihosting command line,
 * calls main and hands its return value to QEMU as the exit code. */
#include <stdint.h>
#include <string.h>

#include "ww_semihost.h"
#include "ww_startup_init.h"

#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)
#define SCB_VTOR (*(volatile uint32_t *)0xE000ED08u)
#define SCB_CCR (*(volatile uint32_t *)0xE000ED14u)
#define SCB_CCR_DIV_0_TRP (1u << 4)

#define WW_QEMU_MAX_ARGS 16
#define WW_QEMU_CMDLINE_BYTES 1024

extern uint32_t __data_load__;
extern uint32_t __data_start__;
extern uint32_t __data_end__;
extern uint32_t __bss_start__;
extern uint32_t __bss_end__;
extern uint32_t __stack_top__;

int main(int argc, char **argv);
void Reset_Handler(void);
void Default_Handler(void);
void HardFault_Handler(void);
void NMI_Handler(void) __attribute__((weak, alias("Default_Handler")));
void MemManage_Handler(void) __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));

typedef void (*ww_vector_t)(void);

__attribute__((section(".isr_vector"), used)) static const ww_vector_t g_vectors[16 + 32] = {
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
    /* 32 device interrupts, none used */
    Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler,
};

static char g_cmdline[WW_QEMU_CMDLINE_BYTES];
static char *g_argv[WW_QEMU_MAX_ARGS + 1];

/* Splits the command line at spaces (QEMU joins its arg= values with single spaces). */
static int split_cmdline(char *line)
{
    int argc = 0;
    char *p = line;
    while (*p != '\0' && argc < WW_QEMU_MAX_ARGS)
    {
        while (*p == ' ')
        {
            *p++ = '\0';
        }
        if (*p == '\0')
        {
            break;
        }
        g_argv[argc++] = p;
        while (*p != '\0' && *p != ' ')
        {
            p++;
        }
    }
    g_argv[argc] = 0;
    return argc;
}

void Reset_Handler(void)
{
    int argc;
    ww_startup_copy_words(&__data_start__, &__data_end__, &__data_load__);
    ww_startup_zero_words(&__bss_start__, &__bss_end__);
    SCB_VTOR = (uint32_t)(uintptr_t)g_vectors;
    SCB_CPACR |= (0xFu << 20); /* CP10 and CP11 full access: the FPU */
    SCB_CCR |= SCB_CCR_DIV_0_TRP;
    __asm__ volatile("dsb\n\tisb" ::: "memory");

    argc = 0;
    if (ww_semihost_cmdline(g_cmdline, sizeof(g_cmdline)) >= 0)
    {
        argc = split_cmdline(g_cmdline);
    }
    ww_semihost_exit(main(argc, g_argv) & 0xFF);
}

void HardFault_Handler(void)
{
    ww_semihost_puts("ww: hard fault\n");
    ww_semihost_exit(255);
}

void Default_Handler(void)
{
    ww_semihost_puts("ww: unexpected interrupt\n");
    ww_semihost_exit(254);
}
