/*
 * WakeWord portable CMSIS-NN subset: scratch sizes of the int8 depthwise convolutions, in bytes, as
 * CMSIS-NN returns them for pure C, DSP and MVE builds.
 * C# twin: host/src/WakeWord.Sim.Kernels/Convolution/ScratchSize.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

/* Channel block of the MVE depthwise kernel; one input channel is turned into a regular convolution
 * on MVE when the output has more channels than the threshold (8 with Arm Compiler 6, 1 with gcc). */
#define WW_DW_CH_IN_BLOCK_MVE (124)
#if defined(__ARMCC_VERSION) && (__ARMCC_VERSION >= 6010050)
    #define WW_DW_ONE_IN_CH_TO_CONV_THRESHOLD (8)
#else
    #define WW_DW_ONE_IN_CH_TO_CONV_THRESHOLD (1)
#endif

int32_t arm_depthwise_conv_s8_opt_get_buffer_size_mve(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
    (void)input_dims;
    return 4 * WW_DW_CH_IN_BLOCK_MVE * filter_dims->w * filter_dims->h * (int32_t)sizeof(int8_t);
}

int32_t arm_depthwise_conv_s8_opt_get_buffer_size_dsp(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
    return input_dims->c * filter_dims->w * filter_dims->h * (int32_t)sizeof(int16_t);
}

int32_t arm_depthwise_conv_s8_opt_get_buffer_size(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
#if defined(ARM_MATH_MVEI)
    return arm_depthwise_conv_s8_opt_get_buffer_size_mve(input_dims, filter_dims);
#elif defined(ARM_MATH_DSP)
    return arm_depthwise_conv_s8_opt_get_buffer_size_dsp(input_dims, filter_dims);
#else
    (void)input_dims;
    (void)filter_dims;
    return 0;
#endif
}

static int32_t one_in_ch_size_mve(const cmsis_nn_dw_conv_params *dw_conv_params,
                                  const cmsis_nn_dims *input_dims,
                                  const cmsis_nn_dims *filter_dims,
                                  const cmsis_nn_dims *output_dims)
{
    const cmsis_nn_dims conv_filter = {filter_dims->c, filter_dims->h, filter_dims->w, filter_dims->n};
    const cmsis_nn_conv_params conv_params = {dw_conv_params->input_offset,
                                              dw_conv_params->output_offset,
                                              dw_conv_params->stride,
                                              dw_conv_params->padding,
                                              dw_conv_params->dilation,
                                              dw_conv_params->activation};
    return arm_convolve_wrapper_s8_get_buffer_size_mve(&conv_params, input_dims, &conv_filter, output_dims) +
        filter_dims->c * filter_dims->h * filter_dims->w * filter_dims->n;
}

static bool dw_opt_path(const cmsis_nn_dw_conv_params *dw_conv_params,
                        const cmsis_nn_dims *input_dims,
                        const cmsis_nn_dims *output_dims)
{
    return input_dims->c == output_dims->c && input_dims->n == 1 && dw_conv_params->dilation.w == 1 &&
        dw_conv_params->dilation.h == 1;
}

static bool dw_3x3_path(const cmsis_nn_dw_conv_params *dw_conv_params, const cmsis_nn_dims *filter_dims)
{
    return filter_dims->w == 3 && filter_dims->h == 3 && dw_conv_params->padding.h <= 1 &&
        dw_conv_params->padding.w <= 1;
}

int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size_dsp(const cmsis_nn_dw_conv_params *dw_conv_params,
                                                          const cmsis_nn_dims *input_dims,
                                                          const cmsis_nn_dims *filter_dims,
                                                          const cmsis_nn_dims *output_dims)
{
    if (dw_opt_path(dw_conv_params, input_dims, output_dims) && !dw_3x3_path(dw_conv_params, filter_dims))
    {
        return arm_depthwise_conv_s8_opt_get_buffer_size_dsp(input_dims, filter_dims);
    }
    return 0;
}

int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size_mve(const cmsis_nn_dw_conv_params *dw_conv_params,
                                                          const cmsis_nn_dims *input_dims,
                                                          const cmsis_nn_dims *filter_dims,
                                                          const cmsis_nn_dims *output_dims)
{
    int32_t size = 0;
    if (dw_opt_path(dw_conv_params, input_dims, output_dims))
    {
        size = arm_depthwise_conv_s8_opt_get_buffer_size_mve(input_dims, filter_dims);
    }
    if (input_dims->c == 1 && output_dims->c > WW_DW_ONE_IN_CH_TO_CONV_THRESHOLD)
    {
        const int32_t to_conv = one_in_ch_size_mve(dw_conv_params, input_dims, filter_dims, output_dims);
        if (to_conv > size)
        {
            return to_conv;
        }
    }
    return size;
}

int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size(const cmsis_nn_dw_conv_params *dw_conv_params,
                                                      const cmsis_nn_dims *input_dims,
                                                      const cmsis_nn_dims *filter_dims,
                                                      const cmsis_nn_dims *output_dims)
{
#if defined(ARM_MATH_MVEI)
    if (input_dims->c == 1 && output_dims->c > WW_DW_ONE_IN_CH_TO_CONV_THRESHOLD)
    {
        return one_in_ch_size_mve(dw_conv_params, input_dims, filter_dims, output_dims);
    }
    return dw_opt_path(dw_conv_params, input_dims, output_dims)
        ? arm_depthwise_conv_s8_opt_get_buffer_size_mve(input_dims, filter_dims)
        : 0;
#elif defined(ARM_MATH_DSP)
    return arm_depthwise_conv_wrapper_s8_get_buffer_size_dsp(dw_conv_params, input_dims, filter_dims, output_dims);
#else
    (void)dw_conv_params;
    (void)input_dims;
    (void)filter_dims;
    (void)output_dims;
    return 0;
#endif
}
