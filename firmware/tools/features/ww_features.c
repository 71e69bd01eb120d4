/* ww_features: runs the firmware front end on a raw 48 kHz int16 little-endian PCM file and writes
 * the features in the WWFE format (see docs/frontend.md):
 *   "WWFE", u32 version (1), u32 frames, u32 features per frame, u32 fractional bits,
 *   then int16 [frames][features], all little endian.
 * Usage: ww_features --in pcm.raw --out features.bin [--chunk-seed N]
 * With --chunk-seed the input is fed in pseudo-random chunks of 0..4095 samples (seeded), which must
 * give the same file as one call. Prints the frame count and the CPU time of the front end. Host program: it may allocate; the front end itself does not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ww_frontend.h"

static ww_frontend_t g_fe;

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v & 0xFFu);
    p[1] = (unsigned char)((v >> 8) & 0xFFu);
    p[2] = (unsigned char)((v >> 16) & 0xFFu);
    p[3] = (unsigned char)((v >> 24) & 0xFFu);
}

static uint32_t next_rand(uint32_t *s)
{
    /* xorshift32 */
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

static int fail(const char *what, const char *path)
{
    fprintf(stderr, "ww_features: %s: %s\n", path, what);
    return 2;
}

int main(int argc, char **argv)
{
    const char *in_path = NULL, *out_path = NULL;
    int use_chunks = 0;
    uint32_t seed = 1;
    FILE *f;
    long size;
    size_t n, i, total = 0, pos = 0, cap, room;
    unsigned char *raw;
    int16_t *pcm, *feat;
    unsigned char hdr[20];
    int a;
    clock_t t0;

    for (a = 1; a < argc; a++)
    {
        if (strcmp(argv[a], "--in") == 0 && a + 1 < argc)
        {
            in_path = argv[++a];
        }
        else if (strcmp(argv[a], "--out") == 0 && a + 1 < argc)
        {
            out_path = argv[++a];
        }
        else if (strcmp(argv[a], "--chunk-seed") == 0 && a + 1 < argc)
        {
            use_chunks = 1;
            seed = (uint32_t)strtoul(argv[++a], NULL, 10);
            if (seed == 0u)
            {
                seed = 0x9E3779B9u;
            }
        }
        else
        {
            fprintf(stderr, "usage: ww_features --in pcm.raw --out features.bin [--chunk-seed N]\n");
            return 2;
        }
    }
    if (in_path == NULL || out_path == NULL)
    {
        fprintf(stderr, "usage: ww_features --in pcm.raw --out features.bin [--chunk-seed N]\n");
        return 2;
    }

    f = fopen(in_path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
    {
        return fail("cannot read", in_path);
    }
    if ((size & 1L) != 0)
    {
        fclose(f);
        return fail("odd byte count, not int16 PCM", in_path);
    }
    n = (size_t)size / 2u;
    raw = (unsigned char *)malloc((size_t)size + 1u);
    pcm = (int16_t *)malloc((n + 1u) * sizeof(int16_t));
    cap = WW_FE_MAX_FRAMES(n) + 2u;
    feat = (int16_t *)malloc(cap * WW_FEATURES * sizeof(int16_t));
    if (raw == NULL || pcm == NULL || feat == NULL)
    {
        fclose(f);
        return fail("out of memory", in_path);
    }
    if (fread(raw, 1, (size_t)size, f) != (size_t)size)
    {
        fclose(f);
        return fail("short read", in_path);
    }
    fclose(f);
    for (i = 0; i < n; i++)
    {
        pcm[i] = (int16_t)(uint16_t)((uint32_t)raw[2u * i] | ((uint32_t)raw[2u * i + 1u] << 8));
    }

    t0 = clock();
    ww_frontend_init(&g_fe);
    if (!use_chunks)
    {
        total = ww_frontend_process(&g_fe, pcm, n, feat, cap);
    }
    else
    {
        while (pos < n)
        {
            size_t chunk = next_rand(&seed) % 4096u;
            if (chunk > n - pos)
            {
                chunk = n - pos;
            }
            room = WW_FE_MAX_FRAMES(chunk);
            if (room > cap - total)
            {
                room = cap - total;
            }
            total += ww_frontend_process(&g_fe, pcm + pos, chunk, feat + total * WW_FEATURES, room);
            pos += chunk;
        }
    }
    printf("ww_features: %lu frames from %lu samples, front end %.3f s CPU\n", (unsigned long)total, (unsigned long)n,
           (double)(clock() - t0) / CLOCKS_PER_SEC);
    if (g_fe.dropped_frames != 0u)
    {
        return fail("frames dropped (output bound violated)", in_path);
    }

    memcpy(hdr, "WWFE", 4);
    put_u32(hdr + 4, 1u);
    put_u32(hdr + 8, (uint32_t)total);
    put_u32(hdr + 12, (uint32_t)WW_FEATURES);
    put_u32(hdr + 16, (uint32_t)WW_FE_FEATURE_FRAC_BITS);
    f = fopen(out_path, "wb");
    if (f == NULL || fwrite(hdr, 1, sizeof(hdr), f) != sizeof(hdr))
    {
        return fail("cannot write", out_path);
    }
    for (i = 0; i < total * WW_FEATURES; i++)
    {
        unsigned char b[2];
        uint16_t v = (uint16_t)feat[i];
        b[0] = (unsigned char)(v & 0xFFu);
        b[1] = (unsigned char)(v >> 8);
        if (fwrite(b, 1, 2, f) != 2)
        {
            fclose(f);
            return fail("cannot write", out_path);
        }
    }
    if (fclose(f) != 0)
    {
        return fail("cannot write", out_path);
    }
    free(raw);
    free(pcm);
    free(feat);
    return 0;
}
