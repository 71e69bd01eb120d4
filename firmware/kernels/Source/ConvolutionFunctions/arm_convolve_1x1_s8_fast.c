/*
 * WakeWord portable CMSIS-NN subset: 1x1 int8 convolution, stride 1, no padding.
 * C# twin: host/src/WakeWord.Sim.Kernels/Convolution/ArmConvolve1x1S8Fast.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_convolve_1x1_s8_fast(const cmsis_nn_context *ctx,
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
    if (conv_params->padding.w != 0 || conv_params->padding.h != 0 || conv_params->stride.w != 1 ||
        conv_params->stride.h != 1)
    {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const int32_t rhs_cols = input_dims->c;
    const int32_t rhs_rows = output_dims->c;
    const int32_t lhs_rows = input_dims->w * input_dims->h * input_dims->n;
    return arm_nn_mat_mult_nt_t_s8(input_data, filter_data, bias_data, output_data, quant_params->multiplier,
                                   quant_params->shift, lhs_rows, rhs_rows, rhs_cols, conv_params->input_offset,
                                   conv_params->output_offset, conv_params->activation.min,
                                   conv_params->activation.max, rhs_rows, rhs_cols);
}
