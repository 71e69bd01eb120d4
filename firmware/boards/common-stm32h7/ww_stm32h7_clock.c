/* STM32H7 clock tree and DVFS levels (see ww_stm32h7_clock.h). The sequences follow RM0433/RM0399
 * "Power control" and "RCC": raise the voltage and the flash wait states before the clock, lower them
 * after it. */
#include "ww_stm32h7_clock.h"

#include "ww_stm32h7_regs.h"

#if defined(WW_STM32H7_SUPPLY_SMPS) && WW_STM32H7_SUPPLY_SMPS
#define HIGH_PLL1_N 50u
#define HIGH_USES_OVERDRIVE 0
#define HIGH_FLASH_LATENCY 3u /* AXI 200 MHz at VOS1: 185..210 MHz band */
#define SUPPLY_BITS PWR_CR3_SDEN
#else
#define HIGH_PLL1_N 60u
#define HIGH_USES_OVERDRIVE 1
#define HIGH_FLASH_LATENCY 4u /* AXI 240 MHz at VOS0 */
#define SUPPLY_BITS PWR_CR3_LDOEN
#endif
#define HIGH_FLASH_WRHIGHFREQ 2u
#define LOW_FLASH_LATENCY 1u    /* AXI 64 MHz at VOS3: 45..90 MHz band */
#define LOW_FLASH_WRHIGHFREQ 1u

static int32_t g_level = -1;

static void wait_set(const volatile uint32_t *reg, uint32_t mask)
{
    while ((*reg & mask) != mask)
    {
    }
}

static void set_flash(uint32_t latency, uint32_t wrhighfreq)
{
    FLASH_ACR = (FLASH_ACR & ~(FLASH_ACR_LATENCY_MASK | FLASH_ACR_WRHIGHFREQ_MASK)) | latency |
                (wrhighfreq << FLASH_ACR_WRHIGHFREQ_SHIFT);
    while ((FLASH_ACR & FLASH_ACR_LATENCY_MASK) != latency)
    {
    }
}

static void set_vos(uint32_t vos)
{
    PWR_D3CR = (PWR_D3CR & ~PWR_D3CR_VOS_MASK) | (vos << PWR_D3CR_VOS_SHIFT);
    wait_set(&PWR_D3CR, PWR_D3CR_VOSRDY);
}

static void switch_sysclk(uint32_t sw)
{
    RCC_CFGR = (RCC_CFGR & ~RCC_CFGR_SW_MASK) | sw;
    while (((RCC_CFGR >> RCC_CFGR_SWS_SHIFT) & RCC_CFGR_SW_MASK) != sw)
    {
    }
}

