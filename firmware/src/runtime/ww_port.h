/*
 * Hooks a board or application implements. Each has a weak no-op default in ww_port.c, so a board
 * overrides only what it has (a clock switch, a cycle counter, a trace sink).
 */
#ifndef WW_PORT_H
#define WW_PORT_H

#include <stdint.h>

#include "ww_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Switch the core clock / voltage: WW_PERF_LOW or WW_PERF_HIGH. */
void ww_port_set_perf_level(int32_t level);
/* A free-running cycle counter (DWT CYCCNT on Cortex-M); 0 when the board has none. */
uint32_t ww_port_cycle_count(void);
/* Called from the service loop for each detection (e.g. wake the camera). */
void ww_on_detection(const ww_event_t *event);
/* Called from the DMA interrupt when an audio block was lost; count is the total so far. */
void ww_on_overrun(uint32_t count);
/* Receives trace bytes (a file on the PC, semihosting under QEMU); the default drops them. */
void ww_port_trace_write(const void *data, uint32_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* WW_PORT_H */
