/*
 * WakeWord portable CMSIS-NN subset: scratch size of the int16 fully connected layer (none).
 * C# twin: host/src/WakeWord.Sim.Kernels/FullyConnected/ScratchSize.cs
 */
#include "arm_nnfunctions.h"

int32_t arm_fully_connected_s16_get_buffer_size(const cmsis_nn_dims *filter_dims)
{
    (void)filter_dims;
    return 0;
}

int32_t arm_fully_connected_s16_get_buffer_size_dsp(const cmsis_nn_dims *filter_dims)
{
    return arm_fully_connected_s16_get_buffer_size(filter_dims);
}

int32_t arm_fully_connected_s16_get_buffer_size_mve(const cmsis_nn_dims *filter_dims)
{
    return arm_fully_connected_s16_get_buffer_size(filter_dims);
}
