/*
 * WakeWord streaming runtime: the one public header.
 *
 * Audio in (48 kHz int16 PCM, pushed directly or through the DMA double buffer), feature frames out of
 * the front end, a ring of the last WW_WINDOW_FRAMES quantized frames, the CRNN every WW_INFER_EVERY
 * frames (spread over WW_MODEL_NUM_SLICES hops, one layer slice per hop), integer posterior smoothing,
 * threshold and refractory, an energy gate that skips inference while nothing is heard, and a DVFS policy. No malloc: all state is static, sized by the generated
 * ww_runtime_config.h (through ww_config.h).
 *
 * The building blocks (feature quantizer, ring, gate, detector, DVFS policy) keep their state in
 * caller-owned structs and take their constants as parameters, so each can be tested alone against
 * its C# twin in host/src/WakeWord.Sim.Runtime.
 */
#ifndef WW_RUNTIME_H
#define WW_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status codes ---------------------------------------------------------------------------- */
#define WW_OK 0
#define WW_ERR_ARG (-1)
#define WW_ERR_MODEL (-2)
#define WW_ERR_FRONTEND (-3)

/* ---- Feature quantizer (ww_features_quant.c) --------------------------------------------------
 * q[c] = clamp(arm_nn_requantize(f[c] + offset[c], mult[c], shift[c]) + zero_point, -128, 127) */
typedef struct {
    const int32_t *offset;  /* minus the training mean, feature LSBs */
    const int32_t *mult;    /* CMSIS-NN multiplier of 1 / (std * input_scale) */
    const int32_t *shift;   /* CMSIS-NN shift */
    int32_t zero_point;     /* model input zero point */
    int32_t count;          /* coefficients per frame */
} ww_featq_params_t;

void ww_features_quantize(const ww_featq_params_t *params, const int16_t *features, int8_t *output);

/* ---- Feature ring (ww_ring.c): the last `frames` frames of `width` int8 values --------------- */
typedef struct {
    int8_t *data;    /* caller storage, frames * width bytes */
    int32_t frames;
    int32_t width;
    int32_t head;    /* slot the next frame goes to */
    int32_t count;   /* frames held, saturates at `frames` */
} ww_ring_t;

void ww_ring_init(ww_ring_t *ring, int8_t *storage, int32_t frames, int32_t width);
void ww_ring_push(ww_ring_t *ring, const int8_t *frame);
/* Copies the held window, oldest frame first, to dst (frames * width bytes; missing frames read 0). */
void ww_ring_copy_window(const ww_ring_t *ring, int8_t *dst);

/* ---- Energy gate (ww_gate.c) ------------------------------------------------------------------
 * An adaptive noise floor on the log-energy feature, in Q8 feature LSBs. A frame is active when its
 * energy exceeds floor + margin. The floor falls quickly (fall_shift) and rises slowly (rise_shift).
 * The gate is open while an active frame lies within the last `window` frames. */
typedef struct {
    int32_t margin;       /* feature LSBs above the floor */
    int32_t min_energy;   /* frames at or below this are never active (digital silence) */
    int32_t rise_shift;
    int32_t fall_shift;
    int32_t window;       /* frames an active frame keeps the gate open */
} ww_gate_config_t;

typedef struct {
    int32_t floor_q8;
    int32_t frames_since_active;
    int32_t frames_seen;
} ww_gate_t;

void ww_gate_init(ww_gate_t *gate, const ww_gate_config_t *config);
/* Feeds one frame's log energy; returns 1 when the frame is active. */
int32_t ww_gate_update(ww_gate_t *gate, const ww_gate_config_t *config, int16_t log_energy);
int32_t ww_gate_is_open(const ww_gate_t *gate, const ww_gate_config_t *config);

/* ---- Detector (ww_detector.c): mean of the last K posteriors, threshold, refractory ----------- */
typedef struct {
    int32_t smooth_k;     /* 1..history capacity */
    int32_t threshold;    /* int8 posterior units */
    int32_t refractory;   /* evaluations ignored after a detection */
} ww_detector_config_t;

typedef struct {
    int8_t *history;      /* caller storage, smooth_k bytes */
    int32_t pos;
    int32_t filled;
    int32_t sum;
    int32_t refractory_left;
} ww_detector_t;

