/*
 * ww_host: the WakeWord firmware as a Linux program.
 *
 *   ww_host --in X.wav|X.pcm [--trace T.bin] [--flags N] [--chunk N | --chunk-seed S] [--dma [--burst K]]
 *
 * Input: a 48 kHz mono 16-bit PCM WAV, or raw little-endian int16 (.pcm). Audio goes to the runtime
 * either directly (ww_runtime_push_audio, in chunks of --chunk samples or of pseudo-random sizes
 * from --chunk-seed) or through the simulated DMA double buffer (--dma): one block per half, and the
 * service loop runs after every --burst blocks (1 = never late; 3 or more forces overruns). A tail
 * shorter than one DMA block is not delivered in DMA mode.
 * Output: "detection frame=F score=S index=I" lines, then one "stats ..." line. Exit 0, or 2 on bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ww_config.h"
#include "ww_host_port.h"
#include "ww_port.h"
#include "ww_runtime.h"

static int16_t *s_pcm;
static uint32_t s_samples;

static int fail(const char *what, const char *path)
{
    fprintf(stderr, "ww_host: %s: %s\n", path, what);
    return 2;
}

static uint32_t rd_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint16_t rd_u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

/* Loads the whole file and finds the samples; WAV must be PCM, mono, 16-bit, 48 kHz. */
static int load_audio(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
    {
        return fail("cannot open", path);
    }
    if (fseek(f, 0, SEEK_END) != 0)
    {
        fclose(f);
        return fail("cannot seek", path);
    }
    const long size = ftell(f);
    rewind(f);
    uint8_t *bytes = (uint8_t *)malloc(size > 0 ? (size_t)size : 1u); /* host tool only: the firmware never allocates */
    if (bytes == NULL || (size > 0 && fread(bytes, 1, (size_t)size, f) != (size_t)size))
    {
        fclose(f);
        free(bytes);
        return fail("cannot read", path);
    }
    fclose(f);
    const uint8_t *data = bytes;
    size_t data_bytes = (size_t)size;
    if (size >= 12 && memcmp(bytes, "RIFF", 4) == 0 && memcmp(bytes + 8, "WAVE", 4) == 0)
    {
        size_t pos = 12;
        int have_fmt = 0;
        data = NULL;
        while (pos + 8 <= (size_t)size)
        {
            const uint32_t len = rd_u32(bytes + pos + 4);
            const uint8_t *body = bytes + pos + 8;
            if (len > (size_t)size - pos - 8)
            {
                free(bytes);
                return fail("WAV chunk runs past the end of the file", path);
            }
            if (memcmp(bytes + pos, "fmt ", 4) == 0 && len >= 16)
            {
                const uint16_t format = rd_u16(body);
                if ((format != 1 && format != 0xFFFE) || rd_u16(body + 2) != 1 || rd_u32(body + 4) != 48000 || rd_u16(body + 14) != 16)
                {
                    free(bytes);
                    return fail("fmt: need PCM, mono, 48000 Hz, 16-bit (convert on the host first)", path);
                }
                have_fmt = 1;
            }
            else if (memcmp(bytes + pos, "data", 4) == 0)
            {
                data = body;
                data_bytes = len;
                break;
            }
            pos += 8 + len + (len & 1u);
        }
        if (!have_fmt || data == NULL)
        {
            free(bytes);
            return fail("WAV without fmt or data chunk", path);
        }
    }
    s_samples = (uint32_t)(data_bytes / 2u);
    s_pcm = (int16_t *)malloc(s_samples > 0 ? s_samples * sizeof(int16_t) : 1u);
    if (s_pcm == NULL)
    {
        free(bytes);
        return fail("out of memory", path);
    }
    for (uint32_t i = 0; i < s_samples; i++)
    {
        s_pcm[i] = (int16_t)rd_u16(data + 2u * i);
    }
    free(bytes);
    return 0;
}

static uint32_t xorshift32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

