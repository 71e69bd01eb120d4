using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Quantization;

/// <summary>
/// The CMSIS-NN / TFLM int8x8_16 LSTM parameters (testvectors README section 4.3): per gate, input and hidden
/// multipliers for a Q3.12 pre-activation, effective biases that fold the zero points into kernel sums,
/// a power-of-two int16 cell state, and the output requantization with <c>output_offset = +zp_h</c>.
/// </summary>
public static class LstmQuantizer
{
    /// <summary>Quantized weights and bias of one gate (row j = unit j).</summary>
    public sealed record GateInts(sbyte[] InputWeights, double InputWeightScale, sbyte[] HiddenWeights, double HiddenWeightScale, int[] Bias);

    /// <summary>One gate's parameters given the input (s_x, zp_x) and hidden (s_h, zp_h) quantization.</summary>
    public static LstmGate Gate(GateInts g, int inputSize, int hidden, double sx, int zx, double sh, int zh, LstmActivation act)
    {
        var (im, ish) = QuantMath.QuantizeMultiplier(sx * g.InputWeightScale * 4096.0);
        var (hm, hsh) = QuantMath.QuantizeMultiplier(sh * g.HiddenWeightScale * 4096.0);
        var inEff = new int[hidden];
        var hidEff = new int[hidden];
        for (var j = 0; j < hidden; j++)
        {
            long sumX = 0, sumH = 0;
            for (var i = 0; i < inputSize; i++) sumX += g.InputWeights[j * inputSize + i];
            for (var k = 0; k < hidden; k++) sumH += g.HiddenWeights[j * hidden + k];
            inEff[j] = checked((int)(g.Bias[j] + -zx * sumX));
            hidEff[j] = checked((int)(-zh * sumH));
        }
        return new LstmGate
        {
            InputMultiplier = im, InputShift = ish, InputWeights = g.InputWeights, InputEffectiveBias = inEff,
            HiddenMultiplier = hm, HiddenShift = hsh, HiddenWeights = g.HiddenWeights, HiddenEffectiveBias = hidEff,
            Bias = g.Bias, Activation = act,
        };
    }

    /// <summary>Cell-state power: the smallest 2^p with 32767·2^p covering <paramref name="cellMaxAbs"/>, clamped to [-15, -5].</summary>
    public static int CellScalePower(double cellMaxAbs)
    {
        if (!(cellMaxAbs > 0)) return -15;
        var p = (int)Math.Ceiling(Math.Log2(cellMaxAbs * 32768.0 / 32767.0)) - 15;
        return Math.Clamp(p, -15, -5);
    }

    /// <summary>The full layer (gates in CMSIS order forget, input, cell, output are looked up from ONNX order i, o, f, c).</summary>
    public static LstmUnidirectionalLayer Layer(string name, string onnxNode, int input, int output, int timeSteps, int batch, int inputSize, int hidden,
        GateInts[] onnxOrderGates, double sx, int zx, double sh, int zh, int cellScalePower)
    {
        LstmGate G(int onnxIndex, LstmActivation a) => Gate(onnxOrderGates[onnxIndex], inputSize, hidden, sx, zx, sh, zh, a);
        var (fm, fs) = QuantMath.QuantizeMultiplier(Math.Pow(2, -15));
        var (im, ish) = QuantMath.QuantizeMultiplier(Math.Pow(2, -30 - cellScalePower));
        var (om, os) = QuantMath.QuantizeMultiplier(Math.Pow(2, -30) / sh);
        return new LstmUnidirectionalLayer
        {
            Name = name, OnnxNode = onnxNode, Inputs = [input], Output = output,
            TimeMajor = true, BatchSize = batch, TimeSteps = timeSteps, InputSize = inputSize, HiddenSize = hidden,
            InputOffset = -zx,
            ForgetToCellMultiplier = fm, ForgetToCellShift = fs,
            InputToCellMultiplier = im, InputToCellShift = ish,
            CellClip = 0, CellScalePower = cellScalePower,
            OutputMultiplier = om, OutputShift = os, OutputOffset = zh,
            InputGate = G(0, LstmActivation.Sigmoid),
            OutputGate = G(1, LstmActivation.Sigmoid),
            ForgetGate = G(2, LstmActivation.Sigmoid),
            CellGate = G(3, LstmActivation.Tanh),
        };
    }
}
