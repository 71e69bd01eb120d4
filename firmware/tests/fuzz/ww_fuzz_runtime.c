/* libFuzzer harness for the streaming runtime with a generated model package (ww_runtime_*).
 * Input: byte 0 = trace flags and feeding mode, bytes 1..2 = chunk size seed, the rest = 48 kHz
 * int16 PCM. The audio goes through ww_runtime_push_audio in fuzzer-chosen chunks, then again in
 * whole DMA blocks; both runs must write the same trace bytes (hashed through the port hook) and
 * count the same frames, inferences and detections. The sanitizers watch every access.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ww_port.h"
#include "ww_runtime.h"
#include "ww_runtime_config.h"

#define WW_FUZZ_MAX_SAMPLES 24000

static int16_t s_pcm[WW_FUZZ_MAX_SAMPLES];
static uint64_t s_trace_hash;
static uint64_t s_trace_bytes;

/* FNV-1a over every byte the runtime writes to its trace. */
void ww_port_trace_write(const void *data, uint32_t bytes)
{
    const uint8_t *p = (const uint8_t *)data;
    uint32_t i;
    for (i = 0; i < bytes; i++)
    {
        s_trace_hash = (s_trace_hash ^ p[i]) * 1099511628211ull;
    }
    s_trace_bytes += bytes;
}

static void trace_reset(void)
{
    s_trace_hash = 14695981039346656037ull;
    s_trace_bytes = 0;
}

static void drain_events(void)
{
    ww_event_t ev;
    while (ww_runtime_poll_event(&ev) != 0)
    {
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n;
    size_t i;
    size_t pos;
    uint32_t flags;
    uint32_t chunk_seed;
    uint64_t hash_push;
    uint64_t bytes_push;
    ww_stats_t push_stats;
    ww_stats_t dma_stats;

    if (size < 3u)
    {
        return 0;
    }
    flags = (uint32_t)data[0] & WW_TRACE_ALL;
    chunk_seed = (uint32_t)data[1] | ((uint32_t)data[2] << 8);
    data += 3;
    size -= 3u;
    n = size / 2u;
    if (n > WW_FUZZ_MAX_SAMPLES)
    {
        n = WW_FUZZ_MAX_SAMPLES;
    }
    /* Whole blocks only, so the DMA run below sees the same samples. */
    n -= n % WW_AUDIO_BLOCK_SAMPLES;
    for (i = 0; i < n; i++)
    {
        s_pcm[i] = (int16_t)(uint16_t)((uint32_t)data[2u * i] | ((uint32_t)data[2u * i + 1u] << 8));
    }

    trace_reset();
    if (ww_runtime_init(flags) != 0)
    {
        abort();
    }
    pos = 0;
    while (pos < n)
    {
        size_t len;
        chunk_seed = chunk_seed * 1103515245u + 12345u;
        len = (size_t)((chunk_seed >> 16) & 2047u);
        if (len > n - pos)
        {
            len = n - pos;
        }
        if (ww_runtime_push_audio(s_pcm + pos, (uint32_t)len) < 0)
        {
            abort();
        }
        pos += len;
        drain_events();
    }
    ww_runtime_get_stats(&push_stats);
    hash_push = s_trace_hash;
    bytes_push = s_trace_bytes;

    trace_reset();
    if (ww_runtime_init(flags) != 0)
    {
        abort();
    }
    for (pos = 0; pos < n; pos += WW_AUDIO_BLOCK_SAMPLES)
    {
        ww_runtime_dma_write_block(s_pcm + pos);
        (void)ww_runtime_service();
        drain_events();
    }
    ww_runtime_get_stats(&dma_stats);

    if (push_stats.frames != dma_stats.frames || push_stats.inferences != dma_stats.inferences ||
        push_stats.detections != dma_stats.detections || dma_stats.overruns != 0u ||
        s_trace_hash != hash_push || s_trace_bytes != bytes_push)
    {
        abort();
    }
    return 0;
}
