/*
 * WakeWord portable CMSIS-NN subset: int16 elementwise product to int8 with an output offset
 * (LSTM hidden output), batches batch_offset blocks apart in the output.
 * C# twin: host/src/WakeWord.Sim.Kernels/BasicMath/ArmElementwiseMulS16S8.cs
 */
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_elementwise_mul_s16_s8(const int16_t *input_1_vect,
                                               const int16_t *input_2_vect,
                                               int8_t *output,
                                               const int32_t out_offset,
                                               const int32_t out_mult,
                                               const int32_t out_shift,
                                               const int32_t block_size,
                                               const int32_t batch_size,
                                               const int32_t batch_offset)
{
    for (int32_t b = 0; b < batch_size; b++)
    {
        for (int32_t i = 0; i < block_size; i++)
        {
            int32_t v = arm_nn_requantize(input_1_vect[i] * input_2_vect[i], out_mult, out_shift) + out_offset;
            v = CLAMP(v, NN_Q7_MAX, NN_Q7_MIN);
            output[i] = (int8_t)v;
        }
        input_1_vect += block_size;
        input_2_vect += block_size;
        output += batch_offset * block_size;
    }
    return ARM_CMSIS_NN_SUCCESS;
}
