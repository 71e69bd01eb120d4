/*
 * WakeWord portable CMSIS-NN subset: scratch sizes of the int8 convolutions, in bytes, as CMSIS-NN
 * returns them for pure C, DSP (Cortex-M4/M7 with gcc) and MVE builds.
 * C# twin: host/src/WakeWord.Sim.Kernels/Convolution/ScratchSize.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

static int32_t conv_s8_size_non_mve(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
    const int32_t rhs_cols = filter_dims->w * filter_dims->h * input_dims->c;
    const int32_t remainder = rhs_cols % 4;
    const int32_t aligned = remainder != 0 ? rhs_cols + 4 - remainder : rhs_cols;
    return 2 * aligned * (int32_t)sizeof(int16_t);
}

/* Arm Compiler 6 needs a buffer for the DSP 1x1 path; gcc builds do not. */
static int32_t conv_1x1_fast_size_dsp(const cmsis_nn_dims *input_dims)
{
#if defined(__ARMCC_VERSION) && (__ARMCC_VERSION >= 6010050)
    return 2 * input_dims->c * (int32_t)sizeof(int16_t);
#else
    (void)input_dims;
    return 0;
#endif
}

static int32_t conv_1_x_n_size_mve(const cmsis_nn_conv_params *conv_params,
                                   const cmsis_nn_dims *input_dims,
                                   const cmsis_nn_dims *filter_dims,
                                   const cmsis_nn_dims *output_dims)
{
    const int32_t pad_x = conv_params->padding.w;
    const int32_t stride_x = conv_params->stride.w;
    const int32_t output_x = output_dims->w;
    const int32_t total_pad = (output_x - 1) * stride_x + filter_dims->w - input_dims->w;
    const int32_t asym_pad = total_pad % 2;
    const int32_t right_pad_num = (pad_x + asym_pad) != 0 ? MAX(1, (pad_x + asym_pad + stride_x - 1) / stride_x) : 0;
    const int32_t left_pad_num = pad_x != 0 ? MAX(1, (pad_x + stride_x - 1) / stride_x) : 0;
    const int32_t no_pad_num = MAX(output_x - (right_pad_num + left_pad_num), 0);
    if (right_pad_num + no_pad_num + left_pad_num != output_x)
    {
        return arm_convolve_s8_get_buffer_size_mve(input_dims, filter_dims);
    }
    const int32_t pad_size_left = pad_x * input_dims->c;
    const int32_t pad_size_right = asym_pad ? right_pad_num * input_dims->c : pad_size_left;
    const int32_t num_elem_left = filter_dims->w * input_dims->c;
    const int32_t num_elem_right = num_elem_left - input_dims->c;
    return MAX(num_elem_left + pad_size_left, num_elem_right + pad_size_right);
}

int32_t arm_convolve_s8_get_buffer_size_mve(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
    const int32_t col_length = (input_dims->c * filter_dims->w * filter_dims->h + 15) / 16;
    return 4 * col_length * 16 * (int32_t)sizeof(int8_t);
}

int32_t arm_convolve_s8_get_buffer_size(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
#if defined(ARM_MATH_MVEI)
    return arm_convolve_s8_get_buffer_size_mve(input_dims, filter_dims);
#else
    return conv_s8_size_non_mve(input_dims, filter_dims);
#endif
}

int32_t arm_convolve_1_x_n_s8_get_buffer_size(const cmsis_nn_conv_params *conv_params,
                                              const cmsis_nn_dims *input_dims,
                                              const cmsis_nn_dims *filter_dims,
                                              const cmsis_nn_dims *output_dims)
{
#if defined(ARM_MATH_MVEI)
    return conv_1_x_n_size_mve(conv_params, input_dims, filter_dims, output_dims);
#else
    (void)conv_params;
    (void)output_dims;
    return conv_s8_size_non_mve(input_dims, filter_dims);
#endif
}

int32_t arm_convolve_1x1_s8_fast_get_buffer_size(const cmsis_nn_dims *input_dims)
{
#if defined(ARM_MATH_DSP) && !defined(ARM_MATH_MVEI)
    return conv_1x1_fast_size_dsp(input_dims);
#else
    (void)input_dims;
    return 0;
#endif
}

int32_t arm_convolve_wrapper_s8_get_buffer_size_dsp(const cmsis_nn_conv_params *conv_params,
                                                    const cmsis_nn_dims *input_dims,
                                                    const cmsis_nn_dims *filter_dims,
                                                    const cmsis_nn_dims *output_dims)
{
    (void)output_dims;
    if (arm_nn_is_convolve_1x1(conv_params, input_dims, filter_dims))
    {
        return arm_nn_is_convolve_1x1_fast(conv_params) ? conv_1x1_fast_size_dsp(input_dims) : 0;
    }
    return conv_s8_size_non_mve(input_dims, filter_dims);
}

int32_t arm_convolve_wrapper_s8_get_buffer_size_mve(const cmsis_nn_conv_params *conv_params,
                                                    const cmsis_nn_dims *input_dims,
                                                    const cmsis_nn_dims *filter_dims,
                                                    const cmsis_nn_dims *output_dims)
{
    if (arm_nn_is_convolve_1x1(conv_params, input_dims, filter_dims))
    {
        return 0;
    }
    if (arm_nn_is_convolve_1_x_n(conv_params, input_dims, filter_dims))
    {
        return conv_1_x_n_size_mve(conv_params, input_dims, filter_dims, output_dims);
    }
    return arm_convolve_s8_get_buffer_size_mve(input_dims, filter_dims);
}

int32_t arm_convolve_wrapper_s8_get_buffer_size(const cmsis_nn_conv_params *conv_params,
                                                const cmsis_nn_dims *input_dims,
                                                const cmsis_nn_dims *filter_dims,
                                                const cmsis_nn_dims *output_dims)
{
#if defined(ARM_MATH_MVEI)
    return arm_convolve_wrapper_s8_get_buffer_size_mve(conv_params, input_dims, filter_dims, output_dims);
#elif defined(ARM_MATH_DSP)
    return arm_convolve_wrapper_s8_get_buffer_size_dsp(conv_params, input_dims, filter_dims, output_dims);
#else
    (void)output_dims;
    if (arm_nn_is_convolve_1x1(conv_params, input_dims, filter_dims))
    {
        return 0;
    }
    return conv_s8_size_non_mve(input_dims, filter_dims);
#endif
}
