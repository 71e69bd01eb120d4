/*
 * Streaming runtime: audio -> front end -> feature ring -> CRNN every WW_INFER_EVERY frames ->
 * detector, with the energy gate and the DVFS policy. All state is static and sized by the
 * package's ww_config.h (model, front-end and runtime constants). The C# twin is
 * host/src/WakeWord.Sim.Runtime/StreamingRuntime.cs; both write the same trace.
 */
#include "ww_runtime.h"

#include <string.h>

#include "ww_config.h"
#include "ww_frontend.h"
#include "ww_model.h"
#include "ww_port.h"
#include "ww_trace.h"

#if WW_FEATURES_PER_FRAME != WW_MODEL_INPUT_FEATURES
#error "front-end features per frame and model input features differ"
#endif
#if WW_WINDOW_FRAMES != WW_MODEL_INPUT_FRAMES
#error "runtime window and model input frames differ"
#endif

/* Time-sliced inference: the generated model runs its layer schedule in WW_MODEL_NUM_SLICES contiguous slices,
 * one per hop (ww_model_invoke_slice). A model without the macro (an older package) runs whole. A slice still
 * pending when the next inference frame comes would be lost, so the slices must fit in one inference period. */
#ifdef WW_MODEL_NUM_SLICES
#define WW_RT_SLICES WW_MODEL_NUM_SLICES
#else
#define WW_RT_SLICES 1
#endif
#if WW_RT_SLICES < 1 || WW_RT_SLICES > WW_INFER_EVERY
#error "WW_MODEL_NUM_SLICES must be 1..WW_INFER_EVERY (one slice per hop within an inference period)"
#endif

/* Audio FIFO depth (RuntimeConfig.AudioBlocks). Packages generated before it existed get the default. */
#ifndef WW_AUDIO_BLOCKS
#define WW_AUDIO_BLOCKS 8
#endif
#if WW_AUDIO_BLOCKS < 1 || WW_AUDIO_BLOCKS > 256
#error "WW_AUDIO_BLOCKS must be 1..256"
#endif

/* Frames one front-end call may return: calls are cut to at most one DMA block. */
#define WW_RT_FE_CHUNK WW_AUDIO_BLOCK_SAMPLES
#define WW_RT_FE_MAX_FRAMES (WW_RT_FE_CHUNK / (WW_FE_DECIMATION * WW_FE_HOP) + 1)

typedef struct {
    ww_frontend_t frontend;
    int16_t features[WW_RT_FE_MAX_FRAMES * WW_FEATURES_PER_FRAME];
    ww_featq_params_t featq;
    ww_ring_t ring;
    int8_t ring_storage[WW_WINDOW_FRAMES * WW_FEATURES_PER_FRAME];
    int8_t quantized[WW_FEATURES_PER_FRAME];
    ww_gate_t gate;
    ww_gate_config_t gate_config;
    ww_detector_t detector;
    ww_detector_config_t detector_config;
    int8_t detector_history[WW_DETECTOR_SMOOTH_K];
    ww_dvfs_t dvfs;
    ww_dvfs_config_t dvfs_config;
    int32_t pretrigger_hit;
    int8_t probs[WW_MODEL_NUM_CLASSES];
    int32_t slice_next;          /* next slice of the inference in flight; 0 = none in flight */
    uint32_t infer_frame;        /* frame whose window the inference in flight runs on (layer records carry it) */
    uint32_t infer_cycles;       /* cycles of the inference in flight so far (sum over its slices) */
    uint32_t trace_flags;
    ww_stats_t stats;
    ww_event_t events[WW_EVENT_QUEUE_LENGTH];
    uint32_t event_head;
    uint32_t event_count;
    uint32_t overruns_traced;
    int16_t block[WW_AUDIO_BLOCK_SAMPLES];
    uint32_t dma_write_half;
} ww_runtime_state_t;

static ww_runtime_state_t s_rt;

/* Written by the DMA. Section .bss.ww_audio: the STM32H7 linker scripts put it in D2 SRAM, which DMA1
 * reaches and the CM7 maps non-cacheable (firmware/boards/common-stm32h7). */
static int16_t s_dma_buffer[2 * WW_AUDIO_BLOCK_SAMPLES] __attribute__((section(".bss.ww_audio"), aligned(32)));

