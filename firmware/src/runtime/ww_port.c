/* Weak no-op defaults for the hooks in ww_port.h. */
#include "ww_port.h"

__attribute__((weak)) void ww_port_set_perf_level(int32_t level)
{
    (void)level;
}

__attribute__((weak)) uint32_t ww_port_cycle_count(void)
{
    return 0u;
}

__attribute__((weak)) void ww_on_detection(const ww_event_t *event)
{
    (void)event;
}

__attribute__((weak)) void ww_on_overrun(uint32_t count)
{
    (void)count;
}

__attribute__((weak)) void ww_port_trace_write(const void *data, uint32_t bytes)
{
    (void)data;
    (void)bytes;
}
