/*
 * PC test program for a generated model package: runs ww_model_invoke on each input window and writes
 * every layer's output as the layer hook sees it, so the C# ModelExecutor can be compared byte for byte.
 *
 * Usage: ww_model_test <input.bin> <output.bin>
 *   input.bin: N windows of WW_MODEL_INPUT_FRAMES * WW_MODEL_INPUT_FEATURES int8 values.
 *   output.bin: per window, one record per layer (int32 layer, uint32 bytes, bytes) and then a record with
 *   layer -1 holding the WW_MODEL_NUM_CLASSES probabilities; all little endian.
 * Exit code: 0 on success, 2 on usage/file errors, 3 when ww_model_init or ww_model_invoke fails.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ww_model.h"

#define WW_WINDOW (WW_MODEL_INPUT_FRAMES * WW_MODEL_INPUT_FEATURES)

static int write_record(FILE *out, int32_t layer, const void *data, uint32_t bytes)
{
    return fwrite(&layer, sizeof layer, 1, out) == 1 && fwrite(&bytes, sizeof bytes, 1, out) == 1 &&
           (bytes == 0 || fwrite(data, 1, bytes, out) == bytes);
}

static void hook(void *user, int32_t layer, const char *name, const void *data, uint32_t bytes)
{
    (void)name;
    if (!write_record((FILE *)user, layer, data, bytes))
    {
        fprintf(stderr, "ww_model_test: write failed\n");
    }
}

int main(int argc, char **argv)
{
    static int8_t window[WW_WINDOW];
    int8_t probs[WW_MODEL_NUM_CLASSES];
    FILE *in;
    FILE *out;
    int32_t status;
    if (argc != 3)
    {
        fprintf(stderr, "usage: ww_model_test input.bin output.bin\n");
        return 2;
    }
    status = ww_model_init();
    if (status != 0)
    {
        fprintf(stderr, "ww_model_test: ww_model_init returned %ld\n", (long)status);
        return 3;
    }
    in = fopen(argv[1], "rb");
    out = fopen(argv[2], "wb");
    if (in == NULL || out == NULL)
    {
        fprintf(stderr, "ww_model_test: cannot open %s or %s\n", argv[1], argv[2]);
        return 2;
    }
    while (fread(window, 1, sizeof window, in) == sizeof window)
    {
        memcpy(ww_model_input(), window, sizeof window);
        status = ww_model_invoke(probs, hook, out);
        if (status != 0)
        {
            fprintf(stderr, "ww_model_test: ww_model_invoke returned %ld\n", (long)status);
            return 3;
        }
        if (!write_record(out, -1, probs, WW_MODEL_NUM_CLASSES))
        {
            return 2;
        }
    }
    fclose(in);
    return fclose(out) == 0 ? 0 : 2;
}
