/* SAI1 + DMA1 double-buffer capture (see ww_stm32h7_audio.h). */
#include "ww_stm32h7_audio.h"

#include "ww_stm32h7_clock.h"
#include "ww_stm32h7_regs.h"

#define SAI_AF 6u
#define SAI_PIN_FS 4u
#define SAI_PIN_SCK 5u
#define SAI_PIN_SD 6u
/* 64-bit frames (two 32-bit slots): SCK = 64 * 48 kHz = 3.072 MHz = 49.152 MHz / 16 with NODIV. */
#define SAI_FRAME_BITS 64u
#define SAI_MCKDIV (WW_STM32H7_SAI_KERNEL_HZ / (SAI_FRAME_BITS * WW_STM32H7_AUDIO_RATE_HZ))

static ww_stm32h7_half_fn g_on_half;
static volatile uint32_t g_errors;

static void pin_af(uint32_t base, uint32_t pin, uint32_t af)
{
    GPIO_MODER(base) = (GPIO_MODER(base) & ~(3u << (2u * pin))) | (GPIO_MODE_AF << (2u * pin));
    GPIO_OSPEEDR(base) |= 2u << (2u * pin);
    GPIO_AFR(base, pin) = (GPIO_AFR(base, pin) & ~(0xFu << (4u * (pin & 7u)))) | (af << (4u * (pin & 7u)));
}

/* DMA1 reaches the D2 SRAMs at 0x30000000; the CM4 also sees them through its own alias at 0x10000000. */
static uint32_t dma_address(const void *p)
{
    uint32_t a = (uint32_t)(uintptr_t)p;
    if (a >= 0x10000000u && a < 0x10048000u)
    {
        a += 0x20000000u;
    }
    return a;
}

void ww_stm32h7_audio_start(int16_t *buffer, uint32_t samples_per_half, ww_stm32h7_half_fn on_half)
{
    g_on_half = on_half;
    g_errors = 0u;
    RCC_AHB4ENR |= RCC_AHB4ENR_GPIOEEN;
    RCC_AHB1ENR |= RCC_AHB1ENR_DMA1EN;
    RCC_APB2ENR |= RCC_APB2ENR_SAI1EN;
    RCC_AHB2ENR |= RCC_AHB2ENR_SRAM1EN | RCC_AHB2ENR_SRAM2EN | RCC_AHB2ENR_SRAM3EN;
    (void)RCC_APB2ENR;
    pin_af(GPIOE_BASE, SAI_PIN_FS, SAI_AF);
    pin_af(GPIOE_BASE, SAI_PIN_SCK, SAI_AF);
    pin_af(GPIOE_BASE, SAI_PIN_SD, SAI_AF);

    /* SAI1 block A: master receiver, 16-bit data in 32-bit slots, I2S framing (FS is the channel
     * side, one bit early, active low for the left slot), sampling on the rising SCK edge. */
    SAI1A_CR1 = 0u;
    while ((SAI1A_CR1 & SAI_CR1_SAIEN) != 0u)
    {
    }
    SAI1A_CR2 = SAI_CR2_FFLUSH | SAI_CR2_FTH_HALF;
    SAI1A_FRCR = (SAI_FRAME_BITS - 1u) | ((SAI_FRAME_BITS / 2u - 1u) << 8) | SAI_FRCR_FSDEF | SAI_FRCR_FSOFF;
    SAI1A_SLOTR = SAI_SLOTR_SLOTSZ_32 | (1u << 8) /* NBSLOT = 2 */ | (1u << 16) /* slot 0 only */;
    SAI1A_CLRFR = 0x7Fu;
    SAI1A_CR1 = SAI_CR1_MODE_MASTER_RX | SAI_CR1_DS_16BIT | SAI_CR1_CKSTR | SAI_CR1_NODIV |
                (SAI_MCKDIV << SAI_CR1_MCKDIV_SHIFT) | SAI_CR1_DMAEN;

    /* DMA1 stream 0: SAI1_A data register -> buffer, 16-bit, circular, half and full interrupts. */
    DMA1_S0CR = 0u;
    while ((DMA1_S0CR & DMA_SCR_EN) != 0u)
    {
    }
    DMA1_LIFCR = DMA_LIFCR_STREAM0_ALL;
    DMAMUX1_C0CR = DMAMUX_REQ_SAI1_A;
    DMA1_S0PAR = SAI1A_DR_ADDR;
    DMA1_S0M0AR = dma_address(buffer);
    DMA1_S0NDTR = 2u * samples_per_half;
    DMA1_S0FCR = 0u; /* direct mode */
    DMA1_S0CR = DMA_SCR_PL_HIGH | DMA_SCR_MSIZE_16 | DMA_SCR_PSIZE_16 | DMA_SCR_MINC | DMA_SCR_CIRC |
                DMA_SCR_TCIE | DMA_SCR_HTIE | DMA_SCR_TEIE;
    NVIC_IPR_BYTE(DMA1_STREAM0_IRQN) = 0x40u;
    NVIC_ISER(DMA1_STREAM0_IRQN / 32u) = 1u << (DMA1_STREAM0_IRQN % 32u);
    DMA1_S0CR |= DMA_SCR_EN;
    SAI1A_CR1 |= SAI_CR1_SAIEN;
}

void ww_stm32h7_audio_stop(void)
{
    SAI1A_CR1 &= ~(SAI_CR1_SAIEN | SAI_CR1_DMAEN);
    DMA1_S0CR &= ~DMA_SCR_EN;
}

uint32_t ww_stm32h7_audio_errors(void)
{
    return g_errors;
}

void DMA1_Stream0_IRQHandler(void)
{
    uint32_t flags = DMA1_LISR;
    DMA1_LIFCR = flags & DMA_LIFCR_STREAM0_ALL;
    if ((flags & DMA_LISR_TEIF0) != 0u || (SAI1A_SR & SAI_SR_OVRUDR) != 0u)
    {
        SAI1A_CLRFR = SAI_SR_OVRUDR;
        g_errors++;
    }
    if ((flags & DMA_LISR_HTIF0) != 0u && g_on_half != 0)
    {
        g_on_half(0u);
    }
    if ((flags & DMA_LISR_TCIF0) != 0u && g_on_half != 0)
    {
        g_on_half(1u);
    }
}
