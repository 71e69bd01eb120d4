/*
 * Kernel test harness: reads cases from a binary file, runs each through the linked CMSIS-NN API
 * (portable subset or real CMSIS-NN) and writes the results, so the C# tests can compare thousands of
 * random cases with the simulator exactly.
 *
 * Usage: kernel_harness [--bench <milliseconds>] <cases.bin> <results.bin>
 * With --bench each case is repeated for at least that long (at least 3 times) and one more int64 field is
 * appended to its results: nanoseconds per call.
 *
 * Format (little endian). A field is: int32 element_size (1, 2, 4, 8), int32 count, count elements.
 * cases.bin:   "WWKC", int32 version 1, then per case: int32 op, int32 field_count, fields.
 * results.bin: "WWKR", int32 version 1, int32 flags (1 single rounding, 2 lstm hidden_state field,
 *              4 DSP build), then per case: int32 status, int32 field_count, fields.
 * A field with count 0 passes NULL. Output buffers are filled with WW_FILL before each call. Field
 * lists per op are documented at each case below and mirrored by KernelHarness.cs.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

#define WW_FILL 0x55
#define WW_MAX_FIELDS 64
#define WW_ARENA_BYTES (16u * 1024u * 1024u)
#define WW_STATUS_UNSUPPORTED (-100)

enum
{
    OP_CONV_WRAPPER_S8 = 1,
    OP_CONV_S8 = 2,
    OP_CONV_1X1_FAST_S8 = 3,
    OP_CONV_1X1_S8 = 4,
    OP_CONV_1_X_N_S8 = 5,
    OP_DW_WRAPPER_S8 = 6,
    OP_DW_S8 = 7,
    OP_DW_OPT_S8 = 8,
    OP_DW_3X3_S8 = 9,
    OP_FC_S8 = 10,
    OP_FC_PER_CHANNEL_S8 = 11,
    OP_FC_S16 = 12,
    OP_MAX_POOL_S8 = 13,
    OP_AVGPOOL_S8 = 14,
    OP_SOFTMAX_S8 = 15,
    OP_LSTM_S8 = 16,
    OP_REQUANTIZE = 17,
    OP_ACTIVATION_S16 = 18,
    OP_CONV_WRAPPER_S16 = 19,
    OP_CONV_S16 = 20,
    OP_VECTOR_SUM_S8 = 21,
    OP_LSTM_TRACE_S8 = 22,
};

typedef struct
{
    int32_t size;
    int32_t count;
    void *data;
} field_t;

#if !defined(__SANITIZE_ADDRESS__)
static uint8_t arena[WW_ARENA_BYTES];
#endif
static uint32_t arena_used;
static field_t in_fields[WW_MAX_FIELDS];
static int32_t in_count;
static field_t out_fields[WW_MAX_FIELDS];
static int32_t out_count;

static void fail(const char *what)
{
    fprintf(stderr, "kernel_harness: %s\n", what);
    exit(2);
}

#if defined(__SANITIZE_ADDRESS__)
/* Sanitizer builds: every buffer is its own heap block, so AddressSanitizer sees any access past its end. */
#define WW_MAX_BLOCKS 256
static void *blocks[WW_MAX_BLOCKS];
static int32_t block_count;

static void free_blocks(void)
{
    for (int32_t i = 0; i < block_count; i++)
    {
        free(blocks[i]);
    }
    block_count = 0;
}

static void *arena_alloc(uint32_t bytes)
{
    if (block_count >= WW_MAX_BLOCKS)
    {
        fail("too many buffers in one case");
    }
    void *p = malloc(bytes > 0 ? bytes : 1);
    if (p == NULL)
    {
        fail("out of memory");
    }
    blocks[block_count++] = p;
    return p;
}
#else
static void free_blocks(void)
{
}

static void *arena_alloc(uint32_t bytes)
{
    const uint32_t aligned = (bytes + 15u) & ~15u;
    if (arena_used + aligned > WW_ARENA_BYTES)
    {
        fail("case too large for the arena");
    }
    void *p = &arena[arena_used];
    arena_used += aligned;
    return p;
}
#endif

static int read_i32(FILE *f, int32_t *v)
{
    return fread(v, sizeof(*v), 1, f) == 1;
}

static void write_i32(FILE *f, int32_t v)
{
    if (fwrite(&v, sizeof(v), 1, f) != 1)
    {
        fail("write error");
    }
}

