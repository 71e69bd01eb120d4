/* The few STM32H7 (RM0433 H743, RM0399 H745/H747) and Armv7-M registers the boards use, written out by
 * hand: no vendor HAL or device header. Addresses and bit positions are from the reference manuals;
 * each block lists only the fields the board code touches. */
#ifndef WW_STM32H7_REGS_H
#define WW_STM32H7_REGS_H

#include <stdint.h>

#define WW_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* ---- Armv7-M system control -------------------------------------------------------------------- */
#define SCB_VTOR WW_REG(0xE000ED08u)
#define SCB_CCR WW_REG(0xE000ED14u)
#define SCB_CCR_IC (1u << 17)
#define SCB_CCR_DC (1u << 16)
#define SCB_CPACR WW_REG(0xE000ED88u)
#define SCB_CLIDR WW_REG(0xE000ED78u)
#define SCB_CCSIDR WW_REG(0xE000ED80u)
#define SCB_CSSELR WW_REG(0xE000ED84u)
#define SCB_ICIALLU WW_REG(0xE000EF50u)
#define SCB_DCISW WW_REG(0xE000EF60u)

#define MPU_CTRL WW_REG(0xE000ED94u)
#define MPU_RNR WW_REG(0xE000ED98u)
#define MPU_RBAR WW_REG(0xE000ED9Cu)
#define MPU_RASR WW_REG(0xE000EDA0u)
#define MPU_CTRL_ENABLE (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)

#define NVIC_ISER(n) WW_REG(0xE000E100u + 4u * (n))
#define NVIC_IPR_BYTE(irq) (*(volatile uint8_t *)(uintptr_t)(0xE000E400u + (irq)))

#define DEMCR WW_REG(0xE000EDFCu)
#define DEMCR_TRCENA (1u << 24)
#define DWT_CTRL WW_REG(0xE0001000u)
#define DWT_CTRL_CYCCNTENA (1u << 0)
#define DWT_CYCCNT WW_REG(0xE0001004u)
#define DWT_LAR WW_REG(0xE0001FB0u)
#define DWT_LAR_UNLOCK 0xC5ACCE55u

/* ---- Flash interface ---------------------------------------------------------------------------- */
#define FLASH_ACR WW_REG(0x52002000u)
#define FLASH_ACR_LATENCY_MASK 0xFu
#define FLASH_ACR_WRHIGHFREQ_SHIFT 4u
#define FLASH_ACR_WRHIGHFREQ_MASK (3u << 4)

/* ---- PWR ---------------------------------------------------------------------------------------- */
#define PWR_BASE 0x58024800u
#define PWR_CSR1 WW_REG(PWR_BASE + 0x04u)
#define PWR_CSR1_ACTVOSRDY (1u << 13)
#define PWR_CR3 WW_REG(PWR_BASE + 0x0Cu)
#define PWR_CR3_BYPASS (1u << 0)
#define PWR_CR3_LDOEN (1u << 1)
#define PWR_CR3_SDEN (1u << 2) /* H745/H747: SMPS step-down converter enable (SCUEN on the H743) */
#define PWR_D3CR WW_REG(PWR_BASE + 0x18u)
#define PWR_D3CR_VOSRDY (1u << 13)
#define PWR_D3CR_VOS_SHIFT 14u
#define PWR_D3CR_VOS_MASK (3u << 14)
#define PWR_VOS3 1u
#define PWR_VOS2 2u
#define PWR_VOS1 3u

#define SYSCFG_PWRCR WW_REG(0x5800042Cu)
#define SYSCFG_PWRCR_ODEN (1u << 0) /* overdrive: VOS1 -> VOS0 */

