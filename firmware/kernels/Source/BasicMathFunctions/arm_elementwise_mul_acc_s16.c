/*
 * WakeWord portable CMSIS-NN subset: int16 elementwise product accumulated into the output
 * (LSTM cell update), clamped to [min, max], or to the int16 range when max <= 0.
 * C# twin: host/src/WakeWord.Sim.Kernels/BasicMath/ArmElementwiseMulAccS16.cs
 */
#include "arm_nnsupportfunctions.h"

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
                                                const int32_t block_size)
{
    (void)input_1_offset;
    (void)input_2_offset;
    (void)out_offset;
    const int32_t act_max = (out_activation_max > 0) ? out_activation_max : NN_Q15_MAX;
    const int32_t act_min = (out_activation_max > 0) ? out_activation_min : NN_Q15_MIN;
    for (int32_t i = 0; i < block_size; i++)
    {
        int32_t v = arm_nn_requantize(input_1_vect[i] * input_2_vect[i], out_mult, out_shift) + output[i];
        v = MAX(v, act_min);
        v = MIN(v, act_max);
        output[i] = (int16_t)v;
    }
    return ARM_CMSIS_NN_SUCCESS;
}