static const void *in_ptr(int32_t i)
{
    if (i >= in_count)
    {
        fail("case has too few fields");
    }
    return in_fields[i].count > 0 ? in_fields[i].data : NULL;
}

static const int32_t *in_i32(int32_t i)
{
    return (const int32_t *)in_ptr(i);
}

static int32_t in_len(int32_t i)
{
    return in_fields[i].count;
}

static void *out_alloc(int32_t elem_size, int32_t count)
{
    if (out_count >= WW_MAX_FIELDS)
    {
        fail("too many output fields");
    }
    field_t *o = &out_fields[out_count++];
    o->size = elem_size;
    o->count = count;
    o->data = arena_alloc((uint32_t)(elem_size * (count > 0 ? count : 1)));
    memset(o->data, WW_FILL, (size_t)elem_size * (size_t)count);
    return o->data;
}

static int32_t *out_i32(int32_t count)
{
    return (int32_t *)out_alloc(4, count);
}

static cmsis_nn_dims dims_at(int32_t i)
{
    const int32_t *d = in_i32(i);
    const cmsis_nn_dims r = {d[0], d[1], d[2], d[3]};
    return r;
}

/* ctx field: count 0 -> buf NULL, else one int32 = buffer size in bytes (zero-filled). */
static cmsis_nn_context ctx_at(int32_t i)
{
    cmsis_nn_context ctx = {NULL, 0};
    if (in_len(i) > 0)
    {
        ctx.size = in_i32(i)[0];
        ctx.buf = arena_alloc((uint32_t)(ctx.size > 0 ? ctx.size : 1));
        memset(ctx.buf, 0, (size_t)(ctx.size > 0 ? ctx.size : 1));
    }
    return ctx;
}

/* conv fields: 0 params[10] (input_offset, output_offset, stride w h, padding w h, dilation w h,
 * act min max), 1 input dims, 2 filter dims, 3 output dims, 4 multipliers, 5 shifts, 6 bias,
 * 7 input, 8 filter, 9 ctx. Results: output, sizes[3] (wrapper generic, dsp, mve). */
static int32_t run_conv_s8(int32_t op)
{
    const int32_t *p = in_i32(0);
    const cmsis_nn_conv_params cp = {p[0], p[1], {p[2], p[3]}, {p[4], p[5]}, {p[6], p[7]}, {p[8], p[9]}};
    const cmsis_nn_dims in_d = dims_at(1), f_d = dims_at(2), o_d = dims_at(3);
    const cmsis_nn_dims b_d = {1, 1, 1, o_d.c};
    const cmsis_nn_per_channel_quant_params q = {(int32_t *)in_ptr(4), (int32_t *)in_ptr(5)};
    const cmsis_nn_context ctx = ctx_at(9);
    int8_t *out = (int8_t *)out_alloc(1, o_d.n * o_d.h * o_d.w * o_d.c);
    int32_t *sizes = out_i32(3);
    sizes[0] = arm_convolve_wrapper_s8_get_buffer_size(&cp, &in_d, &f_d, &o_d);
    sizes[1] = arm_convolve_wrapper_s8_get_buffer_size_dsp(&cp, &in_d, &f_d, &o_d);
    sizes[2] = arm_convolve_wrapper_s8_get_buffer_size_mve(&cp, &in_d, &f_d, &o_d);
    const int32_t *bias = (const int32_t *)in_ptr(6);
    const int8_t *x = (const int8_t *)in_ptr(7), *w = (const int8_t *)in_ptr(8);
    switch (op)
    {
    case OP_CONV_WRAPPER_S8:
        return arm_convolve_wrapper_s8(&ctx, &cp, &q, &in_d, x, &f_d, w, &b_d, bias, &o_d, out);
    case OP_CONV_S8:
        return arm_convolve_s8(&ctx, &cp, &q, &in_d, x, &f_d, w, &b_d, bias, NULL, &o_d, out);
    case OP_CONV_1X1_FAST_S8:
        return arm_convolve_1x1_s8_fast(&ctx, &cp, &q, &in_d, x, &f_d, w, &b_d, bias, &o_d, out);
    case OP_CONV_1X1_S8:
        return arm_convolve_1x1_s8(&ctx, &cp, &q, &in_d, x, &f_d, w, &b_d, bias, &o_d, out);
    default:
        return arm_convolve_1_x_n_s8(&ctx, &cp, &q, &in_d, x, &f_d, w, &b_d, bias, &o_d, out);
    }
}