/* ---- RCC ---------------------------------------------------------------------------------------- */
#define RCC_BASE 0x58024400u
#define RCC_CR WW_REG(RCC_BASE + 0x00u)
#define RCC_CR_HSION (1u << 0)
#define RCC_CR_HSIRDY (1u << 2)
#define RCC_CR_HSIDIV_MASK (3u << 3)
#define RCC_CR_PLL1ON (1u << 24)
#define RCC_CR_PLL1RDY (1u << 25)
#define RCC_CR_PLL2ON (1u << 26)
#define RCC_CR_PLL2RDY (1u << 27)
#define RCC_CFGR WW_REG(RCC_BASE + 0x10u)
#define RCC_CFGR_SW_MASK 7u
#define RCC_CFGR_SWS_SHIFT 3u
#define RCC_CFGR_SW_HSI 0u
#define RCC_CFGR_SW_PLL1 3u
#define RCC_D1CFGR WW_REG(RCC_BASE + 0x18u)
#define RCC_D1CFGR_HPRE_DIV2 (8u << 0)
#define RCC_D1CFGR_HPRE_MASK (0xFu << 0)
#define RCC_D1CFGR_D1PPRE_DIV2 (4u << 4)
#define RCC_D1CFGR_D1CPRE_MASK (0xFu << 8)
#define RCC_D2CFGR WW_REG(RCC_BASE + 0x1Cu)
#define RCC_D2CFGR_D2PPRE1_DIV2 (4u << 4)
#define RCC_D2CFGR_D2PPRE2_DIV2 (4u << 8)
#define RCC_D3CFGR WW_REG(RCC_BASE + 0x20u)
#define RCC_D3CFGR_D3PPRE_DIV2 (4u << 4)
#define RCC_PLLCKSELR WW_REG(RCC_BASE + 0x28u)
#define RCC_PLLCKSELR_PLLSRC_HSI 0u
#define RCC_PLLCKSELR_DIVM1_SHIFT 4u
#define RCC_PLLCKSELR_DIVM2_SHIFT 12u
#define RCC_PLLCFGR WW_REG(RCC_BASE + 0x2Cu)
#define RCC_PLLCFGR_PLL1RGE_SHIFT 2u
#define RCC_PLLCFGR_PLL2FRACEN (1u << 4)
#define RCC_PLLCFGR_PLL2VCOSEL_MEDIUM (1u << 5)
#define RCC_PLLCFGR_PLL2RGE_SHIFT 6u
#define RCC_PLLCFGR_DIVP1EN (1u << 16)
#define RCC_PLLCFGR_DIVQ1EN (1u << 17)
#define RCC_PLLCFGR_DIVR1EN (1u << 18)
#define RCC_PLLCFGR_DIVP2EN (1u << 19)
#define RCC_PLL_RANGE_8_16MHZ 3u
#define RCC_PLL1DIVR WW_REG(RCC_BASE + 0x30u)
#define RCC_PLL2DIVR WW_REG(RCC_BASE + 0x38u)
#define RCC_PLL2FRACR WW_REG(RCC_BASE + 0x3Cu)
#define RCC_PLLDIVR(n, p, q, r) (((uint32_t)(n) - 1u) | (((uint32_t)(p) - 1u) << 9) | (((uint32_t)(q) - 1u) << 16) | (((uint32_t)(r) - 1u) << 24))
#define RCC_D2CCIP1R WW_REG(RCC_BASE + 0x50u)
#define RCC_D2CCIP1R_SAI1SEL_MASK 7u
#define RCC_D2CCIP1R_SAI1SEL_PLL2P 1u
#define RCC_D2CCIP2R WW_REG(RCC_BASE + 0x54u)
#define RCC_D2CCIP2R_USART234578SEL_MASK 7u
#define RCC_D2CCIP2R_USART234578SEL_HSI 3u
/* Clock enables: at these offsets each core reaches its own enable set (RCC_C1_* / RCC_C2_* on the dual-core parts). */
#define RCC_AHB1ENR WW_REG(RCC_BASE + 0xD8u)
#define RCC_AHB1ENR_DMA1EN (1u << 0)
#define RCC_AHB2ENR WW_REG(RCC_BASE + 0xDCu)
#define RCC_AHB2ENR_SRAM1EN (1u << 29)
#define RCC_AHB2ENR_SRAM2EN (1u << 30)
#define RCC_AHB2ENR_SRAM3EN (1u << 31)
#define RCC_AHB4ENR WW_REG(RCC_BASE + 0xE0u)
#define RCC_AHB4ENR_GPIOBEN (1u << 1)
#define RCC_AHB4ENR_GPIODEN (1u << 3)
#define RCC_AHB4ENR_GPIOEEN (1u << 4)
#define RCC_APB1LENR WW_REG(RCC_BASE + 0xE8u)
#define RCC_APB1LENR_USART3EN (1u << 18)
#define RCC_APB2ENR WW_REG(RCC_BASE + 0xF0u)
#define RCC_APB2ENR_SAI1EN (1u << 22)
#define RCC_APB4ENR WW_REG(RCC_BASE + 0xF4u)
#define RCC_APB4ENR_SYSCFGEN (1u << 1)

