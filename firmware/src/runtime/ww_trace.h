/*
 * Trace: one binary format written by the firmware (host, QEMU) and by the simulator
 * (host/src/WakeWord.Sim.Runtime/Trace), compared byte for byte. All integers little-endian.
 *
 * Header, 16 bytes:
 *   char magic[4] = "WWTR"; u16 version = 1; u16 features; u16 window_frames; u16 classes;
 *   u16 infer_every; u16 flags (WW_TRACE_* of ww_runtime.h)
 * Then records, each a 12-byte head and `length` payload bytes:
 *   u8 type; u8 sub; u16 reserved = 0; u32 frame; u32 length
 *   FEATURES   sub 0, payload i16[features]: the frame's front-end output
 *   LAYER      sub = layer index, payload u8 name_length, name, then the layer's output bytes
 *   POSTERIOR  payload u8 ran (0 = gate closed, inference skipped), u8 gate_open, i16 smoothed, i8 probs[classes]
 *   DETECTION  payload i16 score, u16 0, u32 detection index
 *   DVFS       payload u8 level, u8 0, u16 0
 *   OVERRUN    payload u32 overruns so far; frame = frames produced when the block was lost
 * `frame` is the index of the feature frame the record belongs to (for LAYER/POSTERIOR/DETECTION the
 * frame that completed the window; for DVFS the hop at which the level changed).
 */
#ifndef WW_TRACE_H
#define WW_TRACE_H

#include <stdint.h>

#define WW_TRACE_VERSION 1u
#define WW_TRACE_HEADER_BYTES 16u
#define WW_TRACE_RECORD_HEAD_BYTES 12u

#define WW_TRACE_REC_FEATURES 1u
#define WW_TRACE_REC_LAYER 2u
#define WW_TRACE_REC_POSTERIOR 3u
#define WW_TRACE_REC_DETECTION 4u
#define WW_TRACE_REC_DVFS 5u
#define WW_TRACE_REC_OVERRUN 6u

void ww_trace_header(uint16_t features, uint16_t window_frames, uint16_t classes, uint16_t infer_every, uint16_t flags);
void ww_trace_features(uint32_t frame, const int16_t *features, uint32_t count);
void ww_trace_layer(uint32_t frame, uint32_t layer, const char *name, const void *data, uint32_t bytes);
void ww_trace_posterior(uint32_t frame, int32_t ran, int32_t gate_open, int32_t smoothed, const int8_t *probs, uint32_t classes);
void ww_trace_detection(uint32_t frame, int32_t score, uint32_t index);
void ww_trace_dvfs(uint32_t frame, int32_t level);
void ww_trace_overrun(uint32_t frame, uint32_t count);

#endif /* WW_TRACE_H */
