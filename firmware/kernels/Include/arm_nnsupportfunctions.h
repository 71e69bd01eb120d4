/*
 * WakeWord portable CMSIS-NN subset: integer arithmetic shared by the kernels, and internal helpers.
 * C# twin: host/src/WakeWord.Sim.Kernels/Requant.cs (rounding mode documented there).
 *
 * Rounding: by default requantization rounds twice, like TFLite's MultiplyByQuantizedMultiplier
 * (doubling high multiply with ties up, then a right shift with ties away from zero). With
 * CMSIS_NN_USE_SINGLE_ROUNDING defined it rounds once (ties up). The define must be the same for the
 * library and every caller, and must equal the simulator's RoundingMode.
 */
#ifndef ARM_NNSUPPORTFUNCTIONS_H
#define ARM_NNSUPPORTFUNCTIONS_H

#include "arm_nn_math_types.h"
#include "arm_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LEFT_SHIFT(_shift) (_shift > 0 ? _shift : 0)
#define RIGHT_SHIFT(_shift) (_shift > 0 ? 0 : -_shift)
#define MAX(A, B) ((A) > (B) ? (A) : (B))
#define MIN(A, B) ((A) < (B) ? (A) : (B))
#define CLAMP(x, h, l) MAX(MIN((x), (h)), (l))
/* Q31 multiplier reduced to Q15 (rounded) for the 64-bit requantization of the s16 kernels. */
#define REDUCE_MULTIPLIER(_mult) ((_mult < 0x7FFF0000) ? ((_mult + (1 << 15)) >> 16) : 0x7FFF)

/* round(m1 * m2 / 2^31), ties toward +infinity, no saturation. */
__STATIC_FORCEINLINE int32_t arm_nn_doubling_high_mult_no_sat(const int32_t m1, const int32_t m2)
{
    const int64_t prod = (int64_t)m1 * m2 + ((int64_t)1 << 30);
    return (int32_t)(prod >> 31);
}

/* Saturating doubling high multiply (round half away from zero), used by softmax. */
__STATIC_FORCEINLINE int32_t arm_nn_doubling_high_mult(const int32_t m1, const int32_t m2)
{
    int64_t acc = ((m1 < 0) != (m2 < 0)) ? (1 - ((int64_t)1 << 30)) : ((int64_t)1 << 30);
    acc += (int64_t)m1 * m2;
    int32_t result = (int32_t)(acc / ((int64_t)1 << 31));
    if (m1 == m2 && m1 == NN_Q31_MIN)
    {
        result = NN_Q31_MAX;
    }
    return result;
}

/* dividend / 2^exponent, rounded half away from zero. */
__STATIC_FORCEINLINE int32_t arm_nn_divide_by_power_of_two(const int32_t dividend, const int32_t exponent)
{
    const int32_t mask = (int32_t)(((uint32_t)1 << exponent) - 1u);
    const int32_t remainder = dividend & mask;
    int32_t result = dividend >> exponent;
    int32_t threshold = mask >> 1;
    if (result < 0)
    {
        threshold++;
    }
    if (remainder > threshold)
    {
        result++;
    }
    return result;
}

/* val * multiplier * 2^(shift - 31), rounded as selected by CMSIS_NN_USE_SINGLE_ROUNDING. */
__STATIC_FORCEINLINE int32_t arm_nn_requantize(const int32_t val, const int32_t multiplier, const int32_t shift)
{
#if defined(CMSIS_NN_USE_SINGLE_ROUNDING)
    const int64_t total_shift = 31 - shift;
    int64_t result = ((int64_t)val * multiplier) >> (total_shift - 1);
    result = (result + 1) >> 1;
    return (int32_t)result;
#else
    const int32_t shifted = (int32_t)((uint32_t)val << LEFT_SHIFT(shift));
    return arm_nn_divide_by_power_of_two(arm_nn_doubling_high_mult_no_sat(shifted, multiplier), RIGHT_SHIFT(shift));
#endif
}

/* 64-bit value times a Q15 (reduced) multiplier, shift in [-31, 7]; one rounding, ties up. */
__STATIC_FORCEINLINE int32_t arm_nn_requantize_s64(const int64_t val, const int32_t reduced_multiplier, const int32_t shift)
{
    const int64_t prod = val * reduced_multiplier;
    const int32_t result = (int32_t)(prod >> (14 - shift));
    return (int32_t)(((uint32_t)result + 1u)) >> 1;
}

/* Saturating val * 2^exp (softmax helper). */
__STATIC_FORCEINLINE int32_t arm_nn_mult_by_power_of_two(const int32_t val, const int32_t exp)
{
    const int32_t thresh = (int32_t)(((uint32_t)1 << (31 - exp)) - 1u);
    int32_t result = (int32_t)((uint32_t)val << exp);
    if (val > thresh)
    {
        result = NN_Q31_MAX;
    }
    if (val < -thresh)
    {
        result = NN_Q31_MIN;
    }
    return result;
}

/* exp(val) for val <= 0 in Q5.26 input, Q0.31 output (gemmlowp polynomial). */
int32_t arm_nn_exp_on_negative_values(int32_t val);

/* 1 / (1 + x) for x in [0, 1), Q0.31 in, Q2.29 out doubled to Q1.30 (Newton-Raphson). */
int32_t arm_nn_one_over_one_plus_x_for_x_in_0_1(int32_t val);

