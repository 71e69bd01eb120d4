/*
 * WakeWord portable CMSIS-NN subset: 1x1 int8 convolution, any stride, no padding.
 * C# twin: host/src/WakeWord.Sim.Kernels/Convolution/ArmConvolve1x1S8.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_convolve_1x1_s8(const cmsis_nn_context *ctx,
                                        const cmsis_nn_conv_params *conv_params,
                                        const cmsis_nn_per_channel_quant_params *quant_params,
                                        const cmsis_nn_dims *input_dims,
                                        const int8_t *input_data,
                                        const cmsis_nn_dims *filter_dims,
                                        const int8_t *filter_data,
                                        const cmsis_nn_dims *bias_dims,
                                        const int32_t *bias_data,
                                        const cmsis_nn_dims *output_dims,
                                        int8_t *output_data)
{
    (void)ctx;
    (void)filter_dims;
    (void)bias_dims;
    if (conv_params->padding.w != 0 || conv_params->padding.h != 0)
    {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const int32_t rhs_rows = output_dims->c;
    const int32_t rhs_cols = input_dims->c;
    const int32_t input_row_step = input_dims->w * conv_params->stride.h * rhs_cols;
    for (int32_t b = 0; b < input_dims->n; b++)
    {
        const int8_t *in = input_data + (int64_t)b * rhs_cols * input_dims->w * input_dims->h;
        for (int32_t oy = 0; oy < output_dims->h; oy++)
        {
            const arm_cmsis_nn_status status = arm_nn_mat_mult_nt_t_s8(
                in, filter_data, bias_data, output_data, quant_params->multiplier, quant_params->shift,
                output_dims->w, rhs_rows, rhs_cols, conv_params->input_offset, conv_params->output_offset,
                conv_params->activation.min, conv_params->activation.max, rhs_rows, rhs_cols * conv_params->stride.w);
            if (status != ARM_CMSIS_NN_SUCCESS)
            {
                return status;
            }
            in += input_row_step;
            output_data += output_dims->w * rhs_rows;
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}