static void drain_events(void)
{
    ww_event_t ev;
    while (ww_runtime_poll_event(&ev))
    {
        printf("detection frame=%u score=%d index=%u\n", (unsigned)ev.frame, (int)ev.score, (unsigned)ev.index);
    }
}

int main(int argc, char **argv)
{
    const char *in = NULL;
    const char *trace = NULL;
    uint32_t flags = WW_TRACE_ALL;
    uint32_t chunk = WW_AUDIO_BLOCK_SAMPLES;
    uint32_t seed = 0u;
    int dma = 0;
    uint32_t burst = 1u;
    for (int i = 1; i < argc; i++)
    {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--dma") == 0)
        {
            dma = 1;
            continue;
        }
        if (v == NULL)
        {
            return fail("option needs a value", a);
        }
        i++;
        if (strcmp(a, "--in") == 0) in = v;
        else if (strcmp(a, "--trace") == 0) trace = v;
        else if (strcmp(a, "--flags") == 0) flags = (uint32_t)strtoul(v, NULL, 0);
        else if (strcmp(a, "--chunk") == 0) chunk = (uint32_t)strtoul(v, NULL, 0);
        else if (strcmp(a, "--chunk-seed") == 0) seed = (uint32_t)strtoul(v, NULL, 0);
        else if (strcmp(a, "--burst") == 0) burst = (uint32_t)strtoul(v, NULL, 0);
        else return fail("unknown option", a);
    }
    if (in == NULL)
    {
        fprintf(stderr, "usage: ww_host --in X.wav [--trace T.bin] [--flags N] [--chunk N | --chunk-seed S] [--dma [--burst K]]\n");
        return 2;
    }
    if (chunk == 0u || burst == 0u)
    {
        return fail("must be positive", "--chunk/--burst");
    }
    const int rc = load_audio(in);
    if (rc != 0)
    {
        return rc;
    }
    if (trace != NULL)
    {
        ww_host_trace_file = fopen(trace, "wb");
        if (ww_host_trace_file == NULL)
        {
            return fail("cannot create", trace);
        }
    }
    if (ww_runtime_init(trace != NULL ? flags : 0u) != WW_OK)
    {
        fprintf(stderr, "ww_host: ww_runtime_init failed (model init)\n");
        return 3;
    }
    if (dma)
    {
        uint32_t pending = 0u;
        for (uint32_t pos = 0; pos + WW_AUDIO_BLOCK_SAMPLES <= s_samples; pos += WW_AUDIO_BLOCK_SAMPLES)
        {
            ww_runtime_dma_write_block(s_pcm + pos);
            if (++pending == burst)
            {
                (void)ww_runtime_service();
                pending = 0u;
                drain_events();
            }
        }
        (void)ww_runtime_service();
    }
    else
    {
        uint32_t state = seed;
        for (uint32_t pos = 0; pos < s_samples;)
        {
            uint32_t n = seed != 0u ? 1u + xorshift32(&state) % 2000u : chunk;
            if (n > s_samples - pos)
            {
                n = s_samples - pos;
            }
            (void)ww_runtime_push_audio(s_pcm + pos, n);
            pos += n;
            drain_events();
        }
    }
    drain_events();
    ww_stats_t st;
    ww_runtime_get_stats(&st);
    printf("stats frames=%u inferences=%u gated=%u detections=%u overruns=%u events_dropped=%u level=%d "
           "max_inference_ns=%u max_hop_ns=%u level_changes=%u\n",
           (unsigned)st.frames, (unsigned)st.inferences, (unsigned)st.gated, (unsigned)st.detections, (unsigned)st.overruns,
           (unsigned)st.events_dropped, (int)st.perf_level, (unsigned)st.max_inference_cycles, (unsigned)st.max_hop_cycles,
           (unsigned)ww_host_level_changes);
    if (ww_host_trace_file != NULL && fclose(ww_host_trace_file) != 0)
    {
        return fail("cannot write", trace);
    }
    free(s_pcm);
    return 0;
}