/* depthwise fields: 0 params[11] (input_offset, output_offset, ch_mult, stride w h, padding w h,
 * dilation w h, act min max), 1-3 dims, 4 mult, 5 shift, 6 bias, 7 input, 8 filter, 9 ctx.
 * Results: output, sizes[3]. */
static int32_t run_dw_s8(int32_t op)
{
    const int32_t *p = in_i32(0);
    const cmsis_nn_dw_conv_params dp = {p[0], p[1], p[2], {p[3], p[4]}, {p[5], p[6]}, {p[7], p[8]}, {p[9], p[10]}};
    const cmsis_nn_dims in_d = dims_at(1), f_d = dims_at(2), o_d = dims_at(3);
    const cmsis_nn_dims b_d = {1, 1, 1, o_d.c};
    const cmsis_nn_per_channel_quant_params q = {(int32_t *)in_ptr(4), (int32_t *)in_ptr(5)};
    const cmsis_nn_context ctx = ctx_at(9);
    int8_t *out = (int8_t *)out_alloc(1, o_d.n * o_d.h * o_d.w * o_d.c);
    int32_t *sizes = out_i32(3);
    sizes[0] = arm_depthwise_conv_wrapper_s8_get_buffer_size(&dp, &in_d, &f_d, &o_d);
    sizes[1] = arm_depthwise_conv_wrapper_s8_get_buffer_size_dsp(&dp, &in_d, &f_d, &o_d);
    sizes[2] = arm_depthwise_conv_wrapper_s8_get_buffer_size_mve(&dp, &in_d, &f_d, &o_d);
    const int32_t *bias = (const int32_t *)in_ptr(6);
    const int8_t *x = (const int8_t *)in_ptr(7), *w = (const int8_t *)in_ptr(8);
    switch (op)
    {
    case OP_DW_WRAPPER_S8:
        return arm_depthwise_conv_wrapper_s8(&ctx, &dp, &q, &in_d, x, &f_d, w, &b_d, bias, &o_d, out);
    case OP_DW_S8:
        return arm_depthwise_conv_s8(&ctx, &dp, &q, &in_d, x, &f_d, w, &b_d, bias, &o_d, out);
    case OP_DW_OPT_S8:
        return arm_depthwise_conv_s8_opt(&ctx, &dp, &q, &in_d, x, &f_d, w, &b_d, bias, &o_d, out);
    default:
        return arm_depthwise_conv_3x3_s8(&ctx, &dp, &q, &in_d, x, &f_d, w, &b_d, bias, &o_d, out);
    }
}

/* fc fields: 0 params[5] (input_offset, filter_offset, output_offset, act min max), 1 input dims,
 * 2 filter dims, 3 output dims, 4 multipliers (1 for per tensor), 5 shifts, 6 bias (int32; int64 for
 * s16), 7 input (int8; int16 for s16), 8 weights, 9 ctx. Results: output, sizes[3]. */
