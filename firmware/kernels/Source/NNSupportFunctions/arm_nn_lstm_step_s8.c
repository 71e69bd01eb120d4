/*
 * WakeWord portable CMSIS-NN subset: one LSTM time step (8x8_16) for all batches:
 * c = f*c + i*g (clipped), h = o * tanh(c).
 * C# twin: host/src/WakeWord.Sim.Kernels/NNSupport/ArmNnLstmStepS8.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_nn_lstm_step_s8(const int8_t *data_in,
                                        const int8_t *hidden_in,
                                        int8_t *hidden_out,
                                        const cmsis_nn_lstm_params *params,
                                        cmsis_nn_lstm_context *buffers,
                                        const int32_t batch_offset)
{
    int16_t *temp1 = (int16_t *)buffers->temp1;
    int16_t *temp2 = (int16_t *)buffers->temp2;
    int16_t *cell_state = (int16_t *)buffers->cell_state;
    const int32_t n = params->hidden_size * params->batch_size;

    arm_nn_lstm_calculate_gate_s8_s16(data_in, hidden_in, &params->forget_gate, params, temp1, batch_offset);
    arm_elementwise_mul_s16(temp1, cell_state, 0, 0, cell_state, 0, params->forget_to_cell_multiplier,
                            params->forget_to_cell_shift, NN_Q15_MIN, NN_Q15_MAX, n);
    arm_nn_lstm_calculate_gate_s8_s16(data_in, hidden_in, &params->input_gate, params, temp1, batch_offset);
    arm_nn_lstm_calculate_gate_s8_s16(data_in, hidden_in, &params->cell_gate, params, temp2, batch_offset);
    arm_elementwise_mul_acc_s16(temp1, temp2, 0, 0, cell_state, 0, params->input_to_cell_multiplier,
                                params->input_to_cell_shift, -params->cell_clip, params->cell_clip, n);
    arm_nn_lstm_calculate_gate_s8_s16(data_in, hidden_in, &params->output_gate, params, temp1, batch_offset);
    arm_nn_activation_s16(cell_state, temp2, n, params->cell_scale_power + 12, ARM_TANH);
    arm_elementwise_mul_s16_s8(temp1, temp2, hidden_out, params->output_offset, params->output_multiplier,
                               params->output_shift, params->hidden_size, params->batch_size, batch_offset);
    return ARM_CMSIS_NN_SUCCESS;
}
