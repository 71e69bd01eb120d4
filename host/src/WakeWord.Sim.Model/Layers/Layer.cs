using System.Text.Json.Serialization;

namespace WakeWord.Sim.Model;

/// <summary>
/// One step of the model schedule: reads <see cref="Inputs"/> (tensor ids), writes <see cref="Output"/>.
/// Each concrete layer holds the integers of exactly one kernel call in the generated <c>ww_model.c</c>.
/// In model.json the kind is the <c>"op"</c> field.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op")]
[JsonDerivedType(typeof(Conv2DLayer), "conv2d")]
[JsonDerivedType(typeof(Conv2DS16Layer), "conv2d_s16")]
[JsonDerivedType(typeof(DepthwiseConv2DLayer), "depthwise_conv2d")]
[JsonDerivedType(typeof(FullyConnectedLayer), "fully_connected")]
[JsonDerivedType(typeof(FullyConnectedS16Layer), "fully_connected_s16")]
[JsonDerivedType(typeof(MaxPoolLayer), "max_pool")]
[JsonDerivedType(typeof(AvgPoolLayer), "avg_pool")]
[JsonDerivedType(typeof(LstmUnidirectionalLayer), "lstm_unidirectional")]
[JsonDerivedType(typeof(TimeReverseLayer), "time_reverse")]
[JsonDerivedType(typeof(ConcatLayer), "concat")]
[JsonDerivedType(typeof(SelectStepLayer), "select_step")]
[JsonDerivedType(typeof(SoftmaxLayer), "softmax")]
[JsonDerivedType(typeof(ReshapeLayer), "reshape")]
[JsonDerivedType(typeof(RequantizeLayer), "requantize")]
[JsonDerivedType(typeof(SubtractMeanLayer), "subtract_mean")]
public abstract record Layer
{
    /// <summary>C-safe layer name, unique in the model (hook name, comments).</summary>
    public required string Name { get; init; }
    /// <summary>Name of the ONNX node this layer came from (for a split node, the original node's name).</summary>
    public required string OnnxNode { get; init; }
    /// <summary>Input tensor ids (one for most layers, several for <see cref="ConcatLayer"/>).</summary>
    public required int[] Inputs { get; init; }
    /// <summary>Output tensor id.</summary>
    public required int Output { get; init; }

    /// <summary>The model.json "op" value of this layer kind.</summary>
    [JsonIgnore]
    public abstract string Op { get; }
}

/// <summary>Fields of <c>cmsis_nn_conv_params</c> / <c>cmsis_nn_dw_conv_params</c> shared by the convolutions.</summary>
public abstract record ConvLayerBase : Layer
{
    /// <summary>Filter weights, OHWI (depthwise: [1][H][W][C_out]).</summary>
    public required sbyte[] Weights { get; init; }
    /// <summary>Filter shape [O, H, W, I] (depthwise: [1, H, W, C_out]).</summary>
    public required int[] WeightShape { get; init; }
    /// <summary>Per-output-channel requantization multipliers.</summary>
    public required int[] Multiplier { get; init; }
    /// <summary>Per-output-channel shifts (negative = right).</summary>
    public required int[] Shift { get; init; }
    /// <summary>conv_params.input_offset = -zero point of the input (0 for s16).</summary>
    public int InputOffset { get; init; }
    /// <summary>conv_params.output_offset = +zero point of the output (0 for s16).</summary>
    public int OutputOffset { get; init; }
    public int StrideH { get; init; } = 1;
    public int StrideW { get; init; } = 1;
    public int PadH { get; init; }
    public int PadW { get; init; }
    public int DilationH { get; init; } = 1;
    public int DilationW { get; init; } = 1;
    public required int ActivationMin { get; init; }
    public required int ActivationMax { get; init; }
}

