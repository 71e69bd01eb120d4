/*
 * WakeWord portable CMSIS-NN subset: public parameter structs and status codes.
 * Type and field names equal CMSIS-NN's (v7.0.0 and main) so generated code compiles against either.
 * C# twins: host/src/WakeWord.Sim.Kernels/ArmNnTypes.cs.
 */
#ifndef ARM_NN_TYPES_H
#define ARM_NN_TYPES_H

#include <stdbool.h>
#include <stdint.h>

typedef enum
{
    ARM_SIGMOID = 0,
    ARM_TANH = 1,
} arm_nn_activation_type;

/* Every kernel returns one of these. */
typedef enum
{
    ARM_CMSIS_NN_SUCCESS = 0,
    ARM_CMSIS_NN_ARG_ERROR = -1,
    ARM_CMSIS_NN_NO_IMPL_ERROR = -2,
    ARM_CMSIS_NN_FAILURE = -3,
} arm_cmsis_nn_status;

typedef struct
{
    int32_t w;
    int32_t h;
} cmsis_nn_tile;

/* Caller-owned scratch buffer; size from the matching *_get_buffer_size function. */
typedef struct
{
    void *buf;
    int32_t size;
} cmsis_nn_context;

typedef struct
{
    const void *data;
    const bool is_int32_bias; /* true: int32 bias, false: int64 bias */
} cmsis_nn_bias_data;

/* n is the batch size, or the output channels for filter dims. */
typedef struct
{
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
} cmsis_nn_dims;

typedef struct
{
    int32_t *multiplier;
    int32_t *shift;
} cmsis_nn_per_channel_quant_params;

typedef struct
{
    int32_t multiplier;
    int32_t shift;
} cmsis_nn_per_tensor_quant_params;

typedef struct
{
    int32_t min;
    int32_t max;
} cmsis_nn_activation;

/* input_offset = -zero_point(input), output_offset = +zero_point(output). */
typedef struct
{
    int32_t input_offset;
    int32_t output_offset;
    cmsis_nn_tile stride;
    cmsis_nn_tile padding;
    cmsis_nn_tile dilation;
    cmsis_nn_activation activation;
} cmsis_nn_conv_params;

typedef struct
{
    int32_t input_offset;
    int32_t output_offset;
    int32_t ch_mult; /* ch_mult * in_ch = out_ch */
    cmsis_nn_tile stride;
    cmsis_nn_tile padding;
    cmsis_nn_tile dilation;
    cmsis_nn_activation activation;
} cmsis_nn_dw_conv_params;

typedef struct
{
    cmsis_nn_tile stride;
    cmsis_nn_tile padding;
    cmsis_nn_activation activation;
} cmsis_nn_pool_params;

typedef struct
{
    int32_t input_offset;
    int32_t filter_offset;
    int32_t output_offset;
    cmsis_nn_activation activation;
} cmsis_nn_fc_params;

/* One LSTM gate of the 8x8_16 scheme: int8 weights, int32 effective biases, int16 Q0.15 result. */
typedef struct
{
    int32_t input_multiplier;
    int32_t input_shift;
    const void *input_weights;
    const void *input_effective_bias; /* bias + input_offset * row sums of input_weights */
    int32_t hidden_multiplier;
    int32_t hidden_shift;
    const void *hidden_weights;
    const void *hidden_effective_bias; /* -zero_point(hidden) * row sums of hidden_weights */
    const void *bias;                  /* not read by the s8 kernel */
    arm_nn_activation_type activation_type;
} cmsis_nn_lstm_gate;

typedef struct
{
    int32_t time_major; /* 0: input [batch][time][input], else [time][batch][input] */
    int32_t batch_size;
    int32_t time_steps;
    int32_t input_size;
    int32_t hidden_size;
    int32_t input_offset; /* folded into the effective biases; not read by the s8 kernel */
    int32_t forget_to_cell_multiplier;
    int32_t forget_to_cell_shift;
    int32_t input_to_cell_multiplier;
    int32_t input_to_cell_shift;
    int32_t cell_clip; /* <= 0: no clip */
    int32_t cell_scale_power;
    int32_t output_multiplier;
    int32_t output_shift;
    int32_t output_offset; /* +zero_point(hidden) */
    cmsis_nn_lstm_gate forget_gate;
    cmsis_nn_lstm_gate input_gate;
    cmsis_nn_lstm_gate cell_gate;
    cmsis_nn_lstm_gate output_gate;
} cmsis_nn_lstm_params;

/* temp1, temp2, cell_state: int16[batch * hidden]. hidden_state: int8[batch * hidden] initial hidden
 * state, updated with the last one; NULL = start from zero (cell state cleared). The hidden_state field
 * exists in CMSIS-NN main, not in v7.0.0: initialise the struct with designated initializers so the
 * field is NULL when present, and set it only under WW_CMSIS_NN_HAS_LSTM_HIDDEN_STATE (defined by
 * firmware/kernels/CMakeLists.txt after probing the headers in use). */
typedef struct
{
    void *temp1;
    void *temp2;
    void *cell_state;
    void *hidden_state;
} cmsis_nn_lstm_context;

#endif /* ARM_NN_TYPES_H */
