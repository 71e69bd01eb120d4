/*
 * WakeWord portable CMSIS-NN subset: exp(x) for x <= 0 (Q5.26 in, Q0.31 out), the gemmlowp
 * polynomial on [-1/4, 0) times exp(-2^k) constants for the integer part.
 * C# twin: host/src/WakeWord.Sim.Kernels/NNSupport/SoftmaxMath.cs
 */
#include "arm_nnsupportfunctions.h"

int32_t arm_nn_exp_on_negative_values(int32_t val)
{
    /* exp(-2^(k-2)) in Q0.31 for k = 0..6 (bits 24..30 of the remainder). */
    static const int32_t exp_of_minus_pow2[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
    const int32_t shift = 24;
    const int32_t val_mod_minus_quarter = (val & ((1 << shift) - 1)) - (1 << shift);
    const int32_t remainder = val_mod_minus_quarter - val;
    const int32_t x = (int32_t)((uint32_t)val_mod_minus_quarter << 5) + (1 << 28);
    const int32_t x2 = arm_nn_doubling_high_mult(x, x);
    const int32_t x3 = arm_nn_doubling_high_mult(x2, x);
    const int32_t x4_over_4 = arm_nn_divide_by_power_of_two(arm_nn_doubling_high_mult(x2, x2), 2);
    const int32_t poly = arm_nn_divide_by_power_of_two(arm_nn_doubling_high_mult(x4_over_4 + x3, 715827883) + x2, 1);
    int32_t result = 1895147668 + arm_nn_doubling_high_mult(1895147668, x + poly);
    for (int32_t k = 0; k < 7; k++)
    {
        if ((remainder & (1 << (shift + k))) != 0)
        {
            result = arm_nn_doubling_high_mult(result, exp_of_minus_pow2[k]);
        }
    }
    return val == 0 ? NN_Q31_MAX : result;
}