/* ---- GPIO --------------------------------------------------------------------------------------- */
#define GPIOB_BASE 0x58020400u
#define GPIOD_BASE 0x58020C00u
#define GPIOE_BASE 0x58021000u
#define GPIO_MODER(base) WW_REG((base) + 0x00u)
#define GPIO_OSPEEDR(base) WW_REG((base) + 0x08u)
#define GPIO_ODR(base) WW_REG((base) + 0x14u)
#define GPIO_BSRR(base) WW_REG((base) + 0x18u)
#define GPIO_AFR(base, pin) WW_REG((base) + 0x20u + 4u * ((pin) >> 3))
#define GPIO_MODE_OUTPUT 1u
#define GPIO_MODE_AF 2u

/* ---- USART3 (ST-LINK virtual COM port on the Nucleo-144 boards: PD8 TX, PD9 RX, AF7) ------------ */
#define USART3_BASE 0x40004800u
#define USART_CR1(base) WW_REG((base) + 0x00u)
#define USART_CR1_UE (1u << 0)
#define USART_CR1_TE (1u << 3)
#define USART_BRR(base) WW_REG((base) + 0x0Cu)
#define USART_ISR(base) WW_REG((base) + 0x1Cu)
#define USART_ISR_TXE (1u << 7)
#define USART_TDR(base) WW_REG((base) + 0x28u)

/* ---- SAI1 block A ------------------------------------------------------------------------------- */
#define SAI1_BASE 0x40015800u
#define SAI1A_CR1 WW_REG(SAI1_BASE + 0x04u)
#define SAI_CR1_MODE_MASTER_RX (1u << 0)
#define SAI_CR1_DS_16BIT (4u << 5)
#define SAI_CR1_CKSTR (1u << 9)
#define SAI_CR1_SAIEN (1u << 16)
#define SAI_CR1_DMAEN (1u << 17)
#define SAI_CR1_NODIV (1u << 19)
#define SAI_CR1_MCKDIV_SHIFT 20u
#define SAI1A_CR2 WW_REG(SAI1_BASE + 0x08u)
#define SAI_CR2_FTH_HALF (2u << 0)
#define SAI_CR2_FFLUSH (1u << 3)
#define SAI1A_FRCR WW_REG(SAI1_BASE + 0x0Cu)
#define SAI_FRCR_FSDEF (1u << 16)
#define SAI_FRCR_FSOFF (1u << 18)
#define SAI1A_SLOTR WW_REG(SAI1_BASE + 0x10u)
#define SAI_SLOTR_SLOTSZ_32 (2u << 6)
#define SAI1A_SR WW_REG(SAI1_BASE + 0x18u)
#define SAI_SR_OVRUDR (1u << 0)
#define SAI1A_CLRFR WW_REG(SAI1_BASE + 0x1Cu)
#define SAI1A_DR_ADDR (SAI1_BASE + 0x20u)

/* ---- DMA1 stream 0 and DMAMUX1 channel 0 -------------------------------------------------------- */
#define DMA1_BASE 0x40020000u
#define DMA1_LISR WW_REG(DMA1_BASE + 0x00u)
#define DMA1_LIFCR WW_REG(DMA1_BASE + 0x08u)
#define DMA_LISR_TEIF0 (1u << 3)
#define DMA_LISR_HTIF0 (1u << 4)
#define DMA_LISR_TCIF0 (1u << 5)
#define DMA_LIFCR_STREAM0_ALL 0x3Du
#define DMA1_S0CR WW_REG(DMA1_BASE + 0x10u)
#define DMA_SCR_EN (1u << 0)
#define DMA_SCR_TEIE (1u << 2)
#define DMA_SCR_HTIE (1u << 3)
#define DMA_SCR_TCIE (1u << 4)
#define DMA_SCR_CIRC (1u << 8)
#define DMA_SCR_MINC (1u << 10)
#define DMA_SCR_PSIZE_16 (1u << 11)
#define DMA_SCR_MSIZE_16 (1u << 13)
#define DMA_SCR_PL_HIGH (2u << 16)
#define DMA1_S0NDTR WW_REG(DMA1_BASE + 0x14u)
#define DMA1_S0PAR WW_REG(DMA1_BASE + 0x18u)
#define DMA1_S0M0AR WW_REG(DMA1_BASE + 0x1Cu)
#define DMA1_S0FCR WW_REG(DMA1_BASE + 0x24u)
#define DMAMUX1_C0CR WW_REG(0x40020800u)
#define DMAMUX_REQ_SAI1_A 87u
#define DMA1_STREAM0_IRQN 11u

#endif
