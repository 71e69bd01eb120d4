/*
 * A model's layers, chained, on a QEMU Cortex-M board: conv1, conv2 on conv1's output, an LSTM on conv2's
 * output as KB_T x KB_I, an FC on the LSTM's last KB_FC_IN outputs. The shapes come from the build
 * (KB_* compile definitions, CMake cache variable WW_KB_SHAPE; `wakeword bench-kernels --cortex-m` passes the
 * shipped default model's). Data from the LCG of the reference vectors. Prints, per layer, "<layer>_instructions=<n>" (exact
 * under -icount shift=0) and "<layer>_fnv=<n>" (FNV-1a of the output bytes), which the C# kernels reproduce
 * (tests/WakeWord.Sim.Kernels.Tests/QemuKernelTests.cs). Then "scratch_<case>=<bytes>" from the generic
 * *_get_buffer_size functions as this target compiles them, which the planner's ScratchSize must match.
 */
#include <stdint.h>
#include <string.h>

#include "arm_nnfunctions.h"
#include "ww_qemu_counter.h"
#include "ww_semihost.h"

#if !defined(KB_C1_IN_H) || !defined(KB_C2_OUT_C) || !defined(KB_T) || !defined(KB_I) || !defined(KB_H) || !defined(KB_FC_IN) || \
    !defined(KB_FC_OUT)
#error "kernel_bench_qemu: configure with -DWW_KB_SHAPE=... (the KB_* layer shapes)"
#endif
#if KB_C2_IN_H != KB_C1_OUT_H || KB_C2_IN_W != KB_C1_OUT_W || KB_C2_IN_C != KB_C1_OUT_C
#error "kernel_bench_qemu: conv2 must read conv1's output"
#endif
#if KB_T * KB_I != KB_C2_OUT_H * KB_C2_OUT_W * KB_C2_OUT_C || KB_FC_IN > KB_T * KB_H
#error "kernel_bench_qemu: the LSTM reads conv2's output and the FC the LSTM's last outputs"
#endif

#define T KB_T
#define I KB_I
#define H KB_H
#define C1_IN (KB_C1_IN_H * KB_C1_IN_W * KB_C1_IN_C)
#define C1_W (KB_C1_OUT_C * KB_C1_K_H * KB_C1_K_W * KB_C1_IN_C)
#define C1_OUT (KB_C1_OUT_H * KB_C1_OUT_W * KB_C1_OUT_C)
#define C2_W (KB_C2_OUT_C * KB_C2_K_H * KB_C2_K_W * KB_C2_IN_C)
#define C2_OUT (KB_C2_OUT_H * KB_C2_OUT_W * KB_C2_OUT_C)
/* im2col scratch of the DSP convolution: two columns of int16 */
#define C1_COL (KB_C1_K_H * KB_C1_K_W * KB_C1_IN_C)
#define C2_COL (KB_C2_K_H * KB_C2_K_W * KB_C2_IN_C)
#define SCRATCH_COL (C1_COL > C2_COL ? C1_COL : C2_COL)

static uint32_t lcg_state;

static int32_t rand_int(int32_t lo, int32_t hi)
{
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return lo + (int32_t)((lcg_state >> 8) % (uint32_t)(hi - lo + 1));
}

static int32_t rand_mult(void)
{
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return (int32_t)(0x40000000u | (lcg_state >> 2));
}

static void fill_s8(int8_t *p, int32_t n, int32_t lo, int32_t hi)
{
    for (int32_t i = 0; i < n; i++)
    {
        p[i] = (int8_t)rand_int(lo, hi);
    }
}

static void fill_s32(int32_t *p, int32_t n, int32_t lo, int32_t hi)
{
    for (int32_t i = 0; i < n; i++)
    {
        p[i] = rand_int(lo, hi);
    }
}

static uint32_t fnv1a(const void *data, uint32_t n)
{
    const uint8_t *p = (const uint8_t *)data;
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++)
    {
        h = (h ^ p[i]) * 16777619u;
    }
    return h;
}