static int32_t run_fc(int32_t op)
{
    const int32_t *p = in_i32(0);
    const cmsis_nn_fc_params fp = {p[0], p[1], p[2], {p[3], p[4]}};
    const cmsis_nn_dims in_d = dims_at(1), f_d = dims_at(2), o_d = dims_at(3);
    const cmsis_nn_dims b_d = {1, 1, 1, o_d.c};
    const cmsis_nn_context ctx = ctx_at(9);
    const int32_t n_out = in_d.n * o_d.c;
    const int8_t *w = (const int8_t *)in_ptr(8);
    if (op == OP_FC_S16)
    {
        int16_t *out = (int16_t *)out_alloc(2, n_out);
        int32_t *sizes = out_i32(3);
        sizes[0] = arm_fully_connected_s16_get_buffer_size(&f_d);
        sizes[1] = arm_fully_connected_s16_get_buffer_size_dsp(&f_d);
        sizes[2] = arm_fully_connected_s16_get_buffer_size_mve(&f_d);
        const cmsis_nn_per_tensor_quant_params q = {in_i32(4)[0], in_i32(5)[0]};
        return arm_fully_connected_s16(&ctx, &fp, &q, &in_d, (const int16_t *)in_ptr(7), &f_d, w, &b_d,
                                       (const int64_t *)in_ptr(6), &o_d, out);
    }
    int8_t *out = (int8_t *)out_alloc(1, n_out);
    int32_t *sizes = out_i32(3);
    sizes[0] = arm_fully_connected_s8_get_buffer_size(&f_d);
    sizes[1] = arm_fully_connected_s8_get_buffer_size_dsp(&f_d);
    sizes[2] = arm_fully_connected_s8_get_buffer_size_mve(&f_d);
    const int8_t *x = (const int8_t *)in_ptr(7);
    const int32_t *bias = (const int32_t *)in_ptr(6);
    if (op == OP_FC_S8)
    {
        const cmsis_nn_per_tensor_quant_params q = {in_i32(4)[0], in_i32(5)[0]};
        return arm_fully_connected_s8(&ctx, &fp, &q, &in_d, x, &f_d, w, &b_d, bias, &o_d, out);
    }
    const cmsis_nn_per_channel_quant_params q = {(int32_t *)in_ptr(4), (int32_t *)in_ptr(5)};
    return arm_fully_connected_per_channel_s8(&ctx, &fp, &q, &in_d, x, &f_d, w, &b_d, bias, &o_d, out);
}

/* pool fields: 0 params[6] (stride w h, padding w h, act min max), 1 input dims, 2 filter dims,
 * 3 output dims, 4 input, 5 ctx. Results: output, sizes[3] (avgpool generic, dsp, mve). */
static int32_t run_pool(int32_t op)
{
    const int32_t *p = in_i32(0);
    const cmsis_nn_pool_params pp = {{p[0], p[1]}, {p[2], p[3]}, {p[4], p[5]}};
    const cmsis_nn_dims in_d = dims_at(1), f_d = dims_at(2), o_d = dims_at(3);
    const cmsis_nn_context ctx = ctx_at(5);
    int8_t *out = (int8_t *)out_alloc(1, (in_d.n > 0 ? in_d.n : 1) * o_d.h * o_d.w * o_d.c);
    int32_t *sizes = out_i32(3);
    sizes[0] = arm_avgpool_s8_get_buffer_size(o_d.w, in_d.c);
    sizes[1] = arm_avgpool_s8_get_buffer_size_dsp(o_d.w, in_d.c);
    sizes[2] = arm_avgpool_s8_get_buffer_size_mve(o_d.w, in_d.c);
    const int8_t *x = (const int8_t *)in_ptr(4);
    if (op == OP_MAX_POOL_S8)
    {
        return arm_max_pool_s8(&ctx, &pp, &in_d, x, &f_d, &o_d, out);
    }
    return arm_avgpool_s8(&ctx, &pp, &in_d, x, &f_d, &o_d, out);
}

/* softmax fields: 0 params[5] (num_rows, row_size, mult, shift, diff_min), 1 input. Result: output. */
static int32_t run_softmax(void)
{
    const int32_t *p = in_i32(0);
    int8_t *out = (int8_t *)out_alloc(1, p[0] * p[1]);
    arm_softmax_s8((const int8_t *)in_ptr(1), p[0], p[1], p[2], p[3], p[4], out);
    return ARM_CMSIS_NN_SUCCESS;
}

/* lstm fields: 0 params[15] (time_major, batch, time_steps, input_size, hidden_size, input_offset,
 * forget_to_cell mult shift, input_to_cell mult shift, cell_clip, cell_scale_power, output mult shift
 * offset), then per gate in the order forget, input, cell, output: scalars[5] (input mult shift,
 * hidden mult shift, activation), w_x, w_h, input effective bias, hidden effective bias
 * (fields 1..20), 21 input, 22 hidden_state (count 0 = NULL), 23 initial cell state (with hidden_state).
 * Results: output, final cell state, final hidden state. */
