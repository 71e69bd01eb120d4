/* The fixed-point front end alone under QEMU, for comparing with the C# simulator and for counting
 * its instructions without a model package.
 *   ww_qemu_features --in X.wav|X.pcm --out F.wwfe [--chunk N]
 * Writes the WWFE feature file (host/src/WakeWord.Sim/Frontend/FeatureFile.cs): "WWFE", u32 version 1,
 * u32 frames, u32 features per frame, u32 fractional bits, then int16 [frames][features], little
 * endian. Prints frames=, instructions= (whole run under -icount shift=0), frontend_instructions= (inside
 * ww_frontend_process only) and max_frame_instructions= (the most one call with one finished frame took). */
#include <stdint.h>

#include "ww_frontend.h"
#include "ww_qemu_counter.h"
#include "ww_qemu_io.h"
#include "ww_semihost.h"

#define CHUNK_MAX 4800u

static ww_frontend_t g_frontend;
static int16_t g_pcm[CHUNK_MAX];
static int16_t g_features[(CHUNK_MAX / (WW_FE_DECIMATION * WW_FE_HOP) + 1u) * WW_FEATURES];

static void put_u32_le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

int main(int argc, char **argv)
{
    const char *in = 0;
    const char *out = 0;
    uint32_t chunk = 480u;
    uint32_t samples;
    uint32_t frames = 0u;
    uint64_t max_frame = 0u;
    uint64_t in_frontend = 0u;
    uint8_t header[20];
    int32_t hin;
    int32_t hout;
    int i;
    for (i = 1; i + 1 < argc; i += 2)
    {
        if (ww_qemu_streq(argv[i], "--in"))
        {
            in = argv[i + 1];
        }
        else if (ww_qemu_streq(argv[i], "--out"))
        {
            out = argv[i + 1];
        }
        else if (!(ww_qemu_streq(argv[i], "--chunk") && ww_qemu_parse_u32(argv[i + 1], &chunk) == 0 && chunk > 0u &&
                   chunk <= CHUNK_MAX))
        {
            break;
        }
    }
    if (in == 0 || out == 0 || i != argc)
    {
        ww_semihost_puts("usage: ww_qemu_features --in X.wav|X.pcm --out F.wwfe [--chunk 1..4800]\n");
        return 64;
    }
    hin = ww_qemu_open_pcm(in, &samples);
    if (hin < 0)
    {
        return 2;
    }
    hout = ww_semihost_open(out, WW_SEMIHOST_MODE_WRITE_BINARY);
    if (hout < 0)
    {
        ww_semihost_close(hin);
        ww_semihost_puts("ww_qemu_features: cannot create the output file\n");
        return 3;
    }
    /* The frame count is patched in at the end. */
    header[0] = 'W';
    header[1] = 'W';
    header[2] = 'F';
    header[3] = 'E';
    put_u32_le(header + 4, 1u);
    put_u32_le(header + 8, 0u);
    put_u32_le(header + 12, WW_FEATURES);
    put_u32_le(header + 16, WW_FE_FEATURE_FRAC_BITS);
    if (ww_semihost_write(hout, header, sizeof(header)) != 0)
    {
        return 4;
    }

    ww_frontend_init(&g_frontend);
    ww_qemu_counter_start();
    while (samples > 0u)
    {
        uint32_t n = samples < chunk ? samples : chunk;
        int32_t got = ww_semihost_read(hin, g_pcm, n * 2u);
        uint64_t t0;
        uint64_t used;
        size_t made;
        if (got != (int32_t)(n * 2u))
        {
            ww_semihost_puts("ww_qemu_features: short read\n");
            return 5;
        }
        samples -= n;
        t0 = ww_qemu_counter_instructions();
        made = ww_frontend_process(&g_frontend, g_pcm, n, g_features, sizeof(g_features) / sizeof(g_features[0]) / WW_FEATURES);
        used = ww_qemu_counter_instructions() - t0;
        in_frontend += used;
        if (made == 1u && used > max_frame)
        {
            max_frame = used;
        }
        if (made > 0u && ww_semihost_write(hout, g_features, (uint32_t)(made * WW_FEATURES * sizeof(int16_t))) != 0)
        {
            return 4;
        }
        frames += (uint32_t)made;
    }
    ww_semihost_close(hin);
    ww_semihost_close(hout);

    /* Rewrite the header with the frame count (semihosting has no seek for writes: reopen in r+ mode). */
    hout = ww_semihost_open(out, 3 /* "r+b" */);
    if (hout < 0)
    {
        return 4;
    }
    put_u32_le(header + 8, frames);
    if (ww_semihost_write(hout, header, sizeof(header)) != 0)
    {
        return 4;
    }
    ww_semihost_close(hout);
    ww_qemu_print_counter("frames", frames);
    ww_qemu_print_counter("instructions", ww_qemu_counter_instructions());
    ww_qemu_print_counter("frontend_instructions", in_frontend);
    ww_qemu_print_counter("max_frame_instructions", max_frame);
    return 0;
}
