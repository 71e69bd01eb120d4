/* The WakeWord firmware under QEMU (mps2-an386 / mps2-an500): the same streaming runtime as on the
 * board, with audio and trace over semihosting and instructions counted by SysTick under
 * -icount shift=0. Options match the host build (firmware/boards/host/ww_host_main.c):
 *   ww_qemu_app --in X.wav|X.pcm [--trace T.bin] [--flags N] [--chunk N | --chunk-seed S] [--dma [--burst K]]
 * Output: "detection frame=F score=S index=I" lines, then one "stats ..." line whose cycle figures are
 * instructions (max_inference_instructions, max_hop_instructions, instructions for the whole run).
 * Exit 0, 2 on bad input, 3 when the model does not initialise. */
#include <stdint.h>

#include "ww_config.h"
#include "ww_port.h"
#include "ww_qemu_counter.h"
#include "ww_qemu_io.h"
#include "ww_runtime.h"
#include "ww_semihost.h"

#define TRACE_BUFFER_BYTES 8192u
#define READ_MAX_SAMPLES 2048u

static int32_t g_trace = -1;
static int32_t g_trace_failed;
static uint8_t g_trace_buffer[TRACE_BUFFER_BYTES];
static uint32_t g_trace_fill;
static uint32_t g_level_changes;
static int16_t g_pcm[READ_MAX_SAMPLES > WW_AUDIO_BLOCK_SAMPLES ? READ_MAX_SAMPLES : WW_AUDIO_BLOCK_SAMPLES];

static void trace_flush(void)
{
    if (g_trace >= 0 && g_trace_fill > 0u && ww_semihost_write(g_trace, g_trace_buffer, g_trace_fill) != 0)
    {
        g_trace_failed = 1;
    }
    g_trace_fill = 0u;
}

void ww_port_trace_write(const void *data, uint32_t bytes)
{
    const uint8_t *p = (const uint8_t *)data;
    if (g_trace < 0)
    {
        return;
    }
    while (bytes > 0u)
    {
        uint32_t n = TRACE_BUFFER_BYTES - g_trace_fill;
        uint32_t i;
        if (n > bytes)
        {
            n = bytes;
        }
        for (i = 0u; i < n; i++)
        {
            g_trace_buffer[g_trace_fill + i] = p[i];
        }
        g_trace_fill += n;
        p += n;
        bytes -= n;
        if (g_trace_fill == TRACE_BUFFER_BYTES)
        {
            trace_flush();
        }
    }
}

uint32_t ww_port_cycle_count(void)
{
    return (uint32_t)ww_qemu_counter_instructions();
}

void ww_port_set_perf_level(int32_t level)
{
    (void)level;
    g_level_changes++;
}

static int fail(const char *what, const char *name)
{
    ww_semihost_puts("ww_qemu_app: ");
    ww_semihost_puts(name);
    ww_semihost_puts(": ");
    ww_semihost_puts(what);
    ww_semihost_puts("\n");
    return 2;
}

static void put_kv(const char *key, uint32_t value)
{
    ww_semihost_puts(key);
    ww_semihost_puts("=");
    ww_semihost_put_u64(value);
}

static void drain_events(void)
{
    ww_event_t ev;
    while (ww_runtime_poll_event(&ev))
    {
        put_kv("detection frame", ev.frame);
        ww_semihost_puts(" score=");
        if (ev.score < 0)
        {
            ww_semihost_puts("-");
        }
        ww_semihost_put_u64(ev.score < 0 ? (uint32_t)(-(int64_t)ev.score) : (uint32_t)ev.score);
        put_kv(" index", ev.index);
        ww_semihost_puts("\n");
    }
}

static int32_t read_samples(int32_t h, uint32_t n)
{
    return ww_semihost_read(h, g_pcm, n * 2u) == (int32_t)(n * 2u) ? 0 : -1;
}

