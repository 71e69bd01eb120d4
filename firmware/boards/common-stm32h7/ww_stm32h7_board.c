/* STM32H7 board services (see ww_stm32h7_board.h). */
#include "ww_stm32h7_board.h"

#include "ww_stm32h7_clock.h"
#include "ww_stm32h7_regs.h"

#define LED_PIN 0u
#define UART_TX_PIN 8u
#define UART_AF 7u

void ww_stm32h7_board_init(void)
{
    ww_stm32h7_clock_init();

    DEMCR |= DEMCR_TRCENA;
    DWT_LAR = DWT_LAR_UNLOCK; /* the CM7's DWT is locked after reset; harmless on the CM4 */
    DWT_CYCCNT = 0u;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;

    RCC_AHB4ENR |= RCC_AHB4ENR_GPIOBEN | RCC_AHB4ENR_GPIODEN;
    RCC_APB1LENR |= RCC_APB1LENR_USART3EN;
    (void)RCC_APB1LENR;
    GPIO_MODER(GPIOB_BASE) = (GPIO_MODER(GPIOB_BASE) & ~(3u << (2u * LED_PIN))) | (GPIO_MODE_OUTPUT << (2u * LED_PIN));
    ww_stm32h7_led(0);

    GPIO_MODER(GPIOD_BASE) = (GPIO_MODER(GPIOD_BASE) & ~(3u << (2u * UART_TX_PIN))) | (GPIO_MODE_AF << (2u * UART_TX_PIN));
    GPIO_AFR(GPIOD_BASE, UART_TX_PIN) = (GPIO_AFR(GPIOD_BASE, UART_TX_PIN) & ~(0xFu << (4u * (UART_TX_PIN & 7u)))) |
                                        (UART_AF << (4u * (UART_TX_PIN & 7u)));
    USART_CR1(USART3_BASE) = 0u;
    USART_BRR(USART3_BASE) = (WW_STM32H7_HSI_HZ + WW_STM32H7_UART_BAUD / 2u) / WW_STM32H7_UART_BAUD;
    USART_CR1(USART3_BASE) = USART_CR1_TE | USART_CR1_UE;
}

uint32_t ww_stm32h7_cycles(void)
{
    return DWT_CYCCNT;
}

void ww_stm32h7_led(int32_t on)
{
    GPIO_BSRR(GPIOB_BASE) = on != 0 ? (1u << LED_PIN) : (1u << (LED_PIN + 16u));
}

void ww_stm32h7_uart_puts(const char *s)
{
    for (; *s != '\0'; s++)
    {
        while ((USART_ISR(USART3_BASE) & USART_ISR_TXE) == 0u)
        {
        }
        USART_TDR(USART3_BASE) = (uint8_t)*s;
    }
}

void ww_stm32h7_uart_put_u32(uint32_t v)
{
    char text[11];
    uint32_t i = sizeof(text) - 1u;
    text[i] = '\0';
    do
    {
        text[--i] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0u);
    ww_stm32h7_uart_puts(&text[i]);
}

void ww_stm32h7_uart_put_i32(int32_t v)
{
    if (v < 0)
    {
        ww_stm32h7_uart_puts("-");
        ww_stm32h7_uart_put_u32(0u - (uint32_t)v);
    }
    else
    {
        ww_stm32h7_uart_put_u32((uint32_t)v);
    }
}
