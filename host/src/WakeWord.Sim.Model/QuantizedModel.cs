using System.Text.Json.Serialization;

namespace WakeWord.Sim.Model;

/// <summary>Element type of an activation tensor in the arena.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ElementType>))]
public enum ElementType
{
    Int8,
    Int16,
    Int32,
}

/// <summary>
/// Requantization rounding used by every <c>arm_nn_requantize</c> call of the model. <see cref="Double"/> is
/// CMSIS-NN's default; <see cref="Single"/> means the firmware is built with <c>CMSIS_NN_USE_SINGLE_ROUNDING</c>
/// and the simulator runs the single-rounding arithmetic. One value drives both sides.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequantRounding>))]
public enum RequantRounding
{
    Double,
    Single,
}

/// <summary>
/// One activation tensor. <see cref="Id"/> equals its index in <see cref="QuantizedModel.Tensors"/>.
/// Shape is NHWC for 4-D feature maps, [T][B][C] for sequences, [B][C] for vectors; the real value of an
/// element q is <c>Scale * (q - ZeroPoint)</c>.
/// </summary>
public sealed record TensorInfo
{
    public required int Id { get; init; }
    /// <summary>C-safe name, unique in the model (used in generated comments and macros).</summary>
    public required string Name { get; init; }
    public required int[] Shape { get; init; }
    public required ElementType Type { get; init; }
    public required double Scale { get; init; }
    public required int ZeroPoint { get; init; }

    /// <summary>Number of elements (product of the shape).</summary>
    [JsonIgnore]
    public int Elements
    {
        get
        {
            var n = 1;
            foreach (var d in Shape) n *= d;
            return n;
        }
    }

    /// <summary>Bytes per element of <see cref="Type"/>.</summary>
    [JsonIgnore]
    public int ElementBytes => Type switch { ElementType.Int8 => 1, ElementType.Int16 => 2, _ => 4 };

    /// <summary>Size in bytes (elements times element size).</summary>
    [JsonIgnore]
    public int Bytes => Elements * ElementBytes;
}

/// <summary>
/// Feature quantizer: turns int16 front-end features into the model's int8 input, per coefficient c:
/// <c>q = clamp(arm_nn_requantize(f + Offset[c], Multiplier[c], Shift[c]) + InputZeroPoint, -128, 127)</c>
/// (docs/architecture.md, "Features → model input"). The runtime owns the code; codegen computes the numbers.
/// </summary>
public sealed record FeatureQuantizer
{
    /// <summary>featq_offset: minus the training mean of each coefficient, in feature LSBs (rounded).</summary>
    public required int[] Offset { get; init; }
    /// <summary>featq_mult: CMSIS-NN multiplier of <c>1 / (std[c] * input_scale)</c>.</summary>
    public required int[] Multiplier { get; init; }
    /// <summary>featq_shift: CMSIS-NN shift (negative = right shift) paired with <see cref="Multiplier"/>.</summary>
    public required int[] Shift { get; init; }
    /// <summary>Zero point of the model input tensor.</summary>
    public required int InputZeroPoint { get; init; }
}

/// <summary>
/// The quantized model exactly as emitted to C: activation tensors, layers in execution order with every
/// integer parameter the CMSIS-NN calls take, the feature quantizer and the memory plan. Saved in a package
/// as <c>model.json</c> (<see cref="ModelJson"/>), run by <see cref="ModelExecutor"/>, emitted by codegen.
/// </summary>
public sealed record QuantizedModel
{
    /// <summary>model.json format version; bump when a field changes meaning.</summary>
    public int FormatVersion { get; init; } = 1;
    /// <summary>SHA-256 (lower-case hex) of the ONNX file the model came from.</summary>
    public required string SourceSha256 { get; init; }
    /// <summary>File name of the source ONNX model (no folder), for reports.</summary>
    public string SourceName { get; init; } = "";
    /// <summary>Class names in output index order (default: wake, speech, background).</summary>
    public required string[] ClassNames { get; init; }
    /// <summary>The wake phrase from the ONNX metadata, if any.</summary>
    public string Phrase { get; init; } = "";
    public RequantRounding Rounding { get; init; } = RequantRounding.Double;
    /// <summary>Input frames (time steps) of the model window: 98 by default.</summary>
    public int InputFrames { get; init; } = 98;
    /// <summary>Features per frame: 24.</summary>
    public int InputFeatures { get; init; } = 24;
    public required TensorInfo[] Tensors { get; init; }
    /// <summary>Layers in execution order.</summary>
    public required Layer[] Layers { get; init; }
    /// <summary>Id of the int8 input tensor ([1][frames][features][1]).</summary>
    public required int InputTensor { get; init; }
    /// <summary>Id of the int8 output tensor (softmax probabilities, one per class).</summary>
    public required int OutputTensor { get; init; }
    public required FeatureQuantizer FeatureQuantizer { get; init; }
    /// <summary>Arena layout; null until codegen plans the memory (the executor then lays tensors out end to end).</summary>
    public MemoryPlan? Plan { get; init; }
}
