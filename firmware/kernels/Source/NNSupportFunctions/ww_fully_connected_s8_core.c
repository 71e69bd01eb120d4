/*
 * WakeWord portable CMSIS-NN subset: the loop shared by arm_fully_connected_s8 (one multiplier, quant_stride 0)
 * and arm_fully_connected_per_channel_s8 (one per output, quant_stride 1).
 * C# twins: ArmFullyConnectedS8.cs, ArmFullyConnectedPerChannelS8.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status ww_fully_connected_s8_core(const cmsis_nn_context *ctx,
                                               const cmsis_nn_fc_params *fc_params,
                                               const int32_t *multiplier,
                                               const int32_t *shift,
                                               int32_t quant_stride,
                                               const cmsis_nn_dims *input_dims,
                                               const int8_t *input_data,
                                               const cmsis_nn_dims *filter_dims,
                                               const int8_t *filter_data,
                                               const cmsis_nn_dims *bias_dims,
                                               const int32_t *bias_data,
                                               const cmsis_nn_dims *output_dims,
                                               int8_t *output_data)
{
    (void)bias_dims;
#if defined(ARM_MATH_MVEI)
    if (ctx->buf == NULL)
    {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
#else
    (void)ctx;
#endif
    const int32_t accum_depth = filter_dims->n;
    const int32_t output_depth = output_dims->c;
    for (int32_t b = 0; b < input_dims->n; b++)
    {
        for (int32_t o = 0; o < output_depth; o++)
        {
            const int8_t *w = filter_data + (int64_t)o * accum_depth;
            int32_t acc = bias_data != NULL ? bias_data[o] : 0;
#if defined(WW_KERNELS_SIMD32)
            if (WW_OFFSET_FITS_S16(fc_params->input_offset) && WW_OFFSET_FITS_S16(fc_params->filter_offset))
            {
                acc = ww_dot_s8_offsets(input_data, w, accum_depth, fc_params->input_offset, fc_params->filter_offset, acc);
            }
            else
#endif
            {
                for (int32_t i = 0; i < accum_depth; i++)
                {
                    acc += (input_data[i] + fc_params->input_offset) * (w[i] + fc_params->filter_offset);
                }
            }
            acc = arm_nn_requantize(acc, multiplier[o * quant_stride], shift[o * quant_stride]);
            acc += fc_params->output_offset;
            acc = MAX(acc, fc_params->activation.min);
            acc = MIN(acc, fc_params->activation.max);
            output_data[o] = (int8_t)acc;
        }
        input_data += accum_depth;
        output_data += output_depth;
    }
    return ARM_CMSIS_NN_SUCCESS;
}
