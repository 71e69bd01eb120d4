/*
 * WakeWord portable CMSIS-NN subset: general int8 convolution.
 * C# twin: host/src/WakeWord.Sim.Kernels/Convolution/ArmConvolveS8.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

static inline int8_t requantize_clamp(int32_t acc,
                                      const cmsis_nn_per_channel_quant_params *quant_params,
                                      const int32_t oc,
                                      const cmsis_nn_conv_params *conv_params)
{
    acc = arm_nn_requantize(acc, quant_params->multiplier[oc], quant_params->shift[oc]);
    acc += conv_params->output_offset;
    acc = MAX(acc, conv_params->activation.min);
    acc = MIN(acc, conv_params->activation.max);
    return (int8_t)acc;
}

arm_cmsis_nn_status arm_convolve_s8(const cmsis_nn_context *ctx,
                                    const cmsis_nn_conv_params *conv_params,
                                    const cmsis_nn_per_channel_quant_params *quant_params,
                                    const cmsis_nn_dims *input_dims,
                                    const int8_t *input_data,
                                    const cmsis_nn_dims *filter_dims,
                                    const int8_t *filter_data,
                                    const cmsis_nn_dims *bias_dims,
                                    const int32_t *bias_data,
                                    const cmsis_nn_dims *upscale_dims,
                                    const cmsis_nn_dims *output_dims,
                                    int8_t *output_data)
{
    (void)bias_dims;
    if (ctx->buf == NULL)
    {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const int32_t input_ch = input_dims->c;
    const int32_t kernel_ch = filter_dims->c;
    const int32_t output_ch = output_dims->c;
    if (kernel_ch <= 0 || input_ch < kernel_ch)
    {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const int32_t groups = input_ch / kernel_ch;
    if (input_ch % groups != 0 || output_ch % groups != 0)
    {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const int32_t output_ch_per_group = output_ch / groups;
    const int32_t input_x = input_dims->w;
    const int32_t input_y = input_dims->h;
    const int32_t kernel_x = filter_dims->w;
    const int32_t kernel_y = filter_dims->h;
    const int32_t output_x = output_dims->w;
    const int32_t output_y = output_dims->h;
    const int32_t input_offset = conv_params->input_offset;
    const int32_t x_rshift = (upscale_dims != NULL && upscale_dims->w == 2) ? 1 : 0;
    const int32_t y_rshift = (upscale_dims != NULL && upscale_dims->h == 2) ? 1 : 0;
    const int32_t input_x_stored = input_x >> x_rshift;
    const int32_t input_y_stored = input_y >> y_rshift;
    const int32_t rhs_cols = kernel_x * kernel_y * kernel_ch;

    if (groups == 1 && x_rshift == 0 && y_rshift == 0)
    {
        /* One int16 im2col row per output pixel in ctx->buf (x + input_offset, 0 for padding; in SIMD order on
         * DSP cores), then one dot product per output channel. ctx->buf holds 2 * align4(rhs_cols) int16
         * (arm_convolve_s8_get_buffer_size). */
        int16_t *col = (int16_t *)ctx->buf;
        for (int32_t b = 0; b < input_dims->n; b++)
        {
            const int8_t *in_batch = input_data + (int64_t)b * input_x * input_y * input_ch;
            int8_t *out = output_data + (int64_t)b * output_x * output_y * output_ch;
            for (int32_t oy = 0; oy < output_y; oy++)
            {
                const int32_t base_y = conv_params->stride.h * oy - conv_params->padding.h;
                for (int32_t ox = 0; ox < output_x; ox++)
                {
                    const int32_t base_x = conv_params->stride.w * ox - conv_params->padding.w;
                    int16_t *c = col;
                    for (int32_t ky = 0; ky < kernel_y; ky++)
                    {
                        const int32_t iy = base_y + conv_params->dilation.h * ky;
                        for (int32_t kx = 0; kx < kernel_x; kx++)
                        {
                            const int32_t ix = base_x + conv_params->dilation.w * kx;
                            if (iy < 0 || iy >= input_y || ix < 0 || ix >= input_x)
                            {
                                memset(c, 0, (size_t)kernel_ch * sizeof(int16_t));
                            }
                            else
                            {
                                const int8_t *in = in_batch + (iy * input_x + ix) * input_ch;
                                for (int32_t ic = 0; ic < kernel_ch; ic++)
                                {
                                    c[ic] = (int16_t)(in[ic] + input_offset);
                                }
                            }
                            c += kernel_ch;
                        }
                    }
#if defined(WW_KERNELS_SIMD32)
                    ww_reorder_s16_groups(col, rhs_cols);
#endif
                    int32_t oc = 0;
#if defined(WW_KERNELS_SIMD32)
                    for (; oc + 2 <= output_ch; oc += 2)
                    {
                        const int8_t *w0 = filter_data + (int64_t)oc * rhs_cols;
                        int32_t acc0 = bias_data != NULL ? bias_data[oc] : 0;
                        int32_t acc1 = bias_data != NULL ? bias_data[oc + 1] : 0;
                        ww_dot2_s16_reordered_s8(col, w0, w0 + rhs_cols, rhs_cols, &acc0, &acc1);
                        out[oc] = requantize_clamp(acc0, quant_params, oc, conv_params);
                        out[oc + 1] = requantize_clamp(acc1, quant_params, oc + 1, conv_params);
                    }
#endif
                    for (; oc < output_ch; oc++)
                    {
                        const int8_t *w = filter_data + (int64_t)oc * rhs_cols;
                        int32_t acc = bias_data != NULL ? bias_data[oc] : 0;
#if defined(WW_KERNELS_SIMD32)
                        acc = ww_dot_s16_reordered_s8(col, w, rhs_cols, acc);
#else
                        for (int32_t i = 0; i < rhs_cols; i++)
                        {
                            acc += col[i] * w[i];
                        }
#endif
                        out[oc] = requantize_clamp(acc, quant_params, oc, conv_params);
                    }
                    out += output_ch;
                }
            }
        }
        return ARM_CMSIS_NN_SUCCESS;
    }

    /* Grouped or upscaled input: direct loops. */
    for (int32_t b = 0; b < input_dims->n; b++)
    {
        const int8_t *in_batch = input_data + (int64_t)b * input_x_stored * input_y_stored * input_ch;
        int8_t *out_batch = output_data + (int64_t)b * output_x * output_y * output_ch;
        for (int32_t oy = 0; oy < output_y; oy++)
        {
            const int32_t base_y = conv_params->stride.h * oy - conv_params->padding.h;
            for (int32_t ox = 0; ox < output_x; ox++)
            {
                const int32_t base_x = conv_params->stride.w * ox - conv_params->padding.w;
                int8_t *out = out_batch + (oy * output_x + ox) * output_ch;
                for (int32_t oc = 0; oc < output_ch; oc++)
                {
                    const int32_t group = oc / output_ch_per_group;
                    const int8_t *filter = filter_data + (int64_t)oc * rhs_cols;
                    int32_t acc = bias_data != NULL ? bias_data[oc] : 0;
                    for (int32_t ky = 0; ky < kernel_y; ky++)
                    {
                        const int32_t iy = base_y + conv_params->dilation.h * ky;
                        if (iy < 0 || iy >= input_y || ((iy & 1) && y_rshift))
                        {
                            continue;
                        }
                        for (int32_t kx = 0; kx < kernel_x; kx++)
                        {
                            const int32_t ix = base_x + conv_params->dilation.w * kx;
                            if (ix < 0 || ix >= input_x || ((ix & 1) && x_rshift))
                            {
                                continue;
                            }
                            const int8_t *in = in_batch +
                                (((iy >> y_rshift) * input_x_stored + (ix >> x_rshift)) * input_ch) +
                                group * kernel_ch;
                            const int8_t *w = filter + (ky * kernel_x + kx) * kernel_ch;
                            for (int32_t ic = 0; ic < kernel_ch; ic++)
                            {
                                acc += (in[ic] + input_offset) * w[ic];
                            }
                        }
                    }
                    acc = arm_nn_requantize(acc, quant_params->multiplier[oc], quant_params->shift[oc]);
                    acc += conv_params->output_offset;
                    acc = MAX(acc, conv_params->activation.min);
                    acc = MIN(acc, conv_params->activation.max);
                    out[oc] = (int8_t)acc;
                }
            }
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}
