/* Test model: layer 0 "pool" averages the window over 7 blocks of 14 frames (int8 [7][24]);
 * layer 1 "head" forms three int32 logits from fixed small weights; probs are the logits shifted
 * and clamped to int8. Twin: tests/WakeWord.Firmware.Tests/TestModel.cs. */
#include "ww_model.h"

#define FRAMES WW_MODEL_INPUT_FRAMES
#define FEATS WW_MODEL_INPUT_FEATURES
#define BLOCKS WW_TEST_MODEL_BLOCKS
#define PER_BLOCK (FRAMES / BLOCKS)

const int32_t ww_featq_offset[24] = {-1800, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1500};
const int32_t ww_featq_mult[24] = {1073741824, 1073741824, 1073741824, 1073741824, 1073741824, 1073741824, 1073741824, 1073741824,
                                   1073741824, 1073741824, 1073741824, 1073741824, 1073741824, 1073741824, 1073741824, 1073741824,
                                   1073741824, 1073741824, 1073741824, 1073741824, 1073741824, 1073741824, 1073741824, 1518500250};
const int32_t ww_featq_shift[24] = {-3, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -4};
const int32_t ww_input_zero_point = -10;

static int8_t s_input[FRAMES * FEATS];
static int8_t s_pool[BLOCKS * FEATS];
static int32_t s_logits[WW_MODEL_NUM_CLASSES];

int32_t ww_model_init(void)
{
    return 0;
}

int8_t *ww_model_input(void)
{
    return s_input;
}

static int32_t weight(int32_t k, int32_t i)
{
    return ((i * 7 + k * 13) % 9) - 4;
}

int32_t ww_model_invoke(int8_t probs[WW_MODEL_NUM_CLASSES], ww_layer_hook_fn hook, void *user)
{
    for (int32_t b = 0; b < BLOCKS; b++)
    {
        for (int32_t c = 0; c < FEATS; c++)
        {
            int32_t sum = 0;
            for (int32_t t = b * PER_BLOCK; t < (b + 1) * PER_BLOCK; t++)
            {
                sum += s_input[t * FEATS + c];
            }
            const int32_t m = sum / PER_BLOCK;
            s_pool[b * FEATS + c] = (int8_t)(m < -128 ? -128 : (m > 127 ? 127 : m));
        }
    }
    if (hook != 0)
    {
        hook(user, 0, "pool", s_pool, sizeof s_pool);
    }
    /* Wake: loud in the middle blocks and quiet at the edges; the others: fixed pseudo-random weights. */
    s_logits[0] = 0;
    for (int32_t b = 0; b < BLOCKS; b++)
    {
        const int32_t e = s_pool[b * FEATS + FEATS - 1];
        s_logits[0] += (b >= 2 && b <= 4) ? 2 * e : -e;
    }
    for (int32_t k = 1; k < WW_MODEL_NUM_CLASSES; k++)
    {
        int32_t acc = 0;
        for (int32_t i = 0; i < BLOCKS * FEATS; i++)
        {
            acc += weight(k, i) * s_pool[i];
        }
        s_logits[k] = acc;
    }
    if (hook != 0)
    {
        hook(user, 1, "head", s_logits, sizeof s_logits);
    }
    for (int32_t k = 0; k < WW_MODEL_NUM_CLASSES; k++)
    {
        const int32_t v = (s_logits[k] >> 1) - 60;
        probs[k] = (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));
    }
    return 0;
}
