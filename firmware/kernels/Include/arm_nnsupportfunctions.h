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

/* 32-bit SIMD helpers for the hot loops: on cores with the DSP extension the ACLE intrinsics (SXTB16,
 * SXTAB16, SMLAD), elsewhere plain C with identical results when WW_KERNELS_DSP_EMULATION is defined (the
 * host test build uses it to run the DSP code paths against the simulator). Products are exact and sums wrap
 * modulo 2^32 like the scalar int32 loops, so both paths give the same integers. */
#if defined(ARM_MATH_DSP) || defined(WW_KERNELS_DSP_EMULATION)
    #define WW_KERNELS_SIMD32 1
    #if defined(WW_KERNELS_DSP_EMULATION)
/* (int8)x[0], (int8)x[2] sign-extended into the low and high halfwords. */
__STATIC_FORCEINLINE int32_t ww_sxtb16(const int32_t x)
{
    const uint32_t lo = (uint16_t)(int16_t)(int8_t)(x & 0xFF);
    const uint32_t hi = (uint16_t)(int16_t)(int8_t)((x >> 16) & 0xFF);
    return (int32_t)(lo | (hi << 16));
}

/* Halfwords of a plus the sign-extended bytes 0 and 2 of x, each modulo 2^16. */
__STATIC_FORCEINLINE int32_t ww_sxtab16(const int32_t a, const int32_t x)
{
    const uint32_t lo = (uint16_t)((uint32_t)a + (uint32_t)(int32_t)(int8_t)(x & 0xFF));
    const uint32_t hi = (uint16_t)(((uint32_t)a >> 16) + (uint32_t)(int32_t)(int8_t)((x >> 16) & 0xFF));
    return (int32_t)(lo | (hi << 16));
}

/* acc + a.lo * b.lo + a.hi * b.hi (signed halfwords), modulo 2^32. */
__STATIC_FORCEINLINE int32_t ww_smlad(const int32_t a, const int32_t b, const int32_t acc)
{
    const int32_t p0 = (int32_t)(int16_t)(a & 0xFFFF) * (int32_t)(int16_t)(b & 0xFFFF);
    const int32_t p1 = (int32_t)(int16_t)((uint32_t)a >> 16) * (int32_t)(int16_t)((uint32_t)b >> 16);
    return (int32_t)((uint32_t)acc + (uint32_t)p0 + (uint32_t)p1);
}
    #else
        #include <arm_acle.h>
        #define ww_sxtb16(x) ((int32_t)__sxtb16((int8x4_t)(x)))
        #define ww_sxtab16(a, x) ((int32_t)__sxtab16((int16x2_t)(a), (int8x4_t)(x)))
        #define ww_smlad(a, b, acc) ((int32_t)__smlad((int16x2_t)(a), (int16x2_t)(b), (int32_t)(acc)))
    #endif

__STATIC_FORCEINLINE int32_t ww_ror8(const int32_t x)
{
    const uint32_t u = (uint32_t)x;
    return (int32_t)((u >> 8) | (u << 24));
}

