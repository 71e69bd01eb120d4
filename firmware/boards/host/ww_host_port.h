/* Host board port state shared between ww_host_main.c and ww_host_port.c. */
#ifndef WW_HOST_PORT_H
#define WW_HOST_PORT_H

#include <stdint.h>
#include <stdio.h>

extern FILE *ww_host_trace_file;
extern uint32_t ww_host_level_changes;

#endif
