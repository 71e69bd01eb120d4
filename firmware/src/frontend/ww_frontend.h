/* Fixed-point audio front end: 48 kHz int16 PCM in, int16 feature frames out.
 * Every constant and table comes from the generated ww_frontend_config.h; the C# simulator
 * (host/src/WakeWord.Sim/Frontend) computes the same integers from the same tables.
 * No malloc, no floating point: all state lives in the caller-owned ww_frontend_t.
 */
#ifndef WW_FRONTEND_H
#define WW_FRONTEND_H

#include <stddef.h>
#include <stdint.h>

#include "ww_frontend_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Decimator state: delay line stored twice so the newest WW_FE_FIR_TAPS samples are contiguous. */
typedef struct
{
    int16_t delay[2 * WW_FE_FIR_TAPS];
    uint32_t pos;
    uint32_t phase;
} ww_resampler_t;

/* Scratch of one frame computation (kept in the state so nothing large lives on the stack). */
typedef struct
{
    int32_t fft[WW_FE_FFT_LEN];
    uint64_t power[WW_FE_FFT_BINS];
    int32_t log_mel[WW_FE_NUM_MEL];
} ww_mfcc_scratch_t;

/* Whole front-end state, owned by the caller (static on the device). */
typedef struct
{
    ww_resampler_t resampler;
    int16_t frame[WW_FE_FRAME_LEN];
    uint32_t frame_fill;
    uint32_t dropped_frames; /* frames lost because max_frames was below WW_FE_MAX_FRAMES(n) */
    ww_mfcc_scratch_t scratch;
} ww_frontend_t;

/* Power-on state: zero history, no partial frame. */
void ww_frontend_init(ww_frontend_t *fe);

/* Consumes n samples of 48 kHz int16 PCM (any chunk size, including 0) and writes the frames it
 * completes to features, WW_FEATURES int16 each (cepstra c0.., then log energy), oldest first.
 * Returns the number of frames written. At most WW_FE_MAX_FRAMES(n) = n / (WW_FE_DECIMATION *
 * WW_FE_HOP) + 1 frames complete per call; frames beyond max_frames are dropped and counted in
 * fe->dropped_frames. Results do not depend on how the input is split into calls. */
size_t ww_frontend_process(ww_frontend_t *fe, const int16_t *pcm48k, size_t n, int16_t *features, size_t max_frames);

/* Building blocks, exposed for tests. */
void ww_resampler_init(ww_resampler_t *rs);
/* Pushes one sample; returns 1 and writes *out once every WW_FE_DECIMATION samples, else 0. */
int ww_resampler_push(ww_resampler_t *rs, int16_t x, int16_t *out);
/* Pushes samples from in[0..n) until n are consumed or max_out outputs are written to out; returns
 * the outputs written and sets *consumed. Same results as ww_resampler_push one sample at a time. */
size_t ww_resampler_process(ww_resampler_t *rs, const int16_t *in, size_t n, int16_t *out, size_t max_out, size_t *consumed);

/* Real FFT of WW_FE_FFT_LEN int32 samples in buf (destroyed, |x| <= 2^WW_FE_NORM_BITS),
 * writes |X[k]|^2 for k = 0..WW_FE_FFT_LEN/2. */
void ww_fft_real_power(int32_t *buf, uint64_t *power);

/* log2(x) in Q24 for x > 0 (0 for x = 0). */
int32_t ww_log2_q24(uint64_t x);

/* One frame of WW_FE_FRAME_LEN samples to WW_FEATURES values. */
void ww_mfcc_frame(const int16_t *frame, ww_mfcc_scratch_t *scratch, int16_t *features);

/* Saturates to int16. */
static inline int16_t ww_fe_sat16(int64_t v)
{
    return (int16_t)(v > INT16_MAX ? INT16_MAX : (v < INT16_MIN ? INT16_MIN : v));
}

#ifdef __cplusplus
}
#endif

#endif /* WW_FRONTEND_H */
