/*
 * WakeWord portable CMSIS-NN subset: scratch size of the int8 fully connected layers, in bytes
 * (MVE keeps caller-computed kernel sums there: see arm_vector_sum_s8).
 * C# twin: host/src/WakeWord.Sim.Kernels/FullyConnected/ScratchSize.cs
 */
#include "arm_nnfunctions.h"

int32_t arm_fully_connected_s8_get_buffer_size_dsp(const cmsis_nn_dims *filter_dims)
{
    (void)filter_dims;
    return 0;
}

int32_t arm_fully_connected_s8_get_buffer_size_mve(const cmsis_nn_dims *filter_dims)
{
    return filter_dims->c * (int32_t)sizeof(int32_t);
}

int32_t arm_fully_connected_s8_get_buffer_size(const cmsis_nn_dims *filter_dims)
{
#if defined(ARM_MATH_MVEI)
    return arm_fully_connected_s8_get_buffer_size_mve(filter_dims);
#else
    return arm_fully_connected_s8_get_buffer_size_dsp(filter_dims);
#endif
}
