/*
 * WakeWord portable CMSIS-NN subset: one LSTM gate (8x8_16): input and hidden contributions each
 * requantized to Q3.12 and summed with int16 saturation, then sigmoid or tanh to Q0.15.
 * C# twin: host/src/WakeWord.Sim.Kernels/NNSupport/ArmNnLstmCalculateGateS8S16.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_nn_lstm_calculate_gate_s8_s16(const int8_t *data_in,
                                                      const int8_t *hidden_in,
                                                      const cmsis_nn_lstm_gate *gate_data,
                                                      const cmsis_nn_lstm_params *params,
                                                      int16_t *output,
                                                      const int32_t batch_offset)
{
    memset(output, 0, (size_t)params->hidden_size * (size_t)params->batch_size * sizeof(int16_t));
    arm_nn_vec_mat_mul_result_acc_s8_s16(data_in, (const int8_t *)gate_data->input_weights,
                                         (const int32_t *)gate_data->input_effective_bias, output,
                                         gate_data->input_multiplier, gate_data->input_shift, params->input_size,
                                         params->hidden_size, params->batch_size, batch_offset);
    if (hidden_in != NULL)
    {
        arm_nn_vec_mat_mul_result_acc_s8_s16(hidden_in, (const int8_t *)gate_data->hidden_weights,
                                             (const int32_t *)gate_data->hidden_effective_bias, output,
                                             gate_data->hidden_multiplier, gate_data->hidden_shift,
                                             params->hidden_size, params->hidden_size, params->batch_size,
                                             batch_offset);
    }
    return arm_nn_activation_s16(output, output, params->hidden_size * params->batch_size, 0,
                                 gate_data->activation_type);
}