/* Audio block FIFO between the DMA callbacks (producer, interrupt context) and ww_runtime_service
 * (consumer, main loop). Single producer, single consumer: the interrupt writes slot s_fifo_in % depth
 * and only then advances s_fifo_in; the service copies slot s_fifo_out % depth out and only then
 * advances s_fifo_out. Free-running counters, so in - out is the fill level even across wrap. A block
 * that finds the FIFO full is dropped (the queued ones stay intact) and counted as an overrun. */
static int16_t s_fifo[WW_AUDIO_BLOCKS][WW_AUDIO_BLOCK_SAMPLES];
static volatile uint32_t s_fifo_in;
static volatile uint32_t s_fifo_out;
static volatile uint32_t s_overruns;

static void layer_hook(void *user, int32_t layer, const char *name, const void *data, uint32_t bytes)
{
    const uint32_t frame = *(const uint32_t *)user;
    ww_trace_layer(frame, (uint32_t)layer, name, data, bytes);
}

static void queue_event(const ww_event_t *ev)
{
    if (s_rt.event_count == WW_EVENT_QUEUE_LENGTH)
    {
        s_rt.stats.events_dropped++;
        return;
    }
    s_rt.events[(s_rt.event_head + s_rt.event_count) % WW_EVENT_QUEUE_LENGTH] = *ev;
    s_rt.event_count++;
}

/* The detector's step for the posterior in s_rt.probs, at frame `frame` (POSTERIOR, DETECTION, event). */
static void decide(uint32_t frame, int32_t ran, int32_t gate_open)
{
    int32_t smoothed = 0;
    const int32_t detected = ww_detector_step(&s_rt.detector, &s_rt.detector_config, s_rt.probs[WW_WAKE_CLASS], &smoothed);
    s_rt.pretrigger_hit = ran && s_rt.probs[WW_WAKE_CLASS] >= WW_DVFS_PRETRIGGER ? 1 : 0;
    if ((s_rt.trace_flags & WW_TRACE_DECISIONS) != 0u)
    {
        ww_trace_posterior(frame, ran, gate_open, smoothed, s_rt.probs, WW_MODEL_NUM_CLASSES);
    }
    if (detected)
    {
        ww_event_t ev;
        ev.frame = frame;
        ev.score = smoothed;
        ev.index = s_rt.stats.detections++;
        if ((s_rt.trace_flags & WW_TRACE_DECISIONS) != 0u)
        {
            ww_trace_detection(frame, smoothed, ev.index);
        }
        queue_event(&ev);
        ww_on_detection(&ev);
    }
}

/* Runs slice s_rt.slice_next of the inference in flight in the hop of frame `frame`. After the last slice
 * (or a failing one) the posterior goes to the detector, stamped with this hop's frame. */
static void run_slice(uint32_t frame)
{
    const uint32_t t0 = ww_port_cycle_count();
#if WW_RT_SLICES > 1
    const int32_t status = ww_model_invoke_slice(s_rt.slice_next, s_rt.probs, (s_rt.trace_flags & WW_TRACE_LAYERS) != 0u ? layer_hook : 0, &s_rt.infer_frame);
#else
    const int32_t status = ww_model_invoke(s_rt.probs, (s_rt.trace_flags & WW_TRACE_LAYERS) != 0u ? layer_hook : 0, &s_rt.infer_frame);
#endif
    s_rt.infer_cycles += ww_port_cycle_count() - t0;
    s_rt.slice_next++;
    if (status == 0 && s_rt.slice_next < WW_RT_SLICES)
    {
        return;
    }
    s_rt.slice_next = 0;
    s_rt.stats.last_inference_cycles = s_rt.infer_cycles;
    if (s_rt.infer_cycles > s_rt.stats.max_inference_cycles)
    {
        s_rt.stats.max_inference_cycles = s_rt.infer_cycles;
    }
    s_rt.stats.inferences++;
    if (status != 0)
    {
        memset(s_rt.probs, -128, sizeof s_rt.probs);
    }
    decide(frame, 1, 1);
}

/* One evaluation at inference frame `frame`: the window goes into the model input and slice 0 runs now when
 * the gate is open; when it is closed the posterior is 0 (int8 -128) at once and no model runs. */