static void report(const char *layer, uint64_t instructions, uint32_t hash, int32_t status)
{
    ww_semihost_puts(layer);
    ww_semihost_puts("_instructions=");
    ww_semihost_put_u64(instructions);
    ww_semihost_puts(" ");
    ww_semihost_puts(layer);
    ww_semihost_puts("_fnv=");
    ww_semihost_put_u64(hash);
    ww_semihost_puts(" ");
    ww_semihost_puts(layer);
    ww_semihost_puts("_status=");
    ww_semihost_put_u64((uint64_t)(uint32_t)(-status));
    ww_semihost_puts("\n");
}

static int8_t input[C1_IN];
static int8_t conv1_w[C1_W], conv2_w[C2_W];
static int32_t conv1_b[KB_C1_OUT_C], conv1_m[KB_C1_OUT_C], conv1_s[KB_C1_OUT_C];
static int32_t conv2_b[KB_C2_OUT_C], conv2_m[KB_C2_OUT_C], conv2_s[KB_C2_OUT_C];
static int8_t conv1_out[C1_OUT], conv2_out[C2_OUT];
static int16_t scratch[2 * SCRATCH_COL];
static int8_t lstm_wx[4][H * I], lstm_wh[4][H * H];
static int32_t lstm_bx[4][H], lstm_bh[4][H];
static int8_t lstm_out[T * H];
static int16_t lstm_t1[H], lstm_t2[H], lstm_cell[H];
static int8_t fc_w[KB_FC_OUT * KB_FC_IN];
static int32_t fc_b[KB_FC_OUT];
static int8_t fc_out[KB_FC_OUT];

static void print_scratch(const char *name, int32_t bytes)
{
    ww_semihost_puts("scratch_");
    ww_semihost_puts(name);
    ww_semihost_puts("=");
    ww_semihost_put_u64((uint64_t)(uint32_t)bytes);
    ww_semihost_puts("\n");
}

/* Scratch sizes this build reports for a few shapes (the C# test lists the same shapes). */
static void report_scratch(void)
{
    const cmsis_nn_activation act = {-128, 127};
    const cmsis_nn_conv_params c_pad = {0, 0, {1, 1}, {1, 1}, {1, 1}, act};
    const cmsis_nn_conv_params c_1x1 = {0, 0, {1, 1}, {0, 0}, {1, 1}, act};
    const cmsis_nn_dims in1 = {1, 98, 24, 1}, f1 = {8, 3, 3, 1}, o1 = {1, 49, 12, 8};
    const cmsis_nn_dims in2 = {1, 49, 12, 8}, f2 = {16, 3, 3, 8}, o2 = {1, 49, 12, 16};
    const cmsis_nn_dims f1x1 = {16, 1, 1, 8};
    print_scratch("conv1", arm_convolve_wrapper_s8_get_buffer_size(&c_pad, &in1, &f1, &o1));
    print_scratch("conv2", arm_convolve_wrapper_s8_get_buffer_size(&c_pad, &in2, &f2, &o2));
    print_scratch("conv1x1", arm_convolve_wrapper_s8_get_buffer_size(&c_1x1, &in2, &f1x1, &o2));
    const cmsis_nn_dw_conv_params dw_pad1 = {0, 0, 1, {1, 1}, {1, 1}, {1, 1}, act};
    const cmsis_nn_dw_conv_params dw_pad2 = {0, 0, 1, {1, 1}, {2, 2}, {1, 1}, act};
    const cmsis_nn_dims f3 = {1, 3, 3, 8}, f5 = {1, 5, 5, 8}, o8 = {1, 49, 12, 8};
    print_scratch("dw3x3", arm_depthwise_conv_wrapper_s8_get_buffer_size(&dw_pad1, &in2, &f3, &o8));
    print_scratch("dw5x5", arm_depthwise_conv_wrapper_s8_get_buffer_size(&dw_pad2, &in2, &f5, &o8));
    const cmsis_nn_dims ffc = {64, 1, 1, 3};
    print_scratch("fc", arm_fully_connected_s8_get_buffer_size(&ffc));
    print_scratch("avgpool", arm_avgpool_s8_get_buffer_size(12, 16));
    const cmsis_nn_dims in16 = {1, 10, 10, 4}, f16 = {4, 3, 3, 4}, o16 = {1, 10, 10, 4};
    print_scratch("conv_s16", arm_convolve_wrapper_s16_get_buffer_size(&c_pad, &in16, &f16, &o16));
}

