using WakeWord.Core;

namespace WakeWord.Sim.Model;

/// <summary>
/// Checks a <see cref="QuantizedModel"/> before anything runs or emits it: ids in range, array lengths that
/// match the shapes, every tensor written once before it is read, value ranges. Errors are one line naming
/// the file, the layer or tensor and the field.
/// </summary>
public static class ModelValidator
{
    public static void Validate(QuantizedModel m, string source = ModelJson.FileName)
    {
        void Fail(string what) => throw new WakeWordException($"{source}: {what}");

        if (m.FormatVersion != 1) Fail($"formatVersion {m.FormatVersion} is not supported (expected 1)");
        if (m.SourceSha256.Length != 64 || !m.SourceSha256.All(Uri.IsHexDigit)) Fail("sourceSha256 must be 64 hex digits");
        if (m.ClassNames.Length == 0) Fail("classNames is empty");
        if (m.Tensors.Length == 0) Fail("tensors is empty");
        if (m.Layers.Length == 0) Fail("layers is empty");

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < m.Tensors.Length; i++)
        {
            var t = m.Tensors[i];
            var at = $"tensors[{i}] ({t.Name})";
            if (t.Id != i) Fail($"{at}.id is {t.Id}, expected {i} (ids are indices)");
            if (!IsCIdentifier(t.Name)) Fail($"{at}.name is not a C identifier");
            if (!names.Add("t:" + t.Name)) Fail($"{at}.name is used twice");
            if (t.Shape.Length is 0 or > 4) Fail($"{at}.shape must have 1 to 4 dimensions");
            foreach (var d in t.Shape) if (d <= 0 || d > 1 << 20) Fail($"{at}.shape has dimension {d}");
            if ((long)t.Elements * t.ElementBytes > 1 << 24) Fail($"{at} is larger than 16 MB");
            if (!double.IsFinite(t.Scale) || t.Scale <= 0) Fail($"{at}.scale must be finite and positive");
            var (lo, hi) = Range(t.Type);
            if (t.ZeroPoint < lo || t.ZeroPoint > hi) Fail($"{at}.zeroPoint {t.ZeroPoint} out of {t.Type} range");
        }

        bool TensorOk(int id) => id >= 0 && id < m.Tensors.Length;
        if (!TensorOk(m.InputTensor)) Fail($"inputTensor {m.InputTensor} is not a tensor id");
        if (!TensorOk(m.OutputTensor)) Fail($"outputTensor {m.OutputTensor} is not a tensor id");
        var input = m.Tensors[m.InputTensor];
        var output = m.Tensors[m.OutputTensor];
        if (input.Type != ElementType.Int8 || input.Elements != m.InputFrames * m.InputFeatures)
            Fail($"inputTensor ({input.Name}) must be int8 with {m.InputFrames}x{m.InputFeatures} elements");
        if (output.Type != ElementType.Int8 || output.Elements != m.ClassNames.Length)
            Fail($"outputTensor ({output.Name}) must be int8 with one element per class ({m.ClassNames.Length})");

        var fq = m.FeatureQuantizer;
        if (fq.Offset.Length != m.InputFeatures || fq.Multiplier.Length != m.InputFeatures || fq.Shift.Length != m.InputFeatures)
            Fail($"featureQuantizer arrays must have {m.InputFeatures} entries");
        for (var c = 0; c < m.InputFeatures; c++)
        {
            if (fq.Multiplier[c] < 0) Fail($"featureQuantizer.multiplier[{c}] is negative");
            if (fq.Shift[c] < -31 || fq.Shift[c] > 30) Fail($"featureQuantizer.shift[{c}] = {fq.Shift[c]} out of [-31, 30]");
        }
        if (fq.InputZeroPoint != input.ZeroPoint) Fail($"featureQuantizer.inputZeroPoint {fq.InputZeroPoint} differs from the input tensor's zero point {input.ZeroPoint}");

        var written = new bool[m.Tensors.Length];
        written[m.InputTensor] = true;
        for (var li = 0; li < m.Layers.Length; li++)
        {
            var l = m.Layers[li];
            var at = $"layers[{li}] ({l.Name})";
            if (!IsCIdentifier(l.Name)) Fail($"{at}.name is not a C identifier");
            if (!names.Add("l:" + l.Name)) Fail($"{at}.name is used twice");
            if (l.Inputs.Length == 0) Fail($"{at}.inputs is empty");
            foreach (var id in l.Inputs)
            {
                if (!TensorOk(id)) Fail($"{at}.inputs: {id} is not a tensor id");
                if (!written[id]) Fail($"{at}.inputs: tensor {id} ({m.Tensors[id].Name}) is read before any layer writes it");
            }
            if (!TensorOk(l.Output)) Fail($"{at}.output: {l.Output} is not a tensor id");
            if (written[l.Output]) Fail($"{at}.output: tensor {l.Output} ({m.Tensors[l.Output].Name}) is written twice");
            written[l.Output] = true;
            ValidateLayer(m, l, at, Fail);
        }
        if (!written[m.OutputTensor]) Fail($"outputTensor ({output.Name}) is never written");