static void lstm_params_at(cmsis_nn_lstm_params *lp)
{
    const int32_t *p = in_i32(0);
    memset(lp, 0, sizeof(*lp));
    lp->time_major = p[0];
    lp->batch_size = p[1];
    lp->time_steps = p[2];
    lp->input_size = p[3];
    lp->hidden_size = p[4];
    lp->input_offset = p[5];
    lp->forget_to_cell_multiplier = p[6];
    lp->forget_to_cell_shift = p[7];
    lp->input_to_cell_multiplier = p[8];
    lp->input_to_cell_shift = p[9];
    lp->cell_clip = p[10];
    lp->cell_scale_power = p[11];
    lp->output_multiplier = p[12];
    lp->output_shift = p[13];
    lp->output_offset = p[14];
    cmsis_nn_lstm_gate *gates[4] = {&lp->forget_gate, &lp->input_gate, &lp->cell_gate, &lp->output_gate};
    for (int32_t g = 0; g < 4; g++)
    {
        const int32_t base = 1 + g * 5;
        const int32_t *s = in_i32(base);
        cmsis_nn_lstm_gate *gate = gates[g];
        gate->input_multiplier = s[0];
        gate->input_shift = s[1];
        gate->hidden_multiplier = s[2];
        gate->hidden_shift = s[3];
        gate->activation_type = (arm_nn_activation_type)s[4];
        gate->input_weights = in_ptr(base + 1);
        gate->hidden_weights = in_ptr(base + 2);
        gate->input_effective_bias = in_ptr(base + 3);
        gate->hidden_effective_bias = in_ptr(base + 4);
        gate->bias = NULL;
    }
}

static int32_t run_lstm(void)
{
    cmsis_nn_lstm_params lp;
    lstm_params_at(&lp);
    const int32_t n = lp.batch_size * lp.hidden_size;
    int8_t *out = (int8_t *)out_alloc(1, lp.time_steps * n);
    int16_t *cell = (int16_t *)out_alloc(2, n);
    int8_t *hidden = (int8_t *)out_alloc(1, n);
    cmsis_nn_lstm_context ctx = {.temp1 = arena_alloc((uint32_t)(2 * n)), .temp2 = arena_alloc((uint32_t)(2 * n)),
                                 .cell_state = cell};
    if (in_len(22) > 0)
    {
#if defined(WW_CMSIS_NN_HAS_LSTM_HIDDEN_STATE)
        memcpy(hidden, in_ptr(22), (size_t)n);
        memcpy(cell, in_ptr(23), (size_t)(2 * n));
        ctx.hidden_state = hidden;
#else
        (void)hidden;
        return WW_STATUS_UNSUPPORTED;
#endif
    }
    return arm_lstm_unidirectional_s8((const int8_t *)in_ptr(21), out, &lp, &ctx);
}

/* lstm trace: same fields as lstm (time-major, batch 1, no hidden_state). Runs arm_nn_lstm_step_s8
 * step by step. Results per step t: cell state, output gate (temp1), tanh of cell (temp2), hidden;
 * then the forget, input, cell gates of step 0 (no hidden input). */
static int32_t run_lstm_trace(void)
{
    cmsis_nn_lstm_params lp;
    lstm_params_at(&lp);
    const int32_t h = lp.hidden_size;
    int16_t *cell = (int16_t *)arena_alloc((uint32_t)(2 * h));
    memset(cell, 0, (size_t)(2 * h));
    cmsis_nn_lstm_context ctx = {.temp1 = arena_alloc((uint32_t)(2 * h)), .temp2 = arena_alloc((uint32_t)(2 * h)),
                                 .cell_state = cell};
    const int8_t *x = (const int8_t *)in_ptr(21);
    const int8_t *hidden_in = NULL;
    for (int32_t t = 0; t < lp.time_steps; t++)
    {
        int16_t *c_out = (int16_t *)out_alloc(2, h);
        int16_t *o_out = (int16_t *)out_alloc(2, h);
        int16_t *tanh_out = (int16_t *)out_alloc(2, h);
        int8_t *h_out = (int8_t *)out_alloc(1, h);
        const arm_cmsis_nn_status s = arm_nn_lstm_step_s8(x + t * lp.input_size, hidden_in, h_out, &lp, &ctx, 1);
        if (s != ARM_CMSIS_NN_SUCCESS)
        {
            return s;
        }
        memcpy(c_out, cell, (size_t)(2 * h));
        memcpy(o_out, ctx.temp1, (size_t)(2 * h));
        memcpy(tanh_out, ctx.temp2, (size_t)(2 * h));
        hidden_in = h_out;
    }
    const cmsis_nn_lstm_gate *gates[3] = {&lp.forget_gate, &lp.input_gate, &lp.cell_gate};
    for (int32_t g = 0; g < 3; g++)
    {
        int16_t *gate_out = (int16_t *)out_alloc(2, h);
        arm_nn_lstm_calculate_gate_s8_s16(x, NULL, gates[g], &lp, gate_out, 1);
    }
    return ARM_CMSIS_NN_SUCCESS;
}

