/*
 * WakeWord portable CMSIS-NN subset: softmax body shared by the int8 and int16 outputs.
 * Sum of exp(x - max) in Q12.19, reciprocal by Newton-Raphson, all in gemmlowp fixed point.
 * C# twin: host/src/WakeWord.Sim.Kernels/Softmax/ArmNnSoftmaxCommonS8.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

#define ACCUM_BITS 12

static int32_t count_leading_zeros(uint32_t v)
{
    int32_t n = 0;
    if (v == 0)
    {
        return 32;
    }
    while ((v & 0x80000000u) == 0)
    {
        v <<= 1;
        n++;
    }
    return n;
}

void arm_nn_softmax_common_s8(const int8_t *input,
                              const int32_t num_rows,
                              const int32_t row_size,
                              const int32_t mult,
                              const int32_t shift,
                              const int32_t diff_min,
                              const bool int16_output,
                              void *output)
{
    const int32_t mask = (int32_t)((uint32_t)1 << shift);
    for (int32_t row = 0; row < num_rows; row++)
    {
        int8_t max = input[0];
        for (int32_t col = 1; col < row_size; col++)
        {
            max = MAX(max, input[col]);
        }
        int32_t sum = 0;
        for (int32_t col = 0; col < row_size; col++)
        {
            const int32_t diff = input[col] - max;
            if (diff >= diff_min)
            {
                sum += arm_nn_divide_by_power_of_two(
                    arm_nn_exp_on_negative_values(arm_nn_doubling_high_mult(diff * mask, mult)), ACCUM_BITS);
            }
        }
        const int32_t headroom = count_leading_zeros((uint32_t)sum);
        const int32_t shifted_sum = sum > 0 ? (int32_t)((uint32_t)sum << headroom) : 0;
        const int32_t shifted_scale =
            arm_nn_one_over_one_plus_x_for_x_in_0_1((int32_t)((uint32_t)shifted_sum - 0x80000000u));
        const int32_t bits_over_unit = ACCUM_BITS - headroom + (int16_output ? 15 : 23);
        for (int32_t col = 0; col < row_size; col++)
        {
            const int32_t diff = input[col] - max;
            int32_t res;
            if (diff >= diff_min)
            {
                res = arm_nn_divide_by_power_of_two(
                    arm_nn_doubling_high_mult(shifted_scale,
                                              arm_nn_exp_on_negative_values(arm_nn_doubling_high_mult(diff * mask, mult))),
                    bits_over_unit);
                if (int16_output)
                {
                    res = CLAMP(res + NN_Q15_MIN, (int32_t)NN_Q15_MAX, (int32_t)NN_Q15_MIN);
                }
                else
                {
                    res = CLAMP(res + NN_Q7_MIN, (int32_t)NN_Q7_MAX, (int32_t)NN_Q7_MIN);
                }
            }
            else
            {
                res = int16_output ? NN_Q15_MIN : NN_Q7_MIN;
            }
            if (int16_output)
            {
                ((int16_t *)output)[row * row_size + col] = (int16_t)res;
            }
            else
            {
                ((int8_t *)output)[row * row_size + col] = (int8_t)res;
            }
        }
        input += row_size;
    }
}
