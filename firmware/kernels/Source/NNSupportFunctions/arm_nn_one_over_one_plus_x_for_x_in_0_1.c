/*
 * WakeWord portable CMSIS-NN subset: 1 / (1 + x) for x in [0, 1) by three Newton-Raphson steps.
 * C# twin: host/src/WakeWord.Sim.Kernels/NNSupport/SoftmaxMath.cs
 */
#include "arm_nnsupportfunctions.h"

int32_t arm_nn_one_over_one_plus_x_for_x_in_0_1(int32_t val)
{
    const int64_t sum = (int64_t)val + (int64_t)NN_Q31_MAX;
    const int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
    int32_t x = 1515870810 + arm_nn_doubling_high_mult(half_denominator, -1010580540);
    const int32_t one = (1 << 29);
    for (int32_t i = 0; i < 3; i++)
    {
        x += arm_nn_mult_by_power_of_two(arm_nn_doubling_high_mult(x, one - arm_nn_doubling_high_mult(half_denominator, x)), 2);
    }
    return arm_nn_mult_by_power_of_two(x, 1);
}
