/* ww_frontend_stages: runs one front-end stage on a binary file so the C# tests can compare each stage
 * with its twin, element by element. All data little endian (the host is x86-64).
 *   ww_frontend_stages fft in out       in: blocks of WW_FE_FFT_LEN int32; out: WW_FE_FFT_BINS uint64 each
 *   ww_frontend_stages log in out       in: uint64 values; out: int32 log2 in Q24 each
 *   ww_frontend_stages mfcc in out      in: frames of WW_FE_FRAME_LEN int16; out: WW_FEATURES int16 each
 *   ww_frontend_stages resample in out  in: int16 at 48 kHz; out: int16 decimator outputs
 * Host program: it may allocate; the front end itself does not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ww_frontend.h"

static ww_mfcc_scratch_t g_scratch;
static ww_resampler_t g_rs;

static unsigned char *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    long n;
    unsigned char *buf;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
    {
        if (f != NULL)
        {
            fclose(f);
        }
        return NULL;
    }
    buf = (unsigned char *)malloc((size_t)n + 1u);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
    {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    *size = (size_t)n;
    return buf;
}

int main(int argc, char **argv)
{
    size_t size = 0, i, n;
    unsigned char *in;
    FILE *out;
    int ok = 1;

    if (argc != 4)
    {
        fprintf(stderr, "usage: ww_frontend_stages fft|log|mfcc|resample in.bin out.bin\n");
        return 2;
    }
    in = read_all(argv[2], &size);
    if (in == NULL)
    {
        fprintf(stderr, "ww_frontend_stages: %s: cannot read\n", argv[2]);
        return 2;
    }
    out = fopen(argv[3], "wb");
    if (out == NULL)
    {
        fprintf(stderr, "ww_frontend_stages: %s: cannot write\n", argv[3]);
        return 2;
    }
    if (strcmp(argv[1], "fft") == 0)
    {
        static int32_t block[WW_FE_FFT_LEN];
        n = size / sizeof(block);
        for (i = 0; i < n && ok; i++)
        {
            memcpy(block, in + i * sizeof(block), sizeof(block));
            ww_fft_real_power(block, g_scratch.power);
            ok = fwrite(g_scratch.power, sizeof(uint64_t), WW_FE_FFT_BINS, out) == WW_FE_FFT_BINS;
        }
    }
    else if (strcmp(argv[1], "log") == 0)
    {
        n = size / sizeof(uint64_t);
        for (i = 0; i < n && ok; i++)
        {
            uint64_t x;
            int32_t y;
            memcpy(&x, in + i * sizeof(x), sizeof(x));
            y = ww_log2_q24(x);
            ok = fwrite(&y, sizeof(y), 1, out) == 1;
        }
    }
    else if (strcmp(argv[1], "mfcc") == 0)
    {
        static int16_t frame[WW_FE_FRAME_LEN];
        int16_t feat[WW_FEATURES];
        n = size / sizeof(frame);
        for (i = 0; i < n && ok; i++)
        {
            memcpy(frame, in + i * sizeof(frame), sizeof(frame));
            ww_mfcc_frame(frame, &g_scratch, feat);
            ok = fwrite(feat, sizeof(int16_t), WW_FEATURES, out) == WW_FEATURES;
        }
    }
    else if (strcmp(argv[1], "resample") == 0)
    {
        ww_resampler_init(&g_rs);
        n = size / sizeof(int16_t);
        for (i = 0; i < n && ok; i++)
        {
            int16_t x, y;
            memcpy(&x, in + i * sizeof(x), sizeof(x));
            if (ww_resampler_push(&g_rs, x, &y))
            {
                ok = fwrite(&y, sizeof(y), 1, out) == 1;
            }
        }
    }
    else
    {
        fprintf(stderr, "ww_frontend_stages: unknown stage '%s'\n", argv[1]);
        ok = 0;
    }
    free(in);
    if (fclose(out) != 0 || !ok)
    {
        fprintf(stderr, "ww_frontend_stages: %s: failed\n", argv[3]);
        return 2;
    }
    return 0;
}
