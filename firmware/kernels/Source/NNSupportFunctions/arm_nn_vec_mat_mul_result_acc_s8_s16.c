/*
 * WakeWord portable CMSIS-NN subset: batched int8 matrix-vector product requantized and added into
 * an int16 gate buffer (LSTM).
 * C# twin: host/src/WakeWord.Sim.Kernels/NNSupport/ArmNnVecMatMulResultAccS8S16.cs
 */
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_nn_vec_mat_mul_result_acc_s8_s16(const int8_t *lhs,
                                                         const int8_t *rhs,
                                                         const int32_t *effective_bias,
                                                         int16_t *dst,
                                                         const int32_t dst_multiplier,
                                                         const int32_t dst_shift,
                                                         const int32_t rhs_cols,
                                                         const int32_t rhs_rows,
                                                         const int32_t batches,
                                                         const int32_t batch_offset)
{
    for (int32_t b = 0; b < batches; b++)
    {
        int32_t r = 0;
#if defined(WW_KERNELS_SIMD32)
        for (; r + 2 <= rhs_rows; r += 2)
        {
            const int8_t *w0 = rhs + (int64_t)r * rhs_cols;
            int32_t acc0 = effective_bias[r];
            int32_t acc1 = effective_bias[r + 1];
            ww_dot2_s8(lhs, w0, w0 + rhs_cols, rhs_cols, &acc0, &acc1);
            acc0 = arm_nn_requantize(acc0, dst_multiplier, dst_shift) + *dst;
            *dst++ = (int16_t)CLAMP(acc0, NN_Q15_MAX, NN_Q15_MIN);
            acc1 = arm_nn_requantize(acc1, dst_multiplier, dst_shift) + *dst;
            *dst++ = (int16_t)CLAMP(acc1, NN_Q15_MAX, NN_Q15_MIN);
        }
#endif
        for (; r < rhs_rows; r++)
        {
            const int8_t *w = rhs + (int64_t)r * rhs_cols;
#if defined(WW_KERNELS_SIMD32)
            int32_t acc = ww_dot_s8_offsets(lhs, w, rhs_cols, 0, 0, effective_bias[r]);
#else
            int32_t acc = effective_bias[r];
            for (int32_t c = 0; c < rhs_cols; c++)
            {
                acc += lhs[c] * w[c];
            }
#endif
            acc = arm_nn_requantize(acc, dst_multiplier, dst_shift) + *dst;
            acc = CLAMP(acc, NN_Q15_MAX, NN_Q15_MIN);
            *dst++ = (int16_t)acc;
        }
        lhs += rhs_cols * batch_offset;
    }
    return ARM_CMSIS_NN_SUCCESS;
}
