/* Host board port: trace to a file, a nanosecond clock as the cycle counter, level changes counted. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>

#include "ww_host_port.h"
#include "ww_port.h"

FILE *ww_host_trace_file = NULL;
uint32_t ww_host_level_changes = 0u;

void ww_port_trace_write(const void *data, uint32_t bytes)
{
    if (ww_host_trace_file != NULL && bytes > 0u)
    {
        (void)fwrite(data, 1, bytes, ww_host_trace_file);
    }
}

uint32_t ww_port_cycle_count(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

void ww_port_set_perf_level(int32_t level)
{
    (void)level;
    ww_host_level_changes++;
}