/// <summary>int8 convolution: <c>arm_convolve_wrapper_s8</c>.</summary>
public sealed record Conv2DLayer : ConvLayerBase
{
    /// <summary>int32 bias per output channel.</summary>
    public required int[] Bias { get; init; }
    [JsonIgnore] public override string Op => "conv2d";
}

/// <summary>int16-activation convolution (int8 weights, int64 bias): <c>arm_convolve_wrapper_s16</c>.</summary>
public sealed record Conv2DS16Layer : ConvLayerBase
{
    /// <summary>int64 bias per output channel.</summary>
    public required long[] Bias { get; init; }
    [JsonIgnore] public override string Op => "conv2d_s16";
}

/// <summary>int8 depthwise convolution: <c>arm_depthwise_conv_wrapper_s8</c>.</summary>
public sealed record DepthwiseConv2DLayer : ConvLayerBase
{
    public required int[] Bias { get; init; }
    /// <summary>dw_conv_params.ch_mult: output channels per input channel.</summary>
    public int ChannelMultiplier { get; init; } = 1;
    [JsonIgnore] public override string Op => "depthwise_conv2d";
}

/// <summary>
/// int8 fully connected: <c>arm_fully_connected_s8</c> (per-tensor: one multiplier) or
/// <c>arm_fully_connected_per_channel_s8</c> (<see cref="PerChannel"/>: one per output).
/// Batches = input elements / <see cref="InputDepth"/>.
/// </summary>
public sealed record FullyConnectedLayer : Layer
{
    /// <summary>Weights [OutputDepth][InputDepth].</summary>
    public required sbyte[] Weights { get; init; }
    public required int InputDepth { get; init; }
    public required int OutputDepth { get; init; }
    public required int[] Bias { get; init; }
    public bool PerChannel { get; init; }
    /// <summary>Length 1 (per tensor) or OutputDepth (per channel).</summary>
    public required int[] Multiplier { get; init; }
    public required int[] Shift { get; init; }
    /// <summary>fc_params.input_offset = -zero point of the input.</summary>
    public int InputOffset { get; init; }
    /// <summary>fc_params.filter_offset (0 for symmetric weights).</summary>
    public int FilterOffset { get; init; }
    /// <summary>fc_params.output_offset = +zero point of the output.</summary>
    public int OutputOffset { get; init; }
    public required int ActivationMin { get; init; }
    public required int ActivationMax { get; init; }
    [JsonIgnore] public override string Op => "fully_connected";
}

/// <summary>int16-activation fully connected (int8 weights, int64 bias, per tensor): <c>arm_fully_connected_s16</c>.</summary>
public sealed record FullyConnectedS16Layer : Layer
{
    public required sbyte[] Weights { get; init; }
    public required int InputDepth { get; init; }
    public required int OutputDepth { get; init; }
    public required long[] Bias { get; init; }
    public required int Multiplier { get; init; }
    public required int Shift { get; init; }
    public required int ActivationMin { get; init; }
    public required int ActivationMax { get; init; }
    [JsonIgnore] public override string Op => "fully_connected_s16";
}

/// <summary>Fields of <c>cmsis_nn_pool_params</c> plus the window size.</summary>
public abstract record PoolLayerBase : Layer
{
    public required int KernelH { get; init; }
    public required int KernelW { get; init; }
    public int StrideH { get; init; } = 1;
    public int StrideW { get; init; } = 1;
    public int PadH { get; init; }
    public int PadW { get; init; }
    public int ActivationMin { get; init; } = -128;
    public int ActivationMax { get; init; } = 127;
}

/// <summary>int8 max pooling: <c>arm_max_pool_s8</c>.</summary>
public sealed record MaxPoolLayer : PoolLayerBase
{
    [JsonIgnore] public override string Op => "max_pool";
}

/// <summary>int8 average pooling: <c>arm_avgpool_s8</c>.</summary>
public sealed record AvgPoolLayer : PoolLayerBase
{
    [JsonIgnore] public override string Op => "avg_pool";
}

