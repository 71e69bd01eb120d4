/*
 * Drives one runtime module with seeded pseudo-random inputs and writes its outputs (little-endian
 * int32 unless noted) to a file. RuntimeTwinTests.cs generates the same inputs with the same
 * xorshift32 and compares with the C# twins.
 *   ww_rt_twins <featq|ring|gate|detector|dvfs|trace> <seed> <out>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ww_port.h"
#include "ww_runtime.h"
#include "ww_trace.h"

static FILE *s_out;
static uint32_t s_rng;

static uint32_t next(void)
{
    uint32_t x = s_rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s_rng = x;
    return x;
}

/* Uniform in [lo, hi]. */
static int32_t range(int32_t lo, int32_t hi)
{
    return lo + (int32_t)(next() % (uint32_t)(hi - lo + 1));
}

static void put(int32_t v)
{
    const uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    fwrite(b, 1, 4, s_out);
}

/* The trace module's sink: the strong definition replaces the weak default. */
void ww_port_trace_write(const void *data, uint32_t bytes)
{
    fwrite(data, 1, bytes, s_out);
}

static void run_featq(void)
{
    int32_t offset[24], mult[24], shift[24];
    int16_t f[24];
    int8_t q[24];
    for (int32_t round = 0; round < 200; round++)
    {
        for (int32_t c = 0; c < 24; c++)
        {
            offset[c] = range(-4000, 4000);
            mult[c] = range(1 << 30, 0x7FFFFFFF);
            shift[c] = range(-12, 3);
        }
        const ww_featq_params_t p = {offset, mult, shift, range(-128, 127), 24};
        for (int32_t n = 0; n < 20; n++)
        {
            for (int32_t c = 0; c < 24; c++)
            {
                f[c] = (int16_t)range(-32768, 32767);
            }
            ww_features_quantize(&p, f, q);
            for (int32_t c = 0; c < 24; c++)
            {
                put(q[c]);
            }
        }
    }
}

static void run_ring(void)
{
    static int8_t storage[100 * 30];
    static int8_t window[100 * 30];
    int8_t frame[30];
    for (int32_t round = 0; round < 40; round++)
    {
        const int32_t frames = range(1, 100);
        const int32_t width = range(1, 30);
        ww_ring_t ring;
        ww_ring_init(&ring, storage, frames, width);
        const int32_t pushes = range(0, 3 * frames);
        for (int32_t n = 0; n < pushes; n++)
        {
            for (int32_t c = 0; c < width; c++)
            {
                frame[c] = (int8_t)range(-128, 127);
            }
            ww_ring_push(&ring, frame);
            if (next() % 8u == 0u || n == pushes - 1)
            {
                ww_ring_copy_window(&ring, window);
                put(ring.count);
                for (int32_t i = 0; i < frames * width; i++)
                {
                    put(window[i]);
                }
            }
        }
    }
}

static void run_gate(void)
{
    for (int32_t round = 0; round < 50; round++)
    {
        /* One draw per statement: C leaves the order of initializer and argument evaluation open. */
        ww_gate_config_t cfg;
        cfg.margin = range(0, 600);
        cfg.min_energy = range(-200, 2000);
        cfg.rise_shift = range(0, 12);
        cfg.fall_shift = range(0, 6);
        cfg.window = range(1, 120);
        ww_gate_t gate;
        ww_gate_init(&gate, &cfg);
        int32_t e = range(-1000, 4000);
        for (int32_t n = 0; n < 400; n++)
        {
            e += range(-300, 300);
            if (next() % 50u == 0u)
            {
                e = range(-32768, 32767);
            }
            e = e < -32768 ? -32768 : (e > 32767 ? 32767 : e);
            const int32_t active = ww_gate_update(&gate, &cfg, (int16_t)e);
            put(active);
            put(ww_gate_is_open(&gate, &cfg));
            put(gate.floor_q8);
        }
    }
}

static void run_detector(void)
{
    int8_t history[64];
    for (int32_t round = 0; round < 50; round++)
    {
        ww_detector_config_t cfg;
        cfg.smooth_k = range(1, 64);
        cfg.threshold = range(-128, 127);
        cfg.refractory = range(0, 20);
        ww_detector_t det;
        ww_detector_init(&det, history, &cfg);
        for (int32_t n = 0; n < 300; n++)
        {
            int32_t smoothed = 0;
            const int32_t hit = ww_detector_step(&det, &cfg, (int8_t)range(-128, 127), &smoothed);
            put(hit);
            put(smoothed);
        }
    }
}

