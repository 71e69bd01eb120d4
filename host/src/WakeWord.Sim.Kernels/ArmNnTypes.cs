// twin of arm_nn_types.h
namespace WakeWord.Sim.Kernels;

/// <summary>Status every kernel returns; twin of <c>arm_cmsis_nn_status</c> (same values).</summary>
public enum ArmStatus
{
    Success = 0,
    ArgError = -1,
    NoImplError = -2,
    Failure = -3,
}

/// <summary>Twin of <c>arm_nn_activation_type</c>.</summary>
public enum ActivationType
{
    Sigmoid = 0,
    Tanh = 1,
}

/// <summary>Twin of <c>cmsis_nn_tile</c>.</summary>
public readonly record struct Tile(int W, int H);

/// <summary>Output clamp range; twin of <c>cmsis_nn_activation</c>.</summary>
public readonly record struct Activation(int Min, int Max);

/// <summary>Tensor shape NHWC; for conv filters N is the output channel count. Twin of <c>cmsis_nn_dims</c>.</summary>
public readonly record struct Dims(int N, int H, int W, int C)
{
    /// <summary>N * H * W * C.</summary>
    public int Size => N * H * W * C;
}

/// <summary>
/// Scratch buffer; twin of <c>cmsis_nn_context</c>. The C# kernels keep their own scratch, but a null
/// <see cref="Buf"/> gives the same <see cref="ArmStatus.ArgError"/> as in C where CMSIS-NN requires one.
/// </summary>
public readonly record struct NnContext(byte[]? Buf, int Size)
{
    /// <summary>A context with a zeroed buffer of <paramref name="size"/> bytes (at least one byte, never null).</summary>
    public static NnContext WithSize(int size) => new(new byte[Math.Max(1, size)], size);
}

/// <summary>Twin of <c>cmsis_nn_conv_params</c>: InputOffset = -zp(input), OutputOffset = +zp(output).</summary>
public readonly record struct ConvParams(int InputOffset, int OutputOffset, Tile Stride, Tile Padding, Tile Dilation, Activation Activation);

/// <summary>Twin of <c>cmsis_nn_dw_conv_params</c>; ChMult * input channels = output channels.</summary>
public readonly record struct DwConvParams(int InputOffset, int OutputOffset, int ChMult, Tile Stride, Tile Padding, Tile Dilation, Activation Activation);

/// <summary>Twin of <c>cmsis_nn_pool_params</c>.</summary>
public readonly record struct PoolParams(Tile Stride, Tile Padding, Activation Activation);

/// <summary>Twin of <c>cmsis_nn_fc_params</c>.</summary>
public readonly record struct FcParams(int InputOffset, int FilterOffset, int OutputOffset, Activation Activation);

/// <summary>Twin of <c>cmsis_nn_per_channel_quant_params</c>: one multiplier (Q31) and shift per output channel.</summary>
public readonly record struct PerChannelQuantParams(int[] Multiplier, int[] Shift);

/// <summary>Twin of <c>cmsis_nn_per_tensor_quant_params</c>.</summary>
public readonly record struct PerTensorQuantParams(int Multiplier, int Shift);

/// <summary>Twin of <c>cmsis_nn_bias_data</c> for the s16 kernels: int32 bias when <see cref="IsInt32Bias"/>, else int64.</summary>
public readonly record struct BiasData(int[]? Int32Data, long[]? Int64Data, bool IsInt32Bias)
{
    public static BiasData FromInt32(int[]? bias) => new(bias, null, true);
    public static BiasData FromInt64(long[]? bias) => new(null, bias, false);
}

/// <summary>
/// One LSTM gate of the 8x8_16 scheme; twin of <c>cmsis_nn_lstm_gate</c>. Weights are [hidden][input] and
/// [hidden][hidden]; InputEffectiveBias = bias + input_offset * row sums, HiddenEffectiveBias = -zp(hidden) * row sums
/// (see <see cref="FullyConnected.ArmVectorSumS8"/>). <see cref="Bias"/> is not read by the s8 kernel.
/// </summary>
public readonly record struct LstmGate(
    int InputMultiplier, int InputShift, sbyte[] InputWeights, int[] InputEffectiveBias,
    int HiddenMultiplier, int HiddenShift, sbyte[] HiddenWeights, int[] HiddenEffectiveBias,
    int[]? Bias, ActivationType ActivationType);

/// <summary>Twin of <c>cmsis_nn_lstm_params</c> (same field order). CellClip &lt;= 0 means no clip.</summary>
public readonly record struct LstmParams(
    int TimeMajor, int BatchSize, int TimeSteps, int InputSize, int HiddenSize, int InputOffset,
    int ForgetToCellMultiplier, int ForgetToCellShift, int InputToCellMultiplier, int InputToCellShift,
    int CellClip, int CellScalePower, int OutputMultiplier, int OutputShift, int OutputOffset,
    LstmGate ForgetGate, LstmGate InputGate, LstmGate CellGate, LstmGate OutputGate);

/// <summary>
/// Twin of <c>cmsis_nn_lstm_context</c>: Temp1, Temp2, CellState hold batch * hidden int16 each. HiddenState
/// null: start from zero state (cell state cleared); otherwise start from it and the given cell state, and
/// receive the last hidden state (CMSIS-NN after v7.0.0).
/// </summary>
public readonly record struct LstmContext(short[] Temp1, short[] Temp2, short[] CellState, sbyte[]? HiddenState)
{
    /// <summary>Buffers for <paramref name="batch"/> x <paramref name="hidden"/>, no initial hidden state.</summary>
    public static LstmContext Create(int batch, int hidden) =>
        new(new short[batch * hidden], new short[batch * hidden], new short[batch * hidden], null);
}

/// <summary>Which CMSIS-NN build a scratch size is asked for (the generic query answers for the build it runs in).</summary>
public enum KernelTarget
{
    /// <summary>Pure C (no DSP, no MVE): the host build.</summary>
    PureC,
    /// <summary>DSP extension, gcc (Cortex-M4/M7): the <c>_dsp</c> queries.</summary>
    Dsp,
    /// <summary>Helium (Cortex-M55/M85): the <c>_mve</c> queries.</summary>
    Mve,
}