__STATIC_FORCEINLINE int32_t ww_read_s8x4(const int8_t *p)
{
    int32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

__STATIC_FORCEINLINE int32_t ww_read_s16x2(const int16_t *p)
{
    int32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/* Both offsets packed into the two halfwords, for ww_sxtab16. */
__STATIC_FORCEINLINE int32_t ww_pack_offset(const int32_t offset)
{
    const uint32_t h = (uint16_t)offset;
    return (int32_t)(h | (h << 16));
}

/* Reorders each whole group of four int16 as 0 2 1 3, the order in which SXTB16 pairs int8 weights. */
__STATIC_FORCEINLINE void ww_reorder_s16_groups(int16_t *col, const int32_t n)
{
    for (int32_t i = 0; i + 4 <= n; i += 4)
    {
        const int16_t t = col[i + 1];
        col[i + 1] = col[i + 2];
        col[i + 2] = t;
    }
}

/* Two dot products sharing the reordered int16 column: acc0 += Σ col * w0, acc1 += Σ col * w1. */
__STATIC_FORCEINLINE void ww_dot2_s16_reordered_s8(const int16_t *col, const int8_t *w0, const int8_t *w1,
                                                   const int32_t n, int32_t *acc0, int32_t *acc1)
{
    int32_t a0 = *acc0, a1 = *acc1;
    int32_t i = 0;
    for (; i + 4 <= n; i += 4)
    {
        const int32_t c02 = ww_read_s16x2(col + i);
        const int32_t c13 = ww_read_s16x2(col + i + 2);
        const int32_t x0 = ww_read_s8x4(w0 + i);
        const int32_t x1 = ww_read_s8x4(w1 + i);
        a0 = ww_smlad(ww_sxtb16(x0), c02, a0);
        a1 = ww_smlad(ww_sxtb16(x1), c02, a1);
        a0 = ww_smlad(ww_sxtb16(ww_ror8(x0)), c13, a0);
        a1 = ww_smlad(ww_sxtb16(ww_ror8(x1)), c13, a1);
    }
    for (; i < n; i++)
    {
        a0 += col[i] * w0[i];
        a1 += col[i] * w1[i];
    }
    *acc0 = a0;
    *acc1 = a1;
}

/* Two int8 dot products sharing lhs: acc0 += Σ lhs * w0, acc1 += Σ lhs * w1. */
__STATIC_FORCEINLINE void ww_dot2_s8(const int8_t *lhs, const int8_t *w0, const int8_t *w1, const int32_t n,
                                     int32_t *acc0, int32_t *acc1)
{
    int32_t a0 = *acc0, a1 = *acc1;
    int32_t i = 0;
    for (; i + 4 <= n; i += 4)
    {
        const int32_t x = ww_read_s8x4(lhs + i);
        const int32_t xa = ww_sxtb16(x);
        const int32_t xb = ww_sxtb16(ww_ror8(x));
        const int32_t v0 = ww_read_s8x4(w0 + i);
        const int32_t v1 = ww_read_s8x4(w1 + i);
        a0 = ww_smlad(ww_sxtb16(v0), xa, a0);
        a1 = ww_smlad(ww_sxtb16(v1), xa, a1);
        a0 = ww_smlad(ww_sxtb16(ww_ror8(v0)), xb, a0);
        a1 = ww_smlad(ww_sxtb16(ww_ror8(v1)), xb, a1);
    }
    for (; i < n; i++)
    {
        a0 += lhs[i] * w0[i];
        a1 += lhs[i] * w1[i];
    }
    *acc0 = a0;
    *acc1 = a1;
}

/* Σ col[i] * w[i] where col is int16 reordered by ww_reorder_s16_groups and w is int8. */
__STATIC_FORCEINLINE int32_t ww_dot_s16_reordered_s8(const int16_t *col, const int8_t *w, const int32_t n, int32_t acc)
{
    int32_t i = 0;
    for (; i + 4 <= n; i += 4)
    {
        const int32_t wv = ww_read_s8x4(w + i);
        acc = ww_smlad(ww_sxtb16(wv), ww_read_s16x2(col + i), acc);
        acc = ww_smlad(ww_sxtb16(ww_ror8(wv)), ww_read_s16x2(col + i + 2), acc);
    }
    for (; i < n; i++)
    {
        acc += col[i] * w[i];
    }
    return acc;
}

/* Σ (lhs[i] + lhs_offset) * (rhs[i] + rhs_offset) over n int8 pairs, offsets in int16 range. */
__STATIC_FORCEINLINE int32_t ww_dot_s8_offsets(const int8_t *lhs, const int8_t *rhs, const int32_t n,
                                                const int32_t lhs_offset, const int32_t rhs_offset, int32_t acc)
{
    const int32_t lo2 = ww_pack_offset(lhs_offset);
    const int32_t ro2 = ww_pack_offset(rhs_offset);
    int32_t i = 0;
    for (; i + 4 <= n; i += 4)
    {
        const int32_t x = ww_read_s8x4(lhs + i);
        const int32_t w = ww_read_s8x4(rhs + i);
        acc = ww_smlad(ww_sxtab16(lo2, x), ww_sxtab16(ro2, w), acc);
        acc = ww_smlad(ww_sxtab16(lo2, ww_ror8(x)), ww_sxtab16(ro2, ww_ror8(w)), acc);
    }
    for (; i < n; i++)
    {
        acc += (lhs[i] + lhs_offset) * (rhs[i] + rhs_offset);
    }
    return acc;
}
#endif

/* Offsets small enough that offset + int8 stays within int16 (the SIMD paths add them in halfwords). */
#define WW_OFFSET_FITS_S16(o) ((o) >= -32000 && (o) <= 32000)

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

/* WakeWord-internal: the int8 fully connected loop shared by the per-tensor and per-channel kernels;
 * output o uses multiplier[o * quant_stride] and shift[o * quant_stride]. */
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
                                               int8_t *output_data);

#ifdef __cplusplus
}
#endif

#endif /* ARM_NNSUPPORTFUNCTIONS_H */
