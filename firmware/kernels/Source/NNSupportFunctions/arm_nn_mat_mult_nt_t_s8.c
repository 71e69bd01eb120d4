/*
 * WakeWord portable CMSIS-NN subset: int8 matrix times transposed int8 matrix, per-channel requantized.
 * C# twin: host/src/WakeWord.Sim.Kernels/NNSupport/ArmNnMatMultNtTS8.cs
 */
#include "arm_nnsupportfunctions.h"

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
                                            const int32_t lhs_cols_offset)
{
    for (int32_t r = 0; r < lhs_rows; r++)
    {
        const int8_t *lhs_row = lhs + (int64_t)r * lhs_cols_offset;
        int8_t *dst_row = dst + (int64_t)r * row_address_offset;
        for (int32_t c = 0; c < rhs_rows; c++)
        {
            const int8_t *rhs_row = rhs + (int64_t)c * rhs_cols;
            int32_t acc = bias != NULL ? bias[c] : 0;
#if defined(WW_KERNELS_SIMD32)
            if (WW_OFFSET_FITS_S16(lhs_offset))
            {
                acc = ww_dot_s8_offsets(lhs_row, rhs_row, rhs_cols, lhs_offset, 0, acc);
            }
            else
#endif
            {
                for (int32_t k = 0; k < rhs_cols; k++)
                {
                    acc += (lhs_row[k] + lhs_offset) * rhs_row[k];
                }
            }
            acc = arm_nn_requantize(acc, dst_multipliers[c], dst_shifts[c]);
            acc += dst_offset;
            acc = MAX(acc, activation_min);
            acc = MIN(acc, activation_max);
            dst_row[c] = (int8_t)acc;
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}
