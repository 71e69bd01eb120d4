using System.Text.Json.Serialization;

namespace WakeWord.Sim.Model;

/// <summary>Activation of an LSTM gate (<c>arm_nn_activation_type</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LstmActivation>))]
public enum LstmActivation
{
    Sigmoid,
    Tanh,
}

/// <summary>
/// One gate of an int8x8_16 LSTM, field for field <c>cmsis_nn_lstm_gate</c>. Weights are
/// [hidden][input] and [hidden][hidden] (row j = unit j); effective biases fold the input / hidden
/// zero points into the bias (kernel sums), so the kernel multiplies raw int8 values.
/// </summary>
public sealed record LstmGate
{
    public required int InputMultiplier { get; init; }
    public required int InputShift { get; init; }
    public required sbyte[] InputWeights { get; init; }
    public required int[] InputEffectiveBias { get; init; }
    public required int HiddenMultiplier { get; init; }
    public required int HiddenShift { get; init; }
    public required sbyte[] HiddenWeights { get; init; }
    public required int[] HiddenEffectiveBias { get; init; }
    /// <summary>gate.bias: kept for reference and emitted, not read by the s8 kernel (folded into the effective bias).</summary>
    public required int[] Bias { get; init; }
    public required LstmActivation Activation { get; init; }
}

/// <summary>
/// int8 unidirectional LSTM, field for field <c>cmsis_nn_lstm_params</c>: <c>arm_lstm_unidirectional_s8</c>.
/// Input [T][B][I] (time major) or [B][T][I]; output [T][B][H] or [B][T][H]; the cell state is int16 with
/// scale 2^CellScalePower, gates are Q0.15. The initial hidden and cell state are zero (context
/// hidden_state = NULL). Scratch: temp1, temp2 and cell_state, each BatchSize*HiddenSize int16.
/// </summary>
public sealed record LstmUnidirectionalLayer : Layer
{
    public bool TimeMajor { get; init; } = true;
    public int BatchSize { get; init; } = 1;
    public required int TimeSteps { get; init; }
    public required int InputSize { get; init; }
    public required int HiddenSize { get; init; }
    /// <summary>-zero point of the input; not read by the kernel (folded into the effective biases).</summary>
    public int InputOffset { get; init; }
    public required int ForgetToCellMultiplier { get; init; }
    public required int ForgetToCellShift { get; init; }
    public required int InputToCellMultiplier { get; init; }
    public required int InputToCellShift { get; init; }
    /// <summary>Quantized cell clip; 0 or less means no clip.</summary>
    public required int CellClip { get; init; }
    public required int CellScalePower { get; init; }
    public required int OutputMultiplier { get; init; }
    public required int OutputShift { get; init; }
    /// <summary>+zero point of the hidden/output tensor (added after requantization).</summary>
    public required int OutputOffset { get; init; }
    public required LstmGate ForgetGate { get; init; }
    public required LstmGate InputGate { get; init; }
    public required LstmGate CellGate { get; init; }
    public required LstmGate OutputGate { get; init; }
    [JsonIgnore] public override string Op => "lstm_unidirectional";

    /// <summary>The gates in the order cmsis_nn_lstm_params lists them: forget, input, cell, output.</summary>
    [JsonIgnore]
    public IReadOnlyList<(string Name, LstmGate Gate)> Gates =>
        [("forget", ForgetGate), ("input", InputGate), ("cell", CellGate), ("output", OutputGate)];
}
