/* Feature quantizer: int16 front-end features to the model's int8 input (contract in docs/architecture.md). */
#include "ww_runtime.h"

#include "arm_nnsupportfunctions.h"

void ww_features_quantize(const ww_featq_params_t *params, const int16_t *features, int8_t *output)
{
    for (int32_t c = 0; c < params->count; c++)
    {
        const int32_t v = arm_nn_requantize((int32_t)features[c] + params->offset[c], params->mult[c], params->shift[c]) +
                          params->zero_point;
        output[c] = (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));
    }
}
