/*
 * WakeWord portable CMSIS-NN subset: unidirectional int8 LSTM over time (8x8_16 scheme).
 * hidden_state NULL: start from zero hidden and cell state. Otherwise start from hidden_state and the
 * caller's cell_state, and leave the last hidden state in hidden_state.
 * C# twin: host/src/WakeWord.Sim.Kernels/LSTM/ArmLstmUnidirectionalS8.cs
 */
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

arm_cmsis_nn_status arm_lstm_unidirectional_s8(const int8_t *input,
                                               int8_t *output,
                                               const cmsis_nn_lstm_params *params,
                                               cmsis_nn_lstm_context *buffers)
{
    const int32_t batches = params->batch_size;
    const int32_t hidden = params->hidden_size;
    if (buffers->hidden_state == NULL)
    {
        memset(buffers->cell_state, 0, (size_t)batches * (size_t)hidden * sizeof(int16_t));
    }
    if (params->time_major)
    {
        const int8_t *hidden_in = (const int8_t *)buffers->hidden_state;
        for (int32_t t = 0; t < params->time_steps; t++)
        {
            const int8_t *data_in = input + (int64_t)t * batches * params->input_size;
            int8_t *hidden_out = output + (int64_t)t * batches * hidden;
            const arm_cmsis_nn_status status = arm_nn_lstm_step_s8(data_in, hidden_in, hidden_out, params, buffers, 1);
            if (status != ARM_CMSIS_NN_SUCCESS)
            {
                return status;
            }
            hidden_in = hidden_out;
        }
        if (buffers->hidden_state != NULL && params->time_steps > 0)
        {
            memcpy(buffers->hidden_state, hidden_in, (size_t)batches * (size_t)hidden);
        }
    }
    else
    {
        cmsis_nn_lstm_params step_params = *params;
        step_params.batch_size = 1;
        for (int32_t b = 0; b < batches; b++)
        {
            const int8_t *hidden_in =
                buffers->hidden_state != NULL ? (const int8_t *)buffers->hidden_state + (int64_t)b * hidden : NULL;
            cmsis_nn_lstm_context step_buffers = *buffers;
            step_buffers.cell_state = (int16_t *)buffers->cell_state + (int64_t)b * hidden;
            for (int32_t t = 0; t < params->time_steps; t++)
            {
                const int8_t *data_in = input + ((int64_t)b * params->time_steps + t) * params->input_size;
                int8_t *hidden_out = output + ((int64_t)b * params->time_steps + t) * hidden;
                const arm_cmsis_nn_status status =
                    arm_nn_lstm_step_s8(data_in, hidden_in, hidden_out, &step_params, &step_buffers, 1);
                if (status != ARM_CMSIS_NN_SUCCESS)
                {
                    return status;
                }
                hidden_in = hidden_out;
            }
            if (buffers->hidden_state != NULL && params->time_steps > 0)
            {
                memcpy((int8_t *)buffers->hidden_state + (int64_t)b * hidden, hidden_in, (size_t)hidden);
            }
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}