        if (m.Plan is { } p)
        {
            if (p.TensorOffsets.Length != m.Tensors.Length) Fail("plan.tensorOffsets must have one entry per tensor");
            if (p.ScratchOffsets.Length != m.Layers.Length || p.ScratchBytes.Length != m.Layers.Length)
                Fail("plan.scratchOffsets/scratchBytes must have one entry per layer");
            if (p.Alignment <= 0 || (p.Alignment & (p.Alignment - 1)) != 0) Fail("plan.alignment must be a power of two");
            for (var i = 0; i < m.Tensors.Length; i++)
                if (p.TensorOffsets[i] < 0 || p.TensorOffsets[i] % p.Alignment != 0 || p.TensorOffsets[i] + m.Tensors[i].Bytes > p.ArenaBytes)
                    Fail($"plan.tensorOffsets[{i}] ({m.Tensors[i].Name}) is misaligned or outside the arena");
            for (var i = 0; i < m.Layers.Length; i++)
                if (p.ScratchBytes[i] < 0 || (p.ScratchBytes[i] > 0 && (p.ScratchOffsets[i] < 0 || p.ScratchOffsets[i] % p.Alignment != 0 || p.ScratchOffsets[i] + p.ScratchBytes[i] > p.ArenaBytes)))
                    Fail($"plan.scratchOffsets[{i}] ({m.Layers[i].Name}) is misaligned or outside the arena");
        }
    }

    private static void ValidateLayer(QuantizedModel m, Layer l, string at, Action<string> fail)
    {
        var ins = l.Inputs.Select(i => m.Tensors[i]).ToArray();
        var x = ins[0];
        var y = m.Tensors[l.Output];
        void Need(bool ok, string what) { if (!ok) fail($"{at}: {what}"); }
        void Types(ElementType tin, ElementType tout)
        {
            foreach (var t in ins) Need(t.Type == tin, $"input {t.Name} must be {tin}, is {t.Type}");
            Need(y.Type == tout, $"output {y.Name} must be {tout}, is {y.Type}");
        }
        void Act(int min, int max, ElementType t)
        {
            var (lo, hi) = Range(t);
            Need(min >= lo && max <= hi && min <= max, $"activation range [{min}, {max}] is not within {t}");
        }
        void Mults(int[] mult, int[] shift, int n, string what)
        {
            Need(mult.Length == n && shift.Length == n, $"{what} multiplier/shift must have {n} entries");
            for (var i = 0; i < mult.Length && i < shift.Length; i++)
                Need(mult[i] >= 0 && shift[i] >= -31 && shift[i] <= 30, $"{what} multiplier[{i}]/shift[{i}] out of range");
        }
        Need(l is ConcatLayer || l.Inputs.Length == 1, "takes exactly one input");

        switch (l)
        {
            case ConvLayerBase c:
            {
                var isS16 = c is Conv2DS16Layer;
                Types(isS16 ? ElementType.Int16 : ElementType.Int8, isS16 ? ElementType.Int16 : ElementType.Int8);
                Need(x.Shape.Length == 4 && y.Shape.Length == 4, "input and output must be NHWC (4-D)");
                Need(c.WeightShape.Length == 4, "weightShape must be [O, H, W, I]");
                if (x.Shape.Length != 4 || y.Shape.Length != 4 || c.WeightShape.Length != 4) return;
                Need(c.Weights.Length == c.WeightShape[0] * c.WeightShape[1] * c.WeightShape[2] * c.WeightShape[3], "weights length differs from weightShape");
                Need(c.StrideH > 0 && c.StrideW > 0 && c.DilationH > 0 && c.DilationW > 0 && c.PadH >= 0 && c.PadW >= 0, "stride/dilation must be positive, padding non-negative");
                Need(x.Shape[0] == y.Shape[0], "batch of input and output differ");
                var cout = y.Shape[3];
                if (c is DepthwiseConv2DLayer dw)
                {
                    Need(c.WeightShape[0] == 1 && c.WeightShape[3] == cout, "depthwise weightShape must be [1, H, W, C_out]");
                    Need(cout == x.Shape[3] * dw.ChannelMultiplier, "C_out must equal C_in * channelMultiplier");
                    Need(dw.Bias.Length == cout, $"bias must have {cout} entries");
                }
                else
                {
                    Need(c.WeightShape[0] == cout && c.WeightShape[3] == x.Shape[3], "weightShape [O,H,W,I] does not match input/output channels");
                    if (c is Conv2DLayer c8) Need(c8.Bias.Length == cout, $"bias must have {cout} entries");
                    if (c is Conv2DS16Layer c16) Need(c16.Bias.Length == cout, $"bias must have {cout} entries");
                }
                var oh = (x.Shape[1] + 2 * c.PadH - c.DilationH * (c.WeightShape[1] - 1) - 1) / c.StrideH + 1;
                var ow = (x.Shape[2] + 2 * c.PadW - c.DilationW * (c.WeightShape[2] - 1) - 1) / c.StrideW + 1;
                Need(y.Shape[1] <= oh && y.Shape[2] <= ow && y.Shape[1] > 0 && y.Shape[2] > 0, $"output {y.Shape[1]}x{y.Shape[2]} does not fit the convolution ({oh}x{ow})");
                Mults(c.Multiplier, c.Shift, cout, "per-channel");
                Act(c.ActivationMin, c.ActivationMax, y.Type);
                break;
            }
            case FullyConnectedLayer f:
                Types(ElementType.Int8, ElementType.Int8);
                Need(f.InputDepth > 0 && f.OutputDepth > 0, "inputDepth/outputDepth must be positive");
                Need(f.Weights.Length == f.InputDepth * f.OutputDepth, "weights length must be outputDepth*inputDepth");
                Need(f.Bias.Length == f.OutputDepth, $"bias must have {f.OutputDepth} entries");
                Need(x.Elements % f.InputDepth == 0 && y.Elements == x.Elements / f.InputDepth * f.OutputDepth, "input/output sizes do not match inputDepth/outputDepth");
                Mults(f.Multiplier, f.Shift, f.PerChannel ? f.OutputDepth : 1, f.PerChannel ? "per-channel" : "per-tensor");
                Act(f.ActivationMin, f.ActivationMax, ElementType.Int8);
                break;
            case FullyConnectedS16Layer f:
                Types(ElementType.Int16, ElementType.Int16);
                Need(f.InputDepth > 0 && f.OutputDepth > 0, "inputDepth/outputDepth must be positive");
                Need(f.Weights.Length == f.InputDepth * f.OutputDepth, "weights length must be outputDepth*inputDepth");
                Need(f.Bias.Length == f.OutputDepth, $"bias must have {f.OutputDepth} entries");
                Need(x.Elements % f.InputDepth == 0 && y.Elements == x.Elements / f.InputDepth * f.OutputDepth, "input/output sizes do not match inputDepth/outputDepth");
                Mults([f.Multiplier], [f.Shift], 1, "per-tensor");
                Act(f.ActivationMin, f.ActivationMax, ElementType.Int16);
                break;
            case PoolLayerBase p:
                Types(ElementType.Int8, ElementType.Int8);
                Need(x.Shape.Length == 4 && y.Shape.Length == 4 && x.Shape[3] == y.Shape[3] && x.Shape[0] == y.Shape[0], "pooling keeps batch and channels (NHWC)");
                Need(p.KernelH > 0 && p.KernelW > 0 && p.StrideH > 0 && p.StrideW > 0 && p.PadH >= 0 && p.PadW >= 0, "kernel/stride must be positive, padding non-negative");
                Act(p.ActivationMin, p.ActivationMax, ElementType.Int8);
                break;
            case LstmUnidirectionalLayer s:
                Types(ElementType.Int8, ElementType.Int8);
                Need(s.TimeSteps > 0 && s.BatchSize > 0 && s.InputSize > 0 && s.HiddenSize > 0, "timeSteps/batchSize/inputSize/hiddenSize must be positive");
                Need(x.Elements == s.TimeSteps * s.BatchSize * s.InputSize, $"input must have timeSteps*batchSize*inputSize = {s.TimeSteps * s.BatchSize * s.InputSize} elements");
                Need(y.Elements == s.TimeSteps * s.BatchSize * s.HiddenSize, $"output must have timeSteps*batchSize*hiddenSize = {s.TimeSteps * s.BatchSize * s.HiddenSize} elements");
                Mults([s.ForgetToCellMultiplier, s.InputToCellMultiplier, s.OutputMultiplier], [s.ForgetToCellShift, s.InputToCellShift, s.OutputShift], 3, "cell/output");
                Need(s.OutputOffset is >= -128 and <= 127, "outputOffset out of int8 range");
                Need(s.CellScalePower is >= -15 and <= 0, "cellScalePower must be in [-15, 0]");
                foreach (var (name, g) in s.Gates)
                {
                    Need(g.InputWeights.Length == s.HiddenSize * s.InputSize, $"{name}Gate.inputWeights must have hiddenSize*inputSize entries");
                    Need(g.HiddenWeights.Length == s.HiddenSize * s.HiddenSize, $"{name}Gate.hiddenWeights must have hiddenSize*hiddenSize entries");
                    Need(g.InputEffectiveBias.Length == s.HiddenSize && g.HiddenEffectiveBias.Length == s.HiddenSize && g.Bias.Length == s.HiddenSize, $"{name}Gate biases must have hiddenSize entries");
                    Mults([g.InputMultiplier, g.HiddenMultiplier], [g.InputShift, g.HiddenShift], 2, $"{name}Gate");
                }
                break;
            case TimeReverseLayer r:
                Types(x.Type, x.Type);
                Need(r.TimeSteps > 0 && x.Elements % r.TimeSteps == 0 && y.Elements == x.Elements, "input and output must have the same size, a multiple of timeSteps");
                break;
            case SelectStepLayer s:
                Types(x.Type, x.Type);
                Need(s.TimeSteps > 0 && s.Step >= 0 && s.Step < s.TimeSteps, "step must be in [0, timeSteps)");
                Need(x.Elements == s.TimeSteps * y.Elements, "input must have timeSteps times the output's elements");
                break;
            case ConcatLayer:
            {
                Types(x.Type, x.Type);
                var outer = y.Elements / y.Shape[^1];
                var sum = 0;
                foreach (var t in ins)
                {
                    Need(t.Elements / t.Shape[^1] == outer, $"input {t.Name} has a different outer size than the output");
                    sum += t.Shape[^1];
                }
                Need(sum == y.Shape[^1], "output last dimension must be the sum of the inputs' last dimensions");
                break;
            }
            case SoftmaxLayer s:
                Types(ElementType.Int8, ElementType.Int8);
                Need(s.NumRows > 0 && s.RowSize > 0 && s.NumRows * s.RowSize == x.Elements && y.Elements == x.Elements, "numRows*rowSize must equal the input and output size");
                Need(s.Multiplier >= 0 && s.Shift is >= 0 and <= 31, "multiplier/shift out of range");
                break;
            case RequantizeLayer q:
                Need(x.Type is ElementType.Int8 or ElementType.Int16 && y.Type is ElementType.Int8 or ElementType.Int16, "requantize converts between int8 and int16 tensors");
                Need(x.Elements == y.Elements, "requantize must keep the element count");
                Mults([q.Multiplier], [q.Shift], 1, "requantize");
                Act(q.ActivationMin, q.ActivationMax, y.Type);
                break;
            case ReshapeLayer:
                Types(x.Type, x.Type);
                Need(x.Elements == y.Elements, "reshape must keep the element count");
                break;
            case SubtractMeanLayer sm:
                Types(ElementType.Int8, ElementType.Int8);
                Need(sm.Outer > 0 && sm.Steps > 0 && sm.Inner > 0 && (long)sm.Outer * sm.Steps * sm.Inner == x.Elements && y.Elements == x.Elements,
                    "outer*steps*inner must equal the input and output size");
                // 256 * |steps * (x + offset) - sum| <= 256 * 2 * 255 * steps must fit the kernel's int32.
                Need(sm.Steps <= 16384, "steps must be at most 16384 (the kernel's int32 difference times 256)");
                Need(sm.InputOffset is >= -127 and <= 128 && sm.OutputOffset is >= -128 and <= 127, "input/output offset out of int8 range");
                Mults([sm.Multiplier], [sm.Shift], 1, "subtract_mean");
                break;
        }
    }

    /// <summary>Value range of an element type.</summary>
    public static (int Min, int Max) Range(ElementType t) => t switch
    {
        ElementType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        ElementType.Int16 => (short.MinValue, short.MaxValue),
        _ => (int.MinValue, int.MaxValue),
    };

    /// <summary>True for [A-Za-z_][A-Za-z0-9_]*.</summary>
    public static bool IsCIdentifier(string s)
    {
        if (s.Length == 0 || char.IsAsciiDigit(s[0])) return false;
        foreach (var ch in s) if (!(char.IsAsciiLetterOrDigit(ch) || ch == '_')) return false;
        return true;
    }
}