int main(int argc, char **argv)
{
    const char *in = 0;
    const char *trace = 0;
    uint32_t flags = WW_TRACE_ALL;
    uint32_t chunk = WW_AUDIO_BLOCK_SAMPLES;
    uint32_t seed = 0u;
    uint32_t burst = 1u;
    int32_t dma = 0;
    uint32_t samples;
    int32_t h;
    ww_stats_t st;
    int i;
    for (i = 1; i < argc; i++)
    {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : 0;
        uint32_t *number = 0;
        if (ww_qemu_streq(a, "--dma"))
        {
            dma = 1;
            continue;
        }
        if (v == 0)
        {
            return fail("option needs a value", a);
        }
        i++;
        if (ww_qemu_streq(a, "--in"))
        {
            in = v;
        }
        else if (ww_qemu_streq(a, "--trace"))
        {
            trace = v;
        }
        else if (ww_qemu_streq(a, "--flags"))
        {
            number = &flags;
        }
        else if (ww_qemu_streq(a, "--chunk"))
        {
            number = &chunk;
        }
        else if (ww_qemu_streq(a, "--chunk-seed"))
        {
            number = &seed;
        }
        else if (ww_qemu_streq(a, "--burst"))
        {
            number = &burst;
        }
        else
        {
            return fail("unknown option", a);
        }
        if (number != 0 && ww_qemu_parse_u32(v, number) != 0)
        {
            return fail("needs a decimal number", a);
        }
    }
    if (in == 0)
    {
        ww_semihost_puts("usage: ww_qemu_app --in X.wav|X.pcm [--trace T.bin] [--flags N] [--chunk N | --chunk-seed S] [--dma [--burst K]]\n");
        return 2;
    }
    if (chunk == 0u || chunk > READ_MAX_SAMPLES || burst == 0u)
    {
        return fail("out of range (chunk 1..2048, burst >= 1)", "--chunk/--burst");
    }
    h = ww_qemu_open_pcm(in, &samples);
    if (h < 0)
    {
        return 2;
    }
    if (trace != 0)
    {
        g_trace = ww_semihost_open(trace, WW_SEMIHOST_MODE_WRITE_BINARY);
        if (g_trace < 0)
        {
            ww_semihost_close(h);
            return fail("cannot create", trace);
        }
    }
    ww_qemu_counter_start();
    if (ww_runtime_init(trace != 0 ? flags : 0u) != WW_OK)
    {
        ww_semihost_puts("ww_qemu_app: ww_runtime_init failed (model init)\n");
        return 3;
    }
    if (dma)
    {
        uint32_t pending = 0u;
        for (; samples >= WW_AUDIO_BLOCK_SAMPLES; samples -= WW_AUDIO_BLOCK_SAMPLES)
        {
            if (read_samples(h, WW_AUDIO_BLOCK_SAMPLES) != 0)
            {
                return fail("short read", in);
            }
            ww_runtime_dma_write_block(g_pcm);
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
        while (samples > 0u)
        {
            uint32_t n = seed != 0u ? 1u + ww_qemu_xorshift32(&state) % READ_MAX_SAMPLES : chunk;
            if (n > samples)
            {
                n = samples;
            }
            if (read_samples(h, n) != 0)
            {
                return fail("short read", in);
            }
            (void)ww_runtime_push_audio(g_pcm, n);
            samples -= n;
            drain_events();
        }
    }
    drain_events();
    ww_semihost_close(h);
    ww_runtime_get_stats(&st);
    put_kv("stats frames", st.frames);
    put_kv(" inferences", st.inferences);
    put_kv(" gated", st.gated);
    put_kv(" detections", st.detections);
    put_kv(" overruns", st.overruns);
    put_kv(" events_dropped", st.events_dropped);
    put_kv(" level", (uint32_t)st.perf_level);
    put_kv(" max_inference_instructions", st.max_inference_cycles);
    put_kv(" max_hop_instructions", st.max_hop_cycles);
    put_kv(" level_changes", g_level_changes);
    ww_semihost_puts(" instructions=");
    ww_semihost_put_u64(ww_qemu_counter_instructions());
    ww_semihost_puts("\n");
    if (g_trace >= 0)
    {
        trace_flush();
        if (ww_semihost_close(g_trace) != 0 || g_trace_failed)
        {
            return fail("cannot write", trace);
        }
    }
    return 0;
}
