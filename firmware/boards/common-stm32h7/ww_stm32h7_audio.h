/* Audio capture on STM32H7: SAI1 block A as I2S master receiver (48 kHz, 64-bit frames, left slot,
 * 16 bits from the top of each 32-bit slot, e.g. an INMP441/SPH0645 class microphone on PE5 SCK,
 * PE4 FS, PE6 SD) feeding DMA1 stream 0 in circular mode over a double buffer. The DMA interrupt calls
 * on_half(0) when the first half is full and on_half(1) for the second, while the DMA fills the other.
 * The buffer must be reachable by DMA1 (AXI SRAM or SRAM1-3, not DTCM): put it in section .bss.ww_audio. */
#ifndef WW_STM32H7_AUDIO_H
#define WW_STM32H7_AUDIO_H

#include <stdint.h>

#define WW_STM32H7_AUDIO_RATE_HZ 48000u

typedef void (*ww_stm32h7_half_fn)(uint32_t half);

/* Starts capture into buffer[2 * samples_per_half]. */
void ww_stm32h7_audio_start(int16_t *buffer, uint32_t samples_per_half, ww_stm32h7_half_fn on_half);
/* Stops the SAI and the DMA stream. */
void ww_stm32h7_audio_stop(void);
/* DMA transfer errors and SAI overruns seen so far. */
uint32_t ww_stm32h7_audio_errors(void);

#endif
