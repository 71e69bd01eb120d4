/*
 * WakeWord portable CMSIS-NN subset: fully connected layer with int16 activations, int8 weights,
 * int64 bias and 64-bit requantization.
 * C# twin: host/src/WakeWord.Sim.Kernels/FullyConnected/ArmFullyConnectedS16.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_fully_connected_s16(const cmsis_nn_context *ctx,
                                            const cmsis_nn_fc_params *fc_params,
                                            const cmsis_nn_per_tensor_quant_params *quant_params,
                                            const cmsis_nn_dims *input_dims,
                                            const int16_t *input_data,
                                            const cmsis_nn_dims *filter_dims,
                                            const int8_t *filter_data,
                                            const cmsis_nn_dims *bias_dims,
                                            const int64_t *bias_data,
                                            const cmsis_nn_dims *output_dims,
                                            int16_t *output_data)
{
    (void)ctx;
    (void)bias_dims;
    const int32_t accum_depth = filter_dims->n;
    const int32_t output_depth = output_dims->c;
    const int32_t reduced_multiplier = REDUCE_MULTIPLIER(quant_params->multiplier);
    for (int32_t b = 0; b < input_dims->n; b++)
    {
        for (int32_t o = 0; o < output_depth; o++)
        {
            const int8_t *w = filter_data + (int64_t)o * accum_depth;
            int64_t acc = 0;
            for (int32_t i = 0; i < accum_depth; i++)
            {
                acc += (int64_t)input_data[i] * w[i];
            }
            if (bias_data != NULL)
            {
                acc += bias_data[o];
            }
            int32_t result = arm_nn_requantize_s64(acc, reduced_multiplier, quant_params->shift);
            result = MAX(result, fc_params->activation.min);
            result = MIN(result, fc_params->activation.max);
            output_data[o] = (int16_t)result;
        }
        input_data += accum_depth;
        output_data += output_depth;
    }
    return ARM_CMSIS_NN_SUCCESS;
}
