/*
 * WakeWord portable CMSIS-NN subset: int8 max pooling. An output whose window lies wholly in the
 * padding is left as it was before the call (then clamped), as in CMSIS-NN.
 * C# twin: host/src/WakeWord.Sim.Kernels/Pooling/ArmMaxPoolS8.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_max_pool_s8(const cmsis_nn_context *ctx,
                                    const cmsis_nn_pool_params *pool_params,
                                    const cmsis_nn_dims *input_dims,
                                    const int8_t *input_data,
                                    const cmsis_nn_dims *filter_dims,
                                    const cmsis_nn_dims *output_dims,
                                    int8_t *output_data)
{
    (void)ctx;
    const int32_t input_x = input_dims->w;
    const int32_t input_y = input_dims->h;
    const int32_t ch = input_dims->c;
    if (input_dims->n < 1)
    {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    for (int32_t b = 0; b < input_dims->n; b++)
    {
        int8_t *out_base = output_data;
        for (int32_t oy = 0; oy < output_dims->h; oy++)
        {
            const int32_t base_y = oy * pool_params->stride.h - pool_params->padding.h;
            const int32_t ky_start = MAX(0, -base_y);
            const int32_t ky_end = MIN(filter_dims->h, input_y - base_y);
            for (int32_t ox = 0; ox < output_dims->w; ox++)
            {
                const int32_t base_x = ox * pool_params->stride.w - pool_params->padding.w;
                const int32_t kx_start = MAX(0, -base_x);
                const int32_t kx_end = MIN(filter_dims->w, input_x - base_x);
                int32_t count = 0;
                for (int32_t ky = ky_start; ky < ky_end; ky++)
                {
                    for (int32_t kx = kx_start; kx < kx_end; kx++)
                    {
                        const int8_t *in = input_data + ((ky + base_y) * input_x + (kx + base_x)) * ch;
                        for (int32_t c = 0; c < ch; c++)
                        {
                            if (count == 0 || in[c] > output_data[c])
                            {
                                output_data[c] = in[c];
                            }
                        }
                        count++;
                    }
                }
                output_data += ch;
            }
        }
        for (int8_t *p = out_base; p < output_data; p++)
        {
            int32_t v = *p;
            v = MAX(v, pool_params->activation.min);
            v = MIN(v, pool_params->activation.max);
            *p = (int8_t)v;
        }
        input_data += input_x * input_y * ch;
    }
    return ARM_CMSIS_NN_SUCCESS;
}
