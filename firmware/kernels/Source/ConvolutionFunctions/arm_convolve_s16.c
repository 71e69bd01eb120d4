/*
 * WakeWord portable CMSIS-NN subset: convolution with int16 activations and int8 weights
 * (symmetric activations: no input or output offset), int64 or int32 bias.
 * C# twin: host/src/WakeWord.Sim.Kernels/Convolution/ArmConvolveS16.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_convolve_s16(const cmsis_nn_context *ctx,
                                     const cmsis_nn_conv_params *conv_params,
                                     const cmsis_nn_per_channel_quant_params *quant_params,
                                     const cmsis_nn_dims *input_dims,
                                     const int16_t *input_data,
                                     const cmsis_nn_dims *filter_dims,
                                     const int8_t *filter_data,
                                     const cmsis_nn_dims *bias_dims,
                                     const cmsis_nn_bias_data *bias_data,
                                     const cmsis_nn_dims *output_dims,
                                     int16_t *output_data)
{
    (void)bias_dims;
    if (ctx->buf == NULL)
    {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const int32_t input_x = input_dims->w;
    const int32_t input_y = input_dims->h;
    const int32_t input_ch = input_dims->c;
    const int32_t kernel_x = filter_dims->w;
    const int32_t kernel_y = filter_dims->h;
    const int32_t output_ch = output_dims->c;
    const int32_t rhs_cols = kernel_x * kernel_y * input_ch;
    const int64_t *bias_s64 = (const int64_t *)bias_data->data;
    const int32_t *bias_s32 = (const int32_t *)bias_data->data;

    for (int32_t b = 0; b < input_dims->n; b++)
    {
        const int16_t *in = input_data + (int64_t)b * input_x * input_y * input_ch;
        for (int32_t oy = 0; oy < output_dims->h; oy++)
        {
            const int32_t base_y = conv_params->stride.h * oy - conv_params->padding.h;
            for (int32_t ox = 0; ox < output_dims->w; ox++)
            {
                const int32_t base_x = conv_params->stride.w * ox - conv_params->padding.w;
                for (int32_t oc = 0; oc < output_ch; oc++)
                {
                    const int8_t *filter = filter_data + (int64_t)oc * rhs_cols;
                    int32_t sum = 0;
                    for (int32_t ky = 0; ky < kernel_y; ky++)
                    {
                        const int32_t iy = base_y + conv_params->dilation.h * ky;
                        if (iy < 0 || iy >= input_y)
                        {
                            continue;
                        }
                        for (int32_t kx = 0; kx < kernel_x; kx++)
                        {
                            const int32_t ix = base_x + conv_params->dilation.w * kx;
                            if (ix < 0 || ix >= input_x)
                            {
                                continue;
                            }
                            const int16_t *x = in + (iy * input_x + ix) * input_ch;
                            const int8_t *w = filter + (ky * kernel_x + kx) * input_ch;
                            for (int32_t ic = 0; ic < input_ch; ic++)
                            {
                                sum += x[ic] * w[ic];
                            }
                        }
                    }
                    if (bias_data->is_int32_bias)
                    {
                        if (bias_s32 != NULL)
                        {
                            sum += bias_s32[oc];
                        }
                        sum = arm_nn_requantize(sum, quant_params->multiplier[oc], quant_params->shift[oc]);
                    }
                    else
                    {
                        int64_t acc_64 = sum;
                        if (bias_s64 != NULL)
                        {
                            acc_64 += bias_s64[oc];
                        }
                        const int32_t reduced_multiplier = REDUCE_MULTIPLIER(quant_params->multiplier[oc]);
                        sum = arm_nn_requantize_s64(acc_64, reduced_multiplier, quant_params->shift[oc]);
                    }
                    sum = MAX(sum, conv_params->activation.min);
                    sum = MIN(sum, conv_params->activation.max);
                    *output_data++ = (int16_t)sum;
                }
            }
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}