/* Dispatch predicates shared by arm_convolve_wrapper_s8 and its buffer-size query. */
__STATIC_INLINE bool arm_nn_is_convolve_1x1(const cmsis_nn_conv_params *conv_params,
                                            const cmsis_nn_dims *input_dims,
                                            const cmsis_nn_dims *filter_dims)
{
    return (conv_params->padding.w == 0) && (conv_params->padding.h == 0) && (filter_dims->w == 1) &&
        (filter_dims->h == 1) && (conv_params->dilation.w == 1) && (conv_params->dilation.h == 1) &&
        (input_dims->c == filter_dims->c);
}

__STATIC_INLINE bool arm_nn_is_convolve_1x1_fast(const cmsis_nn_conv_params *conv_params)
{
    return (conv_params->stride.w == 1) && (conv_params->stride.h == 1);
}

__STATIC_INLINE bool arm_nn_is_convolve_1_x_n(const cmsis_nn_conv_params *conv_params,
                                              const cmsis_nn_dims *input_dims,
                                              const cmsis_nn_dims *filter_dims)
{
    return (input_dims->h == 1) && (conv_params->dilation.w == 1) && (filter_dims->h == 1) &&
        ((conv_params->stride.w * input_dims->c) % 4 == 0) && (input_dims->c == filter_dims->c);
}

/* Row-major int8 matrix times transposed weights with per-channel requantization:
 * dst[r][c] = clamp(requantize(bias[c] + sum_k (lhs[r*lhs_stride + k] + lhs_offset) * rhs[c][k]) + dst_offset).
 * Used by the 1x1 convolutions. */
arm_cmsis_nn_status arm_nn_mat_mult_nt_t_s8(const int8_t *lhs,
                                            const int8_t *rhs,
                                            const int32_t *bias,
                                            int8_t *dst,
                                            const int32_t *dst_multipliers,
                                            const int32_t *dst_shifts,
                                            const int32_t lhs_rows,
                                            const int32_t rhs_rows,
                                            const int32_t rhs_cols,
                                            const int32_t lhs_offset,
                                            const int32_t dst_offset,
                                            const int32_t activation_min,
                                            const int32_t activation_max,
                                            const int32_t row_address_offset,
                                            const int32_t lhs_cols_offset);

/* One LSTM time step for all batches (8x8_16 scheme). */
arm_cmsis_nn_status arm_nn_lstm_step_s8(const int8_t *data_in,
                                        const int8_t *hidden_in,
                                        int8_t *hidden_out,
                                        const cmsis_nn_lstm_params *params,
                                        cmsis_nn_lstm_context *buffers,
                                        const int32_t batch_offset);

/* One gate: requantized input and hidden products summed in int16, then sigmoid or tanh. */
arm_cmsis_nn_status arm_nn_lstm_calculate_gate_s8_s16(const int8_t *data_in,
                                                      const int8_t *hidden_in,
                                                      const cmsis_nn_lstm_gate *gate_data,
                                                      const cmsis_nn_lstm_params *params,
                                                      int16_t *output,
                                                      const int32_t batch_offset);

/* dst[b][r] = clamp16(dst[b][r] + requantize(effective_bias[r] + sum_c lhs[b][c] * rhs[r][c])). */
arm_cmsis_nn_status arm_nn_vec_mat_mul_result_acc_s8_s16(const int8_t *lhs,
                                                         const int8_t *rhs,
                                                         const int32_t *effective_bias,
                                                         int16_t *dst,
                                                         const int32_t dst_multiplier,
                                                         const int32_t dst_shift,
                                                         const int32_t rhs_cols,
                                                         const int32_t rhs_rows,
                                                         const int32_t batches,
                                                         const int32_t batch_offset);

/* output[i] = clamp8(requantize(in1[i] * in2[i]) + out_offset), per batch of block_size. */
arm_cmsis_nn_status arm_elementwise_mul_s16_s8(const int16_t *input_1_vect,
                                               const int16_t *input_2_vect,
                                               int8_t *output,
                                               const int32_t out_offset,
                                               const int32_t out_mult,
                                               const int32_t out_shift,
                                               const int32_t block_size,
                                               const int32_t batch_size,
                                               const int32_t batch_offset);

/* output[i] = clamp(output[i] + requantize(in1[i] * in2[i])); limits [-32768, 32767] when max <= 0. */
arm_cmsis_nn_status arm_elementwise_mul_acc_s16(const int16_t *input_1_vect,
                                                const int16_t *input_2_vect,
                                                const int32_t input_1_offset,
                                                const int32_t input_2_offset,
                                                int16_t *output,
                                                const int32_t out_offset,
                                                const int32_t out_mult,
                                                const int32_t out_shift,
                                                const int32_t out_activation_min,
                                                const int32_t out_activation_max,
                                                const int32_t block_size);

/* Shared body of arm_softmax_s8 (int8 output) and its int16-output sibling. */
void arm_nn_softmax_common_s8(const int8_t *input,
                              const int32_t num_rows,
                              const int32_t row_size,
                              const int32_t mult,
                              const int32_t shift,
                              const int32_t diff_min,
                              const bool int16_output,
                              void *output);

#ifdef __cplusplus
}
#endif

#endif /* ARM_NNSUPPORTFUNCTIONS_H */