static void evaluate(uint32_t frame, int32_t gate_open)
{
    if (!gate_open)
    {
        memset(s_rt.probs, -128, sizeof s_rt.probs);
        s_rt.stats.gated++;
        decide(frame, 0, 0);
        return;
    }
    ww_ring_copy_window(&s_rt.ring, ww_model_input());
    s_rt.infer_frame = frame;
    s_rt.infer_cycles = 0u;
    run_slice(frame);
}

static void process_frame(const int16_t *features)
{
    const uint32_t t0 = ww_port_cycle_count();
    const uint32_t frame = s_rt.stats.frames++;
    if ((s_rt.trace_flags & WW_TRACE_FEATURES) != 0u)
    {
        ww_trace_features(frame, features, WW_FEATURES_PER_FRAME);
    }
    ww_features_quantize(&s_rt.featq, features, s_rt.quantized);
    ww_ring_push(&s_rt.ring, s_rt.quantized);
    (void)ww_gate_update(&s_rt.gate, &s_rt.gate_config, features[WW_GATE_ENERGY_INDEX]);
    const int32_t gate_open = ww_gate_is_open(&s_rt.gate, &s_rt.gate_config);

    /* The level is chosen before the hop's inference, so an open gate runs the model at HIGH; an inference in
     * flight (slices pending) counts as activity, so its remaining slices run at HIGH too. */
    if (ww_dvfs_policy_step(&s_rt.dvfs, &s_rt.dvfs_config, gate_open || s_rt.slice_next != 0, s_rt.pretrigger_hit))
    {
        ww_port_set_perf_level(s_rt.dvfs.level);
        if ((s_rt.trace_flags & WW_TRACE_DECISIONS) != 0u)
        {
            ww_trace_dvfs(frame, s_rt.dvfs.level);
        }
    }
    s_rt.pretrigger_hit = 0;
    s_rt.stats.perf_level = s_rt.dvfs.level;

    if (s_rt.slice_next != 0)
    {
        /* Never an inference frame: the slices end within the inference period (checked above at build time). */
        run_slice(frame);
    }
    else if ((frame + 1u) % WW_INFER_EVERY == 0u && s_rt.ring.count == WW_WINDOW_FRAMES)
    {
        evaluate(frame, gate_open);
    }
    const uint32_t cycles = ww_port_cycle_count() - t0;
    if (cycles > s_rt.stats.max_hop_cycles)
    {
        s_rt.stats.max_hop_cycles = cycles;
    }
}

static void trace_overruns(void)
{
    const uint32_t overruns = s_overruns;
    s_rt.stats.overruns = overruns;
    if (overruns != s_rt.overruns_traced)
    {
        s_rt.overruns_traced = overruns;
        if ((s_rt.trace_flags & WW_TRACE_DECISIONS) != 0u)
        {
            ww_trace_overrun(s_rt.stats.frames, overruns);
        }
    }
}

int32_t ww_runtime_init(uint32_t trace_flags)
{
    memset(&s_rt, 0, sizeof s_rt);
    memset(s_dma_buffer, 0, sizeof s_dma_buffer);
    s_fifo_in = 0u;
    s_fifo_out = 0u;
    s_overruns = 0u;
    s_rt.trace_flags = trace_flags;

    ww_frontend_init(&s_rt.frontend);
    const int32_t status = ww_model_init();
    if (status != 0)
    {
        return WW_ERR_MODEL;
    }
    s_rt.featq.offset = ww_featq_offset;
    s_rt.featq.mult = ww_featq_mult;
    s_rt.featq.shift = ww_featq_shift;
    s_rt.featq.zero_point = ww_input_zero_point;
    s_rt.featq.count = WW_FEATURES_PER_FRAME;
    ww_ring_init(&s_rt.ring, s_rt.ring_storage, WW_WINDOW_FRAMES, WW_FEATURES_PER_FRAME);
    s_rt.gate_config.margin = WW_GATE_MARGIN;
    s_rt.gate_config.min_energy = WW_GATE_MIN_ENERGY;
    s_rt.gate_config.rise_shift = WW_GATE_RISE_SHIFT;
    s_rt.gate_config.fall_shift = WW_GATE_FALL_SHIFT;
    s_rt.gate_config.window = WW_GATE_WINDOW;
    ww_gate_init(&s_rt.gate, &s_rt.gate_config);
    s_rt.detector_config.smooth_k = WW_DETECTOR_SMOOTH_K;
    s_rt.detector_config.threshold = WW_DETECTOR_THRESHOLD;
    s_rt.detector_config.refractory = WW_DETECTOR_REFRACTORY;
    ww_detector_init(&s_rt.detector, s_rt.detector_history, &s_rt.detector_config);
    s_rt.dvfs_config.quiet_hops = WW_DVFS_QUIET_HOPS;
    s_rt.dvfs_config.pretrigger = WW_DVFS_PRETRIGGER;
    ww_dvfs_init(&s_rt.dvfs);
    ww_port_set_perf_level(s_rt.dvfs.level);
    s_rt.stats.perf_level = s_rt.dvfs.level;

    if (trace_flags != 0u)
    {
        ww_trace_header(WW_FEATURES_PER_FRAME, WW_WINDOW_FRAMES, WW_MODEL_NUM_CLASSES, WW_INFER_EVERY, (uint16_t)trace_flags);
    }
    return WW_OK;
}