void ww_stm32h7_clock_init(void)
{
    /* The supply configuration can be written once after reset; wait until the regulator is ready. */
    PWR_CR3 = (PWR_CR3 & ~(PWR_CR3_BYPASS | PWR_CR3_LDOEN | PWR_CR3_SDEN)) | SUPPLY_BITS;
    wait_set(&PWR_CSR1, PWR_CSR1_ACTVOSRDY);
    RCC_APB4ENR |= RCC_APB4ENR_SYSCFGEN;

    /* HSI at 64 MHz (HSIDIV = 1) is sys_ck after reset; keep it on as the PLL and UART source. */
    RCC_CR = (RCC_CR & ~RCC_CR_HSIDIV_MASK) | RCC_CR_HSION;
    wait_set(&RCC_CR, RCC_CR_HSIRDY);

    /* APB buses at half of AHB at both levels. */
    RCC_D1CFGR = (RCC_D1CFGR & ~(0x7u << 4)) | RCC_D1CFGR_D1PPRE_DIV2;
    RCC_D2CFGR = RCC_D2CFGR_D2PPRE1_DIV2 | RCC_D2CFGR_D2PPRE2_DIV2;
    RCC_D3CFGR = RCC_D3CFGR_D3PPRE_DIV2;

    /* PLL source HSI; PLL1 ref 64/4 = 16 MHz, PLL2 ref 64/8 = 8 MHz, both in the 8..16 MHz range. */
    RCC_PLLCKSELR = RCC_PLLCKSELR_PLLSRC_HSI | (4u << RCC_PLLCKSELR_DIVM1_SHIFT) | (8u << RCC_PLLCKSELR_DIVM2_SHIFT);
    /* PLL2: 8 MHz * (49 + 1245/8192) = 393.216 MHz VCO (medium range), P = 8 -> 49.152 MHz for SAI1. */
    RCC_PLLCFGR = (RCC_PLL_RANGE_8_16MHZ << RCC_PLLCFGR_PLL1RGE_SHIFT) | RCC_PLLCFGR_DIVP1EN | RCC_PLLCFGR_DIVQ1EN |
                  RCC_PLLCFGR_DIVR1EN | (RCC_PLL_RANGE_8_16MHZ << RCC_PLLCFGR_PLL2RGE_SHIFT) |
                  RCC_PLLCFGR_PLL2VCOSEL_MEDIUM | RCC_PLLCFGR_DIVP2EN;
    RCC_PLL2DIVR = RCC_PLLDIVR(49u, 8u, 8u, 8u);
    RCC_PLL2FRACR = 1245u << 3;
    RCC_PLLCFGR |= RCC_PLLCFGR_PLL2FRACEN;
    RCC_CR |= RCC_CR_PLL2ON;
    wait_set(&RCC_CR, RCC_CR_PLL2RDY);
    RCC_D2CCIP1R = (RCC_D2CCIP1R & ~RCC_D2CCIP1R_SAI1SEL_MASK) | RCC_D2CCIP1R_SAI1SEL_PLL2P;
    RCC_D2CCIP2R = (RCC_D2CCIP2R & ~RCC_D2CCIP2R_USART234578SEL_MASK) | RCC_D2CCIP2R_USART234578SEL_HSI;

    /* PLL1: 16 MHz * N, P = 2 -> sys_ck; Q = 4, R = 2. Configured now, switched on by the HIGH level. */
    RCC_PLL1DIVR = RCC_PLLDIVR(HIGH_PLL1_N, 2u, 4u, 2u);

    g_level = -1;
    ww_stm32h7_clock_set_level(WW_STM32H7_LEVEL_LOW);
}

void ww_stm32h7_clock_set_level(int32_t level)
{
    if (level == g_level)
    {
        return;
    }
    if (level == WW_STM32H7_LEVEL_HIGH)
    {
        set_vos(PWR_VOS1);
#if HIGH_USES_OVERDRIVE
        SYSCFG_PWRCR |= SYSCFG_PWRCR_ODEN;
        wait_set(&PWR_D3CR, PWR_D3CR_VOSRDY);
#endif
        set_flash(HIGH_FLASH_LATENCY, HIGH_FLASH_WRHIGHFREQ);
        RCC_CR |= RCC_CR_PLL1ON;
        wait_set(&RCC_CR, RCC_CR_PLL1RDY);
        /* AHB = sys_ck / 2 before sys_ck rises, so no bus ever runs above its limit. */
        RCC_D1CFGR = (RCC_D1CFGR & ~(RCC_D1CFGR_HPRE_MASK | RCC_D1CFGR_D1CPRE_MASK)) | RCC_D1CFGR_HPRE_DIV2;
        switch_sysclk(RCC_CFGR_SW_PLL1);
    }
    else
    {
        switch_sysclk(RCC_CFGR_SW_HSI);
        RCC_D1CFGR = RCC_D1CFGR & ~(RCC_D1CFGR_HPRE_MASK | RCC_D1CFGR_D1CPRE_MASK); /* AHB = 64 MHz */
        RCC_CR &= ~RCC_CR_PLL1ON;
        set_flash(LOW_FLASH_LATENCY, LOW_FLASH_WRHIGHFREQ);
        SYSCFG_PWRCR &= ~SYSCFG_PWRCR_ODEN;
        set_vos(PWR_VOS3);
        level = WW_STM32H7_LEVEL_LOW;
    }
    g_level = level;
}

int32_t ww_stm32h7_clock_level(void)
{
    return g_level;
}

uint32_t ww_stm32h7_core_hz(void)
{
    if (g_level != WW_STM32H7_LEVEL_HIGH)
    {
        return WW_STM32H7_HSI_HZ;
    }
#if defined(WW_STM32H7_CORE_CM4) && WW_STM32H7_CORE_CM4
    return WW_STM32H7_HIGH_SYSCLK_HZ / 2u; /* the CM4 runs at the AHB clock */
#else
    return WW_STM32H7_HIGH_SYSCLK_HZ;
#endif
}