/* requantize fields: 0 values, 1 multipliers, 2 shifts. Result: int32 per row. */
static int32_t run_requantize(void)
{
    const int32_t n = in_len(0);
    int32_t *out = out_i32(n);
    for (int32_t i = 0; i < n; i++)
    {
        out[i] = arm_nn_requantize(in_i32(0)[i], in_i32(1)[i], in_i32(2)[i]);
    }
    return ARM_CMSIS_NN_SUCCESS;
}

/* activation fields: 0 params[2] (left_shift, type), 1 int16 input. Result: int16 output. */
static int32_t run_activation(void)
{
    const int32_t n = in_len(1);
    int16_t *out = (int16_t *)out_alloc(2, n);
    return arm_nn_activation_s16((const int16_t *)in_ptr(1), out, n, in_i32(0)[0],
                                 (arm_nn_activation_type)in_i32(0)[1]);
}

/* conv s16 fields: as conv s8 with 6 bias (element size 4: int32 bias, 8: int64 bias), 7 int16 input.
 * Results: output int16, sizes[3]. */
static int32_t run_conv_s16(int32_t op)
{
    const int32_t *p = in_i32(0);
    const cmsis_nn_conv_params cp = {p[0], p[1], {p[2], p[3]}, {p[4], p[5]}, {p[6], p[7]}, {p[8], p[9]}};
    const cmsis_nn_dims in_d = dims_at(1), f_d = dims_at(2), o_d = dims_at(3);
    const cmsis_nn_dims b_d = {1, 1, 1, o_d.c};
    const cmsis_nn_per_channel_quant_params q = {(int32_t *)in_ptr(4), (int32_t *)in_ptr(5)};
    const cmsis_nn_bias_data bias = {in_ptr(6), in_fields[6].size == 4};
    const cmsis_nn_context ctx = ctx_at(9);
    int16_t *out = (int16_t *)out_alloc(2, o_d.n * o_d.h * o_d.w * o_d.c);
    int32_t *sizes = out_i32(3);
    sizes[0] = arm_convolve_wrapper_s16_get_buffer_size(&cp, &in_d, &f_d, &o_d);
    sizes[1] = arm_convolve_wrapper_s16_get_buffer_size_dsp(&cp, &in_d, &f_d, &o_d);
    sizes[2] = arm_convolve_wrapper_s16_get_buffer_size_mve(&cp, &in_d, &f_d, &o_d);
    const int16_t *x = (const int16_t *)in_ptr(7);
    const int8_t *w = (const int8_t *)in_ptr(8);
    if (op == OP_CONV_WRAPPER_S16)
    {
        return arm_convolve_wrapper_s16(&ctx, &cp, &q, &in_d, x, &f_d, w, &b_d, &bias, &o_d, out);
    }
    return arm_convolve_s16(&ctx, &cp, &q, &in_d, x, &f_d, w, &b_d, &bias, &o_d, out);
}

/* vector sum fields: 0 params[4] (cols, rows, lhs_offset, rhs_offset), 1 data, 2 bias. Result: sums. */
static int32_t run_vector_sum(void)
{
    const int32_t *p = in_i32(0);
    int32_t *out = out_i32(p[1]);
    return arm_vector_sum_s8(out, p[0], p[1], (const int8_t *)in_ptr(1), p[2], p[3], (const int32_t *)in_ptr(2));
}

