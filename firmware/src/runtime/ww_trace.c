/* Trace writer: serializes records little-endian into a small buffer and hands them to ww_port_trace_write. */
#include "ww_trace.h"

#include <string.h>

#include "ww_port.h"

#define WW_TRACE_SCRATCH_BYTES 128u

static uint8_t *put_u16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    return p + 2;
}

static uint8_t *put_u32(uint8_t *p, uint32_t v)
{
    p = put_u16(p, v & 0xFFFFu);
    return put_u16(p, v >> 16);
}

static uint8_t *put_head(uint8_t *p, uint32_t type, uint32_t sub, uint32_t frame, uint32_t length)
{
    p[0] = (uint8_t)type;
    p[1] = (uint8_t)sub;
    p = put_u16(p + 2, 0u);
    p = put_u32(p, frame);
    return put_u32(p, length);
}

void ww_trace_header(uint16_t features, uint16_t window_frames, uint16_t classes, uint16_t infer_every, uint16_t flags)
{
    uint8_t b[WW_TRACE_HEADER_BYTES];
    uint8_t *p = b;
    memcpy(p, "WWTR", 4);
    p = put_u16(p + 4, WW_TRACE_VERSION);
    p = put_u16(p, features);
    p = put_u16(p, window_frames);
    p = put_u16(p, classes);
    p = put_u16(p, infer_every);
    (void)put_u16(p, flags);
    ww_port_trace_write(b, WW_TRACE_HEADER_BYTES);
}

void ww_trace_features(uint32_t frame, const int16_t *features, uint32_t count)
{
    uint8_t b[WW_TRACE_SCRATCH_BYTES];
    if (count > (WW_TRACE_SCRATCH_BYTES - WW_TRACE_RECORD_HEAD_BYTES) / 2u)
    {
        count = (WW_TRACE_SCRATCH_BYTES - WW_TRACE_RECORD_HEAD_BYTES) / 2u;
    }
    uint8_t *p = put_head(b, WW_TRACE_REC_FEATURES, 0u, frame, count * 2u);
    for (uint32_t i = 0; i < count; i++)
    {
        p = put_u16(p, (uint16_t)features[i]);
    }
    ww_port_trace_write(b, (uint32_t)(p - b));
}

void ww_trace_layer(uint32_t frame, uint32_t layer, const char *name, const void *data, uint32_t bytes)
{
    uint8_t b[WW_TRACE_RECORD_HEAD_BYTES + 1u + 64u];
    uint32_t name_length = (uint32_t)strlen(name);
    if (name_length > 64u)
    {
        name_length = 64u;
    }
    uint8_t *p = put_head(b, WW_TRACE_REC_LAYER, layer, frame, 1u + name_length + bytes);
    *p++ = (uint8_t)name_length;
    memcpy(p, name, name_length);
    p += name_length;
    ww_port_trace_write(b, (uint32_t)(p - b));
    ww_port_trace_write(data, bytes);
}

void ww_trace_posterior(uint32_t frame, int32_t ran, int32_t gate_open, int32_t smoothed, const int8_t *probs, uint32_t classes)
{
    uint8_t b[WW_TRACE_SCRATCH_BYTES];
    if (classes > WW_TRACE_SCRATCH_BYTES - WW_TRACE_RECORD_HEAD_BYTES - 4u)
    {
        classes = WW_TRACE_SCRATCH_BYTES - WW_TRACE_RECORD_HEAD_BYTES - 4u;
    }
    uint8_t *p = put_head(b, WW_TRACE_REC_POSTERIOR, 0u, frame, 4u + classes);
    p[0] = (uint8_t)ran;
    p[1] = (uint8_t)gate_open;
    p = put_u16(p + 2, (uint16_t)(int16_t)smoothed);
    for (uint32_t i = 0; i < classes; i++)
    {
        *p++ = (uint8_t)probs[i];
    }
    ww_port_trace_write(b, (uint32_t)(p - b));
}

void ww_trace_detection(uint32_t frame, int32_t score, uint32_t index)
{
    uint8_t b[WW_TRACE_RECORD_HEAD_BYTES + 8u];
    uint8_t *p = put_head(b, WW_TRACE_REC_DETECTION, 0u, frame, 8u);
    p = put_u16(p, (uint16_t)(int16_t)score);
    p = put_u16(p, 0u);
    (void)put_u32(p, index);
    ww_port_trace_write(b, sizeof b);
}

void ww_trace_dvfs(uint32_t frame, int32_t level)
{
    uint8_t b[WW_TRACE_RECORD_HEAD_BYTES + 4u];
    uint8_t *p = put_head(b, WW_TRACE_REC_DVFS, 0u, frame, 4u);
    p[0] = (uint8_t)level;
    p[1] = 0u;
    (void)put_u16(p + 2, 0u);
    ww_port_trace_write(b, sizeof b);
}

void ww_trace_overrun(uint32_t frame, uint32_t count)
{
    uint8_t b[WW_TRACE_RECORD_HEAD_BYTES + 4u];
    uint8_t *p = put_head(b, WW_TRACE_REC_OVERRUN, 0u, frame, 4u);
    (void)put_u32(p, count);
    ww_port_trace_write(b, sizeof b);
}
