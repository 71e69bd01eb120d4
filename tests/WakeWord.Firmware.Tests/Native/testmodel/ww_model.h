/* A small hand-written model with the generated ww_model.h API, for runtime tests only.
 * Twin: tests/WakeWord.Firmware.Tests/TestModel.cs. */
#ifndef WW_MODEL_H
#define WW_MODEL_H

#include <stdint.h>

#define WW_MODEL_INPUT_FRAMES 98
#define WW_MODEL_INPUT_FEATURES 24
#define WW_MODEL_NUM_CLASSES 3
#define WW_MODEL_NUM_LAYERS 2
#define WW_TEST_MODEL_BLOCKS 7
#define WW_ARENA_BYTES (WW_MODEL_INPUT_FRAMES * WW_MODEL_INPUT_FEATURES + WW_TEST_MODEL_BLOCKS * WW_MODEL_INPUT_FEATURES + 4 * WW_MODEL_NUM_CLASSES)

typedef void (*ww_layer_hook_fn)(void *user, int32_t layer, const char *name, const void *data, uint32_t bytes);

int32_t ww_model_init(void);
int8_t *ww_model_input(void);
int32_t ww_model_invoke(int8_t probs[WW_MODEL_NUM_CLASSES], ww_layer_hook_fn hook, void *user);

extern const int32_t ww_featq_offset[24], ww_featq_mult[24], ww_featq_shift[24];
extern const int32_t ww_input_zero_point;

#endif