int32_t ww_runtime_push_audio(const int16_t *pcm, uint32_t count)
{
    if (pcm == 0 && count != 0u)
    {
        return WW_ERR_ARG;
    }
    while (count > 0u)
    {
        const uint32_t n = count < WW_RT_FE_CHUNK ? count : WW_RT_FE_CHUNK;
        const int32_t frames = (int32_t)ww_frontend_process(&s_rt.frontend, pcm, n, s_rt.features, WW_RT_FE_MAX_FRAMES);
        for (int32_t f = 0; f < frames; f++)
        {
            process_frame(&s_rt.features[f * WW_FEATURES_PER_FRAME]);
        }
        pcm += n;
        count -= n;
    }
    return WW_OK;
}

int16_t *ww_runtime_dma_buffer(void)
{
    return s_dma_buffer;
}

void ww_runtime_dma_complete(uint32_t half)
{
    half &= 1u;
    const uint32_t in = s_fifo_in;
    if (in - s_fifo_out >= (uint32_t)WW_AUDIO_BLOCKS)
    {
        /* FIFO full: this block is lost; the queued ones are untouched. */
        s_overruns = s_overruns + 1u;
        ww_on_overrun(s_overruns);
        return;
    }
    memcpy(s_fifo[in % (uint32_t)WW_AUDIO_BLOCKS], &s_dma_buffer[half * WW_AUDIO_BLOCK_SAMPLES], sizeof(int16_t) * WW_AUDIO_BLOCK_SAMPLES);
    s_fifo_in = in + 1u;
}

void ww_runtime_dma_write_block(const int16_t *block)
{
    const uint32_t half = s_rt.dma_write_half;
    memcpy(&s_dma_buffer[half * WW_AUDIO_BLOCK_SAMPLES], block, sizeof(int16_t) * WW_AUDIO_BLOCK_SAMPLES);
    s_rt.dma_write_half = half ^ 1u;
    ww_runtime_dma_complete(half);
}

uint32_t ww_runtime_audio_queued(void)
{
    return s_fifo_in - s_fifo_out;
}

int32_t ww_runtime_service(void)
{
    int32_t consumed = 0;
    for (;;)
    {
        trace_overruns();
        const uint32_t out = s_fifo_out;
        if (s_fifo_in == out)
        {
            break;
        }
        /* Copy out first and free the slot, so the FIFO keeps its full depth while this block is processed. */
        memcpy(s_rt.block, s_fifo[out % (uint32_t)WW_AUDIO_BLOCKS], sizeof s_rt.block);
        s_fifo_out = out + 1u;
        (void)ww_runtime_push_audio(s_rt.block, WW_AUDIO_BLOCK_SAMPLES);
        consumed++;
    }
    return consumed;
}

int32_t ww_runtime_poll_event(ww_event_t *event)
{
    if (s_rt.event_count == 0u)
    {
        return 0;
    }
    *event = s_rt.events[s_rt.event_head];
    s_rt.event_head = (s_rt.event_head + 1u) % WW_EVENT_QUEUE_LENGTH;
    s_rt.event_count--;
    return 1;
}

void ww_runtime_get_stats(ww_stats_t *stats)
{
    s_rt.stats.overruns = s_overruns;
    *stats = s_rt.stats;
}
