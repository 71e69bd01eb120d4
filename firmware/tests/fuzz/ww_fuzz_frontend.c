/* libFuzzer harness for the fixed-point front end (ww_frontend_process).
 * Input: byte 0..1 = chunk size seed, the rest = 48 kHz int16 PCM (little endian).
 * Checks, besides the sanitizers: feeding the same samples in one call and in fuzzer-chosen chunks
 * gives the same frames (the API promise), and a call never writes more than WW_FE_MAX_FRAMES(n).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ww_frontend.h"

#define WW_FUZZ_MAX_SAMPLES 16384
#define WW_FUZZ_MAX_FRAMES (WW_FUZZ_MAX_SAMPLES / (WW_FE_DECIMATION * WW_FE_HOP) + 2)

static ww_frontend_t s_whole;
static ww_frontend_t s_chunked;
static int16_t s_pcm[WW_FUZZ_MAX_SAMPLES];
static int16_t s_features_whole[WW_FUZZ_MAX_FRAMES * WW_FEATURES];
static int16_t s_features_chunked[WW_FUZZ_MAX_FRAMES * WW_FEATURES];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n;
    size_t i;
    size_t pos;
    size_t whole_frames;
    size_t chunked_frames = 0;
    uint32_t chunk_seed;

    if (size < 2u)
    {
        return 0;
    }
    chunk_seed = (uint32_t)data[0] | ((uint32_t)data[1] << 8);
    data += 2;
    size -= 2u;
    n = size / 2u;
    if (n > WW_FUZZ_MAX_SAMPLES)
    {
        n = WW_FUZZ_MAX_SAMPLES;
    }
    for (i = 0; i < n; i++)
    {
        s_pcm[i] = (int16_t)(uint16_t)((uint32_t)data[2u * i] | ((uint32_t)data[2u * i + 1u] << 8));
    }

    ww_frontend_init(&s_whole);
    whole_frames = ww_frontend_process(&s_whole, s_pcm, n, s_features_whole, WW_FUZZ_MAX_FRAMES);
    if (whole_frames > WW_FE_MAX_FRAMES(n) || s_whole.dropped_frames != 0u)
    {
        abort();
    }

    ww_frontend_init(&s_chunked);
    pos = 0;
    while (pos < n || pos == 0u)
    {
        /* Chunk lengths 0..1023 from a small LCG seeded by the input, so zero-length calls happen too. */
        size_t len;
        size_t got;
        chunk_seed = chunk_seed * 1103515245u + 12345u;
        len = (size_t)((chunk_seed >> 16) & 1023u);
        if (len > n - pos)
        {
            len = n - pos;
        }
        got = ww_frontend_process(&s_chunked, s_pcm + pos, len, s_features_chunked + chunked_frames * WW_FEATURES,
                                  WW_FUZZ_MAX_FRAMES - chunked_frames);
        if (got > WW_FE_MAX_FRAMES(len))
        {
            abort();
        }
        chunked_frames += got;
        pos += len;
        if (n == 0u)
        {
            break;
        }
    }
    if (chunked_frames != whole_frames ||
        memcmp(s_features_whole, s_features_chunked, whole_frames * WW_FEATURES * sizeof(int16_t)) != 0)
    {
        abort();
    }
    return 0;
}