/// <summary>
/// Copies the time steps of a [T][rest] tensor in reverse order (the backward half of a bidirectional LSTM
/// runs the forward kernel on the reversed sequence). The planner may run it in place.
/// </summary>
public sealed record TimeReverseLayer : Layer
{
    public required int TimeSteps { get; init; }
    [JsonIgnore] public override string Op => "time_reverse";
}

/// <summary>Concatenates the inputs along their last axis (all other dimensions equal).</summary>
public sealed record ConcatLayer : Layer
{
    [JsonIgnore] public override string Op => "concat";
}

/// <summary>Copies time step <see cref="Step"/> of a [T][rest] tensor (e.g. LSTM Y_h from Y).</summary>
public sealed record SelectStepLayer : Layer
{
    public required int TimeSteps { get; init; }
    public required int Step { get; init; }
    [JsonIgnore] public override string Op => "select_step";
}

/// <summary>
/// int8 softmax over rows: <c>arm_softmax_s8(input, num_rows, row_size, mult, shift, diff_min, output)</c>.
/// </summary>
public sealed record SoftmaxLayer : Layer
{
    public required int NumRows { get; init; }
    public required int RowSize { get; init; }
    public required int Multiplier { get; init; }
    /// <summary>Left shift of the input (CMSIS-NN <c>shift</c> argument).</summary>
    public required int Shift { get; init; }
    public required int DiffMin { get; init; }
    [JsonIgnore] public override string Op => "softmax";
}

/// <summary>A view with another shape: no code, the output shares the input's bytes.</summary>
public sealed record ReshapeLayer : Layer
{
    [JsonIgnore] public override string Op => "reshape";
}

/// <summary>
/// Changes the quantization (and element type, int8 ↔ int16) of a tensor, element by element:
/// <c>q_out = clamp(arm_nn_requantize(q_in + InputOffset, Multiplier, Shift) + OutputOffset, min, max)</c>.
/// Used around layers kept in int16 (mixed precision). C: <c>ww_requantize</c> in the generated ww_model.c.
/// </summary>
public sealed record RequantizeLayer : Layer
{
    /// <summary>-zero point of the input.</summary>
    public int InputOffset { get; init; }
    public required int Multiplier { get; init; }
    public required int Shift { get; init; }
    /// <summary>+zero point of the output.</summary>
    public int OutputOffset { get; init; }
    public required int ActivationMin { get; init; }
    public required int ActivationMax { get; init; }
    [JsonIgnore] public override string Op => "requantize";
}

/// <summary>
/// x minus its mean along the middle axis of [Outer][Steps][Inner] (the model input's per-window mean
/// normalization: every feature loses its mean over the window's frames), int8 in and out, per element:
/// <c>clamp(arm_nn_requantize(256 * (Steps * (x + InputOffset) - sum_t (x_t + InputOffset)), Multiplier, Shift) + OutputOffset, -128, 127)</c>
/// with the multiplier of <c>input_scale / (256 * Steps * output_scale)</c>: exact integer sums, and 8 guard bits so that
/// the requantization's two roundings stay within half a step plus 1/256 of the exact value.
/// Runs as <c>ww_subtract_mean</c> in the generated <c>ww_model.c</c>; twin <see cref="WwTensorOps.SubtractMean"/>.
/// </summary>
public sealed record SubtractMeanLayer : Layer
{
    public required int Outer { get; init; }
    /// <summary>Length of the averaged axis (frames of the window).</summary>
    public required int Steps { get; init; }
    public required int Inner { get; init; }
    /// <summary>-zero point of the input.</summary>
    public int InputOffset { get; init; }
    public required int Multiplier { get; init; }
    public required int Shift { get; init; }
    /// <summary>+zero point of the output.</summary>
    public int OutputOffset { get; init; }
    [JsonIgnore] public override string Op => "subtract_mean";
}