void ww_detector_init(ww_detector_t *det, int8_t *history, const ww_detector_config_t *config);
/* One evaluation; writes the smoothed posterior and returns 1 on a detection. */
int32_t ww_detector_step(ww_detector_t *det, const ww_detector_config_t *config, int8_t posterior, int32_t *smoothed);

/* ---- DVFS policy (ww_dvfs.c) ------------------------------------------------------------------ */
#define WW_PERF_LOW 0
#define WW_PERF_HIGH 1

typedef struct {
    int32_t quiet_hops;   /* consecutive quiet hops before LOW */
    int32_t pretrigger;   /* int8 posterior that forces HIGH */
} ww_dvfs_config_t;

typedef struct {
    int32_t level;
    int32_t quiet;
} ww_dvfs_t;

void ww_dvfs_init(ww_dvfs_t *dvfs);
/* One hop: gate_open, and whether the last wake posterior reached the pre-trigger; returns 1 when the level changed. */
int32_t ww_dvfs_policy_step(ww_dvfs_t *dvfs, const ww_dvfs_config_t *config, int32_t gate_open, int32_t pretrigger_hit);

/* ---- Streaming runtime (ww_runtime.c) -------------------------------------------------------- */
/* Trace content flags for ww_runtime_init (see ww_trace.h). */
#define WW_TRACE_FEATURES 0x1u
#define WW_TRACE_LAYERS 0x2u
#define WW_TRACE_DECISIONS 0x4u  /* posteriors, detections, DVFS changes, overruns */
#define WW_TRACE_ALL 0x7u

typedef struct {
    uint32_t frame;       /* feature frame index (10 ms hops since init) at which it fired */
    int32_t score;        /* smoothed int8 posterior */
    uint32_t index;       /* detections since init, from 0 */
} ww_event_t;

typedef struct {
    uint32_t frames;          /* feature frames produced */
    uint32_t inferences;      /* CRNN inferences completed (all slices run) */
    uint32_t gated;           /* evaluations skipped by the energy gate */
    uint32_t detections;
    uint32_t overruns;        /* audio blocks lost because the FIFO (WW_AUDIO_BLOCKS deep) was full */
    uint32_t events_dropped;  /* detections lost because the event queue was full */
    int32_t perf_level;
    uint32_t last_inference_cycles;  /* ww_port_cycle_count() around the model calls of one inference (sum over its slices) */
    uint32_t max_inference_cycles;
    uint32_t max_hop_cycles;         /* runtime work for one frame incl. the inference slice run in it; the front end
                                      * excluded. With WW_MODEL_NUM_SLICES > 1 this is the per-hop figure that matters. */
} ww_stats_t;

/* Resets every state, initialises front end and model, writes the trace header. */
int32_t ww_runtime_init(uint32_t trace_flags);
/* Feeds any number of samples and processes every finished frame now (no DMA). */
int32_t ww_runtime_push_audio(const int16_t *pcm, uint32_t count);
/* The DMA target: 2 * WW_AUDIO_BLOCK_SAMPLES samples, halves filled alternately. */
int16_t *ww_runtime_dma_buffer(void);
/* DMA callbacks (interrupt context): half 0 or 1 of the buffer has been filled; it is copied into the
 * audio FIFO (WW_AUDIO_BLOCKS blocks), or dropped and counted as an overrun when the FIFO is full. */
void ww_runtime_dma_complete(uint32_t half);
/* Simulated DMA for the PC: copies one block into the next half and signals it. */
void ww_runtime_dma_write_block(const int16_t *block);
/* Main loop: drains the audio FIFO oldest first; returns the number of blocks consumed. */
int32_t ww_runtime_service(void);
/* Blocks waiting in the audio FIFO. */
uint32_t ww_runtime_audio_queued(void);
/* Takes the oldest pending detection; returns 1 if one was written, 0 if none. */
int32_t ww_runtime_poll_event(ww_event_t *event);
void ww_runtime_get_stats(ww_stats_t *stats);

#ifdef __cplusplus
}
#endif

#endif /* WW_RUNTIME_H */