static uint64_t elapsed(uint64_t start)
{
    return ww_qemu_counter_instructions() - start;
}

static int32_t run_conv(const char *name, const cmsis_nn_dims *in_d, const int8_t *in, const cmsis_nn_dims *f_d,
                        const int8_t *w, const int32_t *b, int32_t *m, int32_t *s, const cmsis_nn_tile *stride,
                        const cmsis_nn_tile *pad, const cmsis_nn_dims *o_d, int8_t *out)
{
    const cmsis_nn_conv_params p = {5, -3, *stride, *pad, {1, 1}, {-128, 127}};
    const cmsis_nn_per_channel_quant_params q = {m, s};
    const cmsis_nn_dims b_d = {1, 1, 1, o_d->c};
    const int32_t need = arm_convolve_wrapper_s8_get_buffer_size(&p, in_d, f_d, o_d);
    if (need > (int32_t)sizeof(scratch))
    {
        ww_semihost_puts("scratch too small\n");
        return 1;
    }
    const cmsis_nn_context ctx = {scratch, (int32_t)sizeof(scratch)};
    const uint64_t start = ww_qemu_counter_instructions();
    const arm_cmsis_nn_status st = arm_convolve_wrapper_s8(&ctx, &p, &q, in_d, in, f_d, w, &b_d, b, o_d, out);
    const uint64_t n = elapsed(start);
    report(name, n, fnv1a(out, (uint32_t)(o_d->h * o_d->w * o_d->c)), st);
    return st != ARM_CMSIS_NN_SUCCESS;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ww_qemu_counter_start();
    int32_t failed = 0;

    /* conv1 */
    lcg_state = 11u;
    fill_s8(input, C1_IN, -128, 127);
    fill_s8(conv1_w, C1_W, -127, 127);
    fill_s32(conv1_b, KB_C1_OUT_C, -5000, 5000);
    for (int32_t i = 0; i < KB_C1_OUT_C; i++)
    {
        conv1_m[i] = rand_mult();
        conv1_s[i] = rand_int(-10, -7);
    }
    const cmsis_nn_dims in1 = {1, KB_C1_IN_H, KB_C1_IN_W, KB_C1_IN_C};
    const cmsis_nn_dims f1 = {KB_C1_OUT_C, KB_C1_K_H, KB_C1_K_W, KB_C1_IN_C};
    const cmsis_nn_dims o1 = {1, KB_C1_OUT_H, KB_C1_OUT_W, KB_C1_OUT_C};
    const cmsis_nn_tile s1 = {KB_C1_S_W, KB_C1_S_H}, p1 = {KB_C1_P_W, KB_C1_P_H};
    failed |= run_conv("conv1", &in1, input, &f1, conv1_w, conv1_b, conv1_m, conv1_s, &s1, &p1, &o1, conv1_out);

    /* conv2 on conv1's output */
    lcg_state = 12u;
    fill_s8(conv2_w, C2_W, -127, 127);
    fill_s32(conv2_b, KB_C2_OUT_C, -5000, 5000);
    for (int32_t i = 0; i < KB_C2_OUT_C; i++)
    {
        conv2_m[i] = rand_mult();
        conv2_s[i] = rand_int(-10, -7);
    }
    const cmsis_nn_dims f2 = {KB_C2_OUT_C, KB_C2_K_H, KB_C2_K_W, KB_C2_IN_C};
    const cmsis_nn_dims o2 = {1, KB_C2_OUT_H, KB_C2_OUT_W, KB_C2_OUT_C};
    const cmsis_nn_tile s2 = {KB_C2_S_W, KB_C2_S_H}, p2 = {KB_C2_P_W, KB_C2_P_H};
    failed |= run_conv("conv2", &o1, conv1_out, &f2, conv2_w, conv2_b, conv2_m, conv2_s, &s2, &p2, &o2, conv2_out);

    /* LSTM, time major, batch 1, on conv2's output as [T][I] */
    lcg_state = 13u;
    cmsis_nn_lstm_gate gates[4];
    for (int32_t g = 0; g < 4; g++)
    {
        fill_s8(lstm_wx[g], H * I, -127, 127);
        fill_s8(lstm_wh[g], H * H, -127, 127);
        fill_s32(lstm_bx[g], H, -20000, 20000);
        fill_s32(lstm_bh[g], H, -20000, 20000);
        gates[g].input_multiplier = rand_mult();
        gates[g].input_shift = -2;
        gates[g].input_weights = lstm_wx[g];
        gates[g].input_effective_bias = lstm_bx[g];
        gates[g].hidden_multiplier = rand_mult();
        gates[g].hidden_shift = -2;
        gates[g].hidden_weights = lstm_wh[g];
        gates[g].hidden_effective_bias = lstm_bh[g];
        gates[g].bias = NULL;
        gates[g].activation_type = (g == 2) ? ARM_TANH : ARM_SIGMOID;
    }
    cmsis_nn_lstm_params lp;
    memset(&lp, 0, sizeof(lp));
    lp.time_major = 1;
    lp.batch_size = 1;
    lp.time_steps = T;
    lp.input_size = I;
    lp.hidden_size = H;
    lp.forget_to_cell_multiplier = 1 << 30;
    lp.forget_to_cell_shift = -14;
    lp.input_to_cell_multiplier = 1 << 30;
    lp.input_to_cell_shift = -18;
    lp.cell_clip = 32767;
    lp.cell_scale_power = -11;
    lp.output_multiplier = rand_mult();
    lp.output_shift = -22;
    lp.output_offset = 5;
    lp.forget_gate = gates[0];
    lp.input_gate = gates[1];
    lp.cell_gate = gates[2];
    lp.output_gate = gates[3];
    cmsis_nn_lstm_context ctx = {.temp1 = lstm_t1, .temp2 = lstm_t2, .cell_state = lstm_cell};
    uint64_t start = ww_qemu_counter_instructions();
    arm_cmsis_nn_status st = arm_lstm_unidirectional_s8(conv2_out, lstm_out, &lp, &ctx);
    uint64_t n = elapsed(start);
    report("lstm", n, fnv1a(lstm_out, sizeof(lstm_out)), st);
    failed |= st != ARM_CMSIS_NN_SUCCESS;

    /* FC on the LSTM's last KB_FC_IN outputs */
    lcg_state = 14u;
    fill_s8(fc_w, KB_FC_OUT * KB_FC_IN, -127, 127);
    fill_s32(fc_b, KB_FC_OUT, -2000, 2000);
    const cmsis_nn_fc_params fp = {-5, 0, -7, {-128, 127}};
    const cmsis_nn_per_tensor_quant_params fq = {rand_mult(), -8};
    const cmsis_nn_dims fin = {1, 1, 1, KB_FC_IN}, ff = {KB_FC_IN, 1, 1, KB_FC_OUT}, fb = {1, 1, 1, KB_FC_OUT};
    const cmsis_nn_dims fo = {1, 1, 1, KB_FC_OUT};
    const cmsis_nn_context fctx = {scratch, (int32_t)sizeof(scratch)};
    start = ww_qemu_counter_instructions();
    st = arm_fully_connected_s8(&fctx, &fp, &fq, &fin, lstm_out + T * H - KB_FC_IN, &ff, fc_w, &fb, fc_b, &fo, fc_out);
    n = elapsed(start);
    report("fc", n, fnv1a(fc_out, sizeof(fc_out)), st);
    failed |= st != ARM_CMSIS_NN_SUCCESS;
    report_scratch();
    return failed;
}
