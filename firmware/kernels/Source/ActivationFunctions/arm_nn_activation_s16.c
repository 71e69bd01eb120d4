/*
 * WakeWord portable CMSIS-NN subset: int16 sigmoid and tanh by linear interpolation in the
 * 256-entry sigmoid table (tanh(x) = 2 sigmoid(2x) - 1). Input Q3.12 scaled by 2^left_shift,
 * output Q0.15.
 * C# twin: host/src/WakeWord.Sim.Kernels/Activations/ArmNnActivationS16.cs
 */
#include "arm_nn_tables.h"
#include "arm_nnfunctions.h"

arm_cmsis_nn_status arm_nn_activation_s16(const int16_t *input,
                                          int16_t *output,
                                          const int32_t size,
                                          const int32_t left_shift,
                                          const arm_nn_activation_type type)
{
    const bool sigmoid = (type == ARM_SIGMOID);
    const uint32_t abs_input_shift = sigmoid ? 9u : 8u;
    const uint32_t max_saturation = sigmoid ? (0x7FFFu << 10) : (0xFFFFu << 8);
    const uint32_t frac_mask = sigmoid ? 0x1FFu : 0xFFu;
    const int32_t input_multiplier = (left_shift < 0) ? 3 : 3 << left_shift;
    const int32_t abs_left_shift = (left_shift < 0) ? -left_shift : 0;
    const int32_t rounding = (abs_left_shift > 0) ? 1 << (abs_left_shift - 1) : 0;
    for (int32_t i = 0; i < size; i++)
    {
        const int32_t x = (input[i] * input_multiplier + rounding) >> abs_left_shift;
        const uint32_t abs_x = x > 0 ? (uint32_t)x : (uint32_t)0 - (uint32_t)x;
        const uint32_t uh = abs_x >> abs_input_shift;
        uint32_t result;
        if (uh >= 255)
        {
            result = max_saturation;
        }
        else
        {
            const uint32_t ua = sigmoid_table_uint16[uh];
            const uint32_t ub = sigmoid_table_uint16[uh + 1];
            result = (ua << abs_input_shift) + (abs_x & frac_mask) * (ub - ua);
        }
        if (sigmoid)
        {
            result = (x >= 0) ? (result + (1u << 9)) : ((1u << 25) - result + (1u << 9) - 1u);
            result >>= 10;
        }
        else
        {
            result = (x >= 0) ? (result - (1u << 23) + (1u << 7)) : ((1u << 23) - result + (1u << 7) - 1u);
            result >>= 8;
        }
        output[i] = (int16_t)result;
    }
    return ARM_CMSIS_NN_SUCCESS;
}
