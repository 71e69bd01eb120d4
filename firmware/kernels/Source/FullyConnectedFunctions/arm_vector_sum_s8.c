/*
 * WakeWord portable CMSIS-NN subset: row sums of an int8 matrix, scaled by an offset, plus bias
 * (kernel sums for MVE fully connected layers and LSTM effective biases).
 * C# twin: host/src/WakeWord.Sim.Kernels/FullyConnected/ArmVectorSumS8.cs
 */
#include "arm_nnfunctions.h"

arm_cmsis_nn_status arm_vector_sum_s8(int32_t *vector_sum_buf,
                                      const int32_t vector_cols,
                                      const int32_t vector_rows,
                                      const int8_t *vector_data,
                                      const int32_t lhs_offset,
                                      const int32_t rhs_offset,
                                      const int32_t *bias_data)
{
    for (int32_t r = 0; r < vector_rows; r++)
    {
        vector_sum_buf[r] = bias_data != NULL ? bias_data[r] : 0;
    }
    if (lhs_offset != 0)
    {
        for (int32_t r = 0; r < vector_rows; r++)
        {
            int32_t sum = 0;
            for (int32_t c = 0; c < vector_cols; c++)
            {
                sum += vector_data[(int64_t)r * vector_cols + c];
            }
            if (rhs_offset != 0)
            {
                sum += vector_cols * rhs_offset;
            }
            vector_sum_buf[r] += sum * lhs_offset;
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}
