/*
 * WakeWord portable CMSIS-NN subset: int8 average pooling over the valid taps, rounded half away
 * from zero.
 * C# twin: host/src/WakeWord.Sim.Kernels/Pooling/ArmAvgpoolS8.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_avgpool_s8(const cmsis_nn_context *ctx,
                                   const cmsis_nn_pool_params *pool_params,
                                   const cmsis_nn_dims *input_dims,
                                   const int8_t *input_data,
                                   const cmsis_nn_dims *filter_dims,
                                   const cmsis_nn_dims *output_dims,
                                   int8_t *output_data)
{
    const int32_t input_x = input_dims->w;
    const int32_t input_y = input_dims->h;
    const int32_t ch = input_dims->c;
    if (input_dims->n < 1)
    {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    if (ctx->buf == NULL && arm_avgpool_s8_get_buffer_size(output_dims->w, input_dims->c) != 0)
    {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    for (int32_t b = 0; b < input_dims->n; b++)
    {
        for (int32_t oy = 0; oy < output_dims->h; oy++)
        {
            const int32_t base_y = oy * pool_params->stride.h - pool_params->padding.h;
            for (int32_t ox = 0; ox < output_dims->w; ox++)
            {
                const int32_t base_x = ox * pool_params->stride.w - pool_params->padding.w;
                for (int32_t c = 0; c < ch; c++)
                {
                    int32_t sum = 0;
                    int32_t count = 0;
                    for (int32_t iy = base_y; iy < base_y + filter_dims->h; iy++)
                    {
                        for (int32_t ix = base_x; ix < base_x + filter_dims->w; ix++)
                        {
                            if (iy >= 0 && ix >= 0 && iy < input_y && ix < input_x)
                            {
                                sum += input_data[(iy * input_x + ix) * ch + c];
                                count++;
                            }
                        }
                    }
                    if (count == 0)
                    {
                        return ARM_CMSIS_NN_ARG_ERROR;
                    }
                    sum = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                    sum = MAX(sum, pool_params->activation.min);
                    sum = MIN(sum, pool_params->activation.max);
                    output_data[(oy * output_dims->w + ox) * ch + c] = (int8_t)sum;
                }
            }
        }
        input_data += input_x * input_y * ch;
        output_data += output_dims->w * output_dims->h * ch;
    }
    return ARM_CMSIS_NN_SUCCESS;
}