static int32_t run_case(int32_t op)
{
    switch (op)
    {
    case OP_CONV_WRAPPER_S8:
    case OP_CONV_S8:
    case OP_CONV_1X1_FAST_S8:
    case OP_CONV_1X1_S8:
    case OP_CONV_1_X_N_S8:
        return run_conv_s8(op);
    case OP_DW_WRAPPER_S8:
    case OP_DW_S8:
    case OP_DW_OPT_S8:
    case OP_DW_3X3_S8:
        return run_dw_s8(op);
    case OP_FC_S8:
    case OP_FC_PER_CHANNEL_S8:
    case OP_FC_S16:
        return run_fc(op);
    case OP_MAX_POOL_S8:
    case OP_AVGPOOL_S8:
        return run_pool(op);
    case OP_SOFTMAX_S8:
        return run_softmax();
    case OP_LSTM_S8:
        return run_lstm();
    case OP_LSTM_TRACE_S8:
        return run_lstm_trace();
    case OP_REQUANTIZE:
        return run_requantize();
    case OP_ACTIVATION_S16:
        return run_activation();
    case OP_CONV_WRAPPER_S16:
    case OP_CONV_S16:
        return run_conv_s16(op);
    case OP_VECTOR_SUM_S8:
        return run_vector_sum();
    default:
        fail("unknown op");
        return 0;
    }
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Repeats a case for at least bench_ms (and 3 calls); returns nanoseconds per call. */
static int64_t bench_case(int32_t op, int32_t bench_ms)
{
    const uint32_t arena_mark = arena_used;
    int64_t calls = 0;
    const int64_t start = now_ns();
    int64_t elapsed = 0;
    do
    {
        arena_used = arena_mark;
        out_count = 0;
        (void)run_case(op);
        calls++;
        elapsed = now_ns() - start;
    } while (calls < 3 || elapsed < (int64_t)bench_ms * 1000000);
    arena_used = arena_mark;
    out_count = 0;
    return elapsed / calls;
}

int main(int argc, char **argv)
{
    int32_t bench_ms = 0;
    if (argc == 5 && strcmp(argv[1], "--bench") == 0)
    {
        bench_ms = atoi(argv[2]);
        argv += 2;
        argc -= 2;
    }
    if (argc != 3)
    {
        fprintf(stderr, "usage: kernel_harness [--bench <milliseconds>] <cases.bin> <results.bin>\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    FILE *out = fopen(argv[2], "wb");
    if (in == NULL || out == NULL)
    {
        fail("cannot open input or output file");
    }
    char magic[4];
    int32_t version = 0;
    if (fread(magic, 1, 4, in) != 4 || memcmp(magic, "WWKC", 4) != 0 || !read_i32(in, &version) || version != 1)
    {
        fail("input is not a WWKC version 1 case file");
    }
    int32_t flags = 0;
#if defined(CMSIS_NN_USE_SINGLE_ROUNDING)
    flags |= 1;
#endif
#if defined(WW_CMSIS_NN_HAS_LSTM_HIDDEN_STATE)
    flags |= 2;
#endif
#if defined(ARM_MATH_DSP)
    flags |= 4;
#endif
    fwrite("WWKR", 1, 4, out);
    write_i32(out, 1);
    write_i32(out, flags);
    int32_t op;
    while (read_i32(in, &op))
    {
        free_blocks();
        arena_used = 0;
        out_count = 0;
        if (!read_i32(in, &in_count) || in_count < 0 || in_count > WW_MAX_FIELDS)
        {
            fail("bad field count");
        }
        for (int32_t i = 0; i < in_count; i++)
        {
            field_t *f = &in_fields[i];
            if (!read_i32(in, &f->size) || !read_i32(in, &f->count) || f->count < 0 ||
                (f->size != 1 && f->size != 2 && f->size != 4 && f->size != 8))
            {
                fail("bad field header");
            }
            f->data = arena_alloc((uint32_t)(f->size * (f->count > 0 ? f->count : 1)));
            if (f->count > 0 && fread(f->data, (size_t)f->size, (size_t)f->count, in) != (size_t)f->count)
            {
                fail("truncated field");
            }
        }
        const int64_t ns_per_call = bench_ms > 0 ? bench_case(op, bench_ms) : 0;
        const int32_t status = run_case(op);
        if (bench_ms > 0)
        {
            int64_t *t = (int64_t *)out_alloc(8, 1);
            *t = ns_per_call;
        }
        write_i32(out, status);
        write_i32(out, out_count);
        for (int32_t i = 0; i < out_count; i++)
        {
            write_i32(out, out_fields[i].size);
            write_i32(out, out_fields[i].count);
            if (out_fields[i].count > 0)
            {
                fwrite(out_fields[i].data, (size_t)out_fields[i].size, (size_t)out_fields[i].count, out);
            }
        }
    }
    free_blocks();
    fclose(in);
    if (fclose(out) != 0)
    {
        fail("write error");
    }
    return 0;
}
