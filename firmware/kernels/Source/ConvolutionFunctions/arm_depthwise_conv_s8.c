/*
 * WakeWord portable CMSIS-NN subset: general int8 depthwise convolution (any channel multiplier,
 * stride, padding, dilation, batch).
 * C# twin: host/src/WakeWord.Sim.Kernels/Convolution/ArmDepthwiseConvS8.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_depthwise_conv_s8(const cmsis_nn_context *ctx,
                                          const cmsis_nn_dw_conv_params *dw_conv_params,
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
    (void)bias_dims;
    const int32_t input_x = input_dims->w;
    const int32_t input_y = input_dims->h;
    const int32_t input_ch = input_dims->c;
    const int32_t output_ch = output_dims->c;
    const int32_t ch_mult = dw_conv_params->ch_mult;
    const int32_t kernel_x = filter_dims->w;
    const int32_t kernel_y = filter_dims->h;
    const int32_t input_offset = dw_conv_params->input_offset;

    for (int32_t b = 0; b < input_dims->n; b++)
    {
        const int8_t *in = input_data + (int64_t)b * input_x * input_y * input_ch;
        for (int32_t oy = 0; oy < output_dims->h; oy++)
        {
            const int32_t base_y = oy * dw_conv_params->stride.h - dw_conv_params->padding.h;
            for (int32_t ox = 0; ox < output_dims->w; ox++)
            {
                const int32_t base_x = ox * dw_conv_params->stride.w - dw_conv_params->padding.w;
                for (int32_t ic = 0; ic < input_ch; ic++)
                {
                    for (int32_t m = 0; m < ch_mult; m++)
                    {
                        const int32_t oc = ic * ch_mult + m;
                        int32_t acc = bias_data != NULL ? bias_data[oc] : 0;
                        for (int32_t ky = 0; ky < kernel_y; ky++)
                        {
                            const int32_t iy = base_y + dw_conv_params->dilation.h * ky;
                            if (iy < 0 || iy >= input_y)
                            {
                                continue;
                            }
                            for (int32_t kx = 0; kx < kernel_x; kx++)
                            {
                                const int32_t ix = base_x + dw_conv_params->dilation.w * kx;
                                if (ix < 0 || ix >= input_x)
                                {
                                    continue;
                                }
                                acc += (in[(iy * input_x + ix) * input_ch + ic] + input_offset) *
                                    filter_data[(ky * kernel_x + kx) * output_ch + oc];
                            }
                        }
                        acc = arm_nn_requantize(acc, quant_params->multiplier[oc], quant_params->shift[oc]);
                        acc += dw_conv_params->output_offset;
                        acc = MAX(acc, dw_conv_params->activation.min);
                        acc = MIN(acc, dw_conv_params->activation.max);
                        *output_data++ = (int8_t)acc;
                    }
                }
            }
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}
