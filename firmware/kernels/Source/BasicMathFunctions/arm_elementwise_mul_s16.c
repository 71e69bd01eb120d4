/*
 * WakeWord portable CMSIS-NN subset: int16 elementwise product, requantized and clamped.
 * C# twin: host/src/WakeWord.Sim.Kernels/BasicMath/ArmElementwiseMulS16.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_elementwise_mul_s16(const int16_t *input_1_vect,
                                            const int16_t *input_2_vect,
                                            const int32_t input_1_offset,
                                            const int32_t input_2_offset,
                                            int16_t *output,
                                            const int32_t out_offset,
                                            const int32_t out_mult,
                                            const int32_t out_shift,
                                            const int32_t out_activation_min,
                                            const int32_t out_activation_max,
                                            const int32_t block_size)
{
    (void)input_1_offset;
    (void)input_2_offset;
    (void)out_offset;
    for (int32_t i = 0; i < block_size; i++)
    {
        int32_t v = arm_nn_requantize(input_1_vect[i] * input_2_vect[i], out_mult, out_shift);
        v = MAX(v, out_activation_min);
        v = MIN(v, out_activation_max);
        output[i] = (int16_t)v;
    }
    return ARM_CMSIS_NN_SUCCESS;
}