static void run_dvfs(void)
{
    for (int32_t round = 0; round < 50; round++)
    {
        ww_dvfs_config_t cfg;
        cfg.quiet_hops = range(1, 40);
        cfg.pretrigger = range(-128, 127);
        ww_dvfs_t dvfs;
        ww_dvfs_init(&dvfs);
        const uint32_t density = (uint32_t)range(2, 40);
        for (int32_t n = 0; n < 300; n++)
        {
            const int32_t gate_open = next() % density == 0u;
            const int32_t pretrigger = next() % 50u == 0u;
            const int32_t changed = ww_dvfs_policy_step(&dvfs, &cfg, gate_open, pretrigger);
            put(changed);
            put(dvfs.level);
        }
    }
}

static void run_trace(void)
{
    int16_t feats[24];
    int8_t data[300];
    int8_t probs[5];
    char name[20];
    const uint16_t features = (uint16_t)range(1, 64);
    const uint16_t window = (uint16_t)range(1, 200);
    const uint16_t classes_h = (uint16_t)range(1, 5);
    const uint16_t every = (uint16_t)range(1, 20);
    const uint16_t flags = (uint16_t)range(0, 7);
    ww_trace_header(features, window, classes_h, every, flags);
    for (int32_t n = 0; n < 300; n++)
    {
        const uint32_t frame = next();
        switch (range(1, 6))
        {
        case 1:
            for (int32_t c = 0; c < 24; c++)
            {
                feats[c] = (int16_t)range(-32768, 32767);
            }
            ww_trace_features(frame, feats, (uint32_t)range(1, 24)); /* single draw */
            break;
        case 2:
        {
            const int32_t len = range(0, 19);
            for (int32_t i = 0; i < len; i++)
            {
                name[i] = (char)range('a', 'z');
            }
            name[len] = '\0';
            const int32_t bytes = range(0, 300);
            for (int32_t i = 0; i < bytes; i++)
            {
                data[i] = (int8_t)range(-128, 127);
            }
            const uint32_t layer = (uint32_t)range(0, 255);
            ww_trace_layer(frame, layer, name, data, (uint32_t)bytes);
            break;
        }
        case 3:
        {
            const int32_t classes = range(1, 5);
            for (int32_t i = 0; i < classes; i++)
            {
                probs[i] = (int8_t)range(-128, 127);
            }
            const int32_t ran = range(0, 1);
            const int32_t open = range(0, 1);
            const int32_t smoothed = range(-128, 127);
            ww_trace_posterior(frame, ran, open, smoothed, probs, (uint32_t)classes);
            break;
        }
        case 4:
        {
            const int32_t score = range(-128, 127);
            ww_trace_detection(frame, score, next());
            break;
        }
        case 5:
            ww_trace_dvfs(frame, range(0, 1));
            break;
        default:
            ww_trace_overrun(frame, next());
            break;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 4)
    {
        fprintf(stderr, "usage: ww_rt_twins <featq|ring|gate|detector|dvfs|trace> <seed> <out>\n");
        return 2;
    }
    s_rng = (uint32_t)strtoul(argv[2], NULL, 0);
    if (s_rng == 0u)
    {
        s_rng = 1u;
    }
    s_out = fopen(argv[3], "wb");
    if (s_out == NULL)
    {
        fprintf(stderr, "ww_rt_twins: cannot create %s\n", argv[3]);
        return 2;
    }
    const char *m = argv[1];
    if (strcmp(m, "featq") == 0) run_featq();
    else if (strcmp(m, "ring") == 0) run_ring();
    else if (strcmp(m, "gate") == 0) run_gate();
    else if (strcmp(m, "detector") == 0) run_detector();
    else if (strcmp(m, "dvfs") == 0) run_dvfs();
    else if (strcmp(m, "trace") == 0) run_trace();
    else
    {
        fprintf(stderr, "ww_rt_twins: unknown module %s\n", m);
        return 2;
    }
    return fclose(s_out) == 0 ? 0 : 1;
}
