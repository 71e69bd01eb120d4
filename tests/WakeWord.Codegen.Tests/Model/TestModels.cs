using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Tests.Model;

/// <summary>
/// Hand-built quantized models with seeded random integers: a tiny CRNN that uses every layer kind of the
/// default model (conv, reshape, LSTM forward and backward with time reverse, step selection, concat, FC,
/// softmax), and one with the default CRNN's shapes for memory-planning and budget checks.
/// </summary>
internal static class TestModels
{
    /// <summary>Tiny CRNN: input [1,8,6,1], conv 1→4 s2, conv 4→6, LSTM I18 H5 both ways over 4 steps, FC 10→3.</summary>
    public static QuantizedModel Tiny(int seed = 1, RequantRounding rounding = RequantRounding.Double) =>
        Crnn(seed, rounding, frames: 8, features: 6, c1: 4, c2: 6, hidden: 5, name: "tiny.onnx");

    /// <summary>The default CRNN's shapes: input [1,98,24,1], conv 1→8 s2, conv 8→16, LSTM I192 H32 both ways over 49 steps, FC 64→3.</summary>
    public static QuantizedModel DefaultShape(int seed = 1) =>
        Crnn(seed, RequantRounding.Double, frames: 98, features: 24, c1: 8, c2: 16, hidden: 32, name: "crnn.onnx");

    /// <summary>
    /// The other int8 kernels: the window mean subtraction, depthwise conv (channel multiplier 4), max pool, average pool, a 1x1 conv,
    /// a per-channel fully connected layer and softmax, on input [1,8,6,1].
    /// </summary>
    public static QuantizedModel OtherOps(int seed = 1)
    {
        var rng = new Random(seed);
        var tensors = new List<TensorInfo>();
        int T(string n, int[] shape, int zp)
        {
            tensors.Add(new TensorInfo { Id = tensors.Count, Name = n, Shape = shape, Type = ElementType.Int8, Scale = 0.05, ZeroPoint = zp });
            return tensors.Count - 1;
        }
        var tIn = T("features", [1, 8, 6, 1], 5);
        var tCen = T("centered", [1, 8, 6, 1], 2);
        var tDw = T("dw_out", [1, 8, 6, 4], -20);
        var tMax = T("max_out", [1, 4, 3, 4], -20);
        var tAvg = T("avg_out", [1, 4, 3, 4], -20);
        var tPw = T("pw_out", [1, 4, 3, 6], 3);
        var tFlat = T("flat", [1, 72], 3);
        var tFc = T("fc_out", [1, 3], -7);
        var tProb = T("probs", [1, 3], -128);
        var layers = new Layer[]
        {
            // Mean over the 8 frames of each of the 6 features: out = 256 * 8 * (x - mean) * 0.6 * 2^-10, a gain of
            // 1.2, so random windows use the range and saturate at its ends.
            new SubtractMeanLayer
            {
                Name = "center", OnnxNode = "center", Inputs = [tIn], Output = tCen, Outer = 1, Steps = 8, Inner = 6,
                InputOffset = -5, Multiplier = 1288490189, Shift = -10, OutputOffset = 2,
            },
            new DepthwiseConv2DLayer
            {
                Name = "dw", OnnxNode = "dw", Inputs = [tCen], Output = tDw, ChannelMultiplier = 4,
                Weights = Bytes(rng, 9 * 4), WeightShape = [1, 3, 3, 4], Bias = Ints(rng, 4, -500, 500),
                Multiplier = Enumerable.Range(0, 4).Select(_ => Mult(rng)).ToArray(), Shift = [-7, -6, -8, -7],
                InputOffset = -5, OutputOffset = -20, StrideH = 1, StrideW = 1, PadH = 1, PadW = 1,
                ActivationMin = -20, ActivationMax = 127,
            },
            new MaxPoolLayer { Name = "maxpool", OnnxNode = "maxpool", Inputs = [tDw], Output = tMax, KernelH = 2, KernelW = 2, StrideH = 2, StrideW = 2 },
            new AvgPoolLayer { Name = "avgpool", OnnxNode = "avgpool", Inputs = [tMax], Output = tAvg, KernelH = 3, KernelW = 3, PadH = 1, PadW = 1 },
            new Conv2DLayer
            {
                Name = "pointwise", OnnxNode = "pointwise", Inputs = [tAvg], Output = tPw,
                Weights = Bytes(rng, 6 * 4), WeightShape = [6, 1, 1, 4], Bias = Ints(rng, 6, -800, 800),
                Multiplier = Enumerable.Range(0, 6).Select(_ => Mult(rng)).ToArray(), Shift = Enumerable.Range(0, 6).Select(_ => rng.Next(-8, -5)).ToArray(),
                InputOffset = 20, OutputOffset = 3, ActivationMin = -128, ActivationMax = 127,
            },
            new ReshapeLayer { Name = "flatten", OnnxNode = "flatten", Inputs = [tPw], Output = tFlat },
            new FullyConnectedLayer
            {
                Name = "fc_pc", OnnxNode = "fc", Inputs = [tFlat], Output = tFc, InputDepth = 72, OutputDepth = 3, PerChannel = true,
                Weights = Bytes(rng, 3 * 72), Bias = Ints(rng, 3, -3000, 3000),
                Multiplier = [Mult(rng), Mult(rng), Mult(rng)], Shift = [-9, -10, -9],
                InputOffset = -3, OutputOffset = -7, ActivationMin = -128, ActivationMax = 127,
            },
            new SoftmaxLayer { Name = "probs", OnnxNode = "probs", Inputs = [tFc], Output = tProb, NumRows = 1, RowSize = 3, Multiplier = 1717986918, Shift = 23, DiffMin = -248 },
        };
        return new QuantizedModel
        {
            SourceSha256 = new string('a', 64),
            SourceName = "other_ops.onnx",
            ClassNames = ["wake", "speech", "background"],
            InputFrames = 8,
            InputFeatures = 6,
            Tensors = tensors.ToArray(),
            Layers = layers,
            InputTensor = tIn,
            OutputTensor = tProb,
            FeatureQuantizer = new FeatureQuantizer { Offset = new int[6], Multiplier = Enumerable.Repeat(1 << 30, 6).ToArray(), Shift = new int[6], InputZeroPoint = 5 },
        };
    }

    /// <summary>
    /// Mixed precision: int8 input requantized to int16, an int16 conv (arm_convolve_wrapper_s16), an int16
    /// fully connected layer (arm_fully_connected_s16), back to int8, FC and softmax.
    /// </summary>
    public static QuantizedModel Int16Ops(int seed = 1, RequantRounding rounding = RequantRounding.Double)
    {
        var rng = new Random(seed);
        var tensors = new List<TensorInfo>();
        int T(string n, int[] shape, ElementType type, int zp)
        {
            tensors.Add(new TensorInfo { Id = tensors.Count, Name = n, Shape = shape, Type = type, Scale = 0.01, ZeroPoint = zp });
            return tensors.Count - 1;
        }
        var tIn = T("features", [1, 8, 6, 1], ElementType.Int8, -4);
        var tIn16 = T("features_s16", [1, 8, 6, 1], ElementType.Int16, 0);
        var tConv = T("conv_s16_out", [1, 8, 6, 4], ElementType.Int16, 0);
        var tFlat = T("conv_s16_flat", [1, 192], ElementType.Int16, 0);
        var tFc16 = T("fc_s16_out", [1, 8], ElementType.Int16, 0);
        var tFc8 = T("fc_s16_out_s8", [1, 8], ElementType.Int8, 2);
        var tFc = T("fc_out", [1, 3], ElementType.Int8, -1);
        var tProb = T("probs", [1, 3], ElementType.Int8, -128);
        long[] Bias64(int n) => Enumerable.Range(0, n).Select(_ => (long)rng.Next(-20000, 20000)).ToArray();
        var layers = new Layer[]
        {
            new RequantizeLayer { Name = "to_s16", OnnxNode = "conv16", Inputs = [tIn], Output = tIn16, InputOffset = 4, Multiplier = 1677721600, Shift = 7, ActivationMin = short.MinValue, ActivationMax = short.MaxValue },
            new Conv2DS16Layer
            {
                Name = "conv16", OnnxNode = "conv16", Inputs = [tIn16], Output = tConv,
                Weights = Bytes(rng, 4 * 9), WeightShape = [4, 3, 3, 1], Bias = Bias64(4),
                Multiplier = Enumerable.Range(0, 4).Select(_ => Mult(rng)).ToArray(), Shift = [-8, -9, -8, -9],
                PadH = 1, PadW = 1, ActivationMin = short.MinValue, ActivationMax = short.MaxValue,
            },
            new ReshapeLayer { Name = "flatten16", OnnxNode = "flatten", Inputs = [tConv], Output = tFlat },
            new FullyConnectedS16Layer
            {
                Name = "fc16", OnnxNode = "fc16", Inputs = [tFlat], Output = tFc16, InputDepth = 192, OutputDepth = 8,
                Weights = Bytes(rng, 8 * 192), Bias = Bias64(8), Multiplier = Mult(rng), Shift = -10,
                ActivationMin = short.MinValue, ActivationMax = short.MaxValue,
            },
            new RequantizeLayer { Name = "to_s8", OnnxNode = "fc16", Inputs = [tFc16], Output = tFc8, Multiplier = 2061584302, Shift = -7, OutputOffset = 2, ActivationMin = -128, ActivationMax = 127 },
            new FullyConnectedLayer
            {
                Name = "fc", OnnxNode = "fc", Inputs = [tFc8], Output = tFc, InputDepth = 8, OutputDepth = 3,
                Weights = Bytes(rng, 24), Bias = Ints(rng, 3, -500, 500), Multiplier = [Mult(rng)], Shift = [-7],
                InputOffset = -2, OutputOffset = -1, ActivationMin = -128, ActivationMax = 127,
            },
            new SoftmaxLayer { Name = "probs", OnnxNode = "probs", Inputs = [tFc], Output = tProb, NumRows = 1, RowSize = 3, Multiplier = 1717986918, Shift = 23, DiffMin = -248 },
        };
        return new QuantizedModel
        {
            SourceSha256 = new string('b', 64),
            SourceName = "int16_ops.onnx",
            ClassNames = ["wake", "speech", "background"],
            Rounding = rounding,
            InputFrames = 8,
            InputFeatures = 6,
            Tensors = tensors.ToArray(),
            Layers = layers,
            InputTensor = tIn,
            OutputTensor = tProb,
            FeatureQuantizer = new FeatureQuantizer { Offset = new int[6], Multiplier = Enumerable.Repeat(1 << 30, 6).ToArray(), Shift = new int[6], InputZeroPoint = -4 },
        };
    }

    private static QuantizedModel Crnn(int seed, RequantRounding rounding, int frames, int features, int c1, int c2, int hidden, string name)
    {
        var rng = new Random(seed);
        var tensors = new List<TensorInfo>();
        int T(string n, int[] shape, double scale, int zp)
        {
            tensors.Add(new TensorInfo { Id = tensors.Count, Name = n, Shape = shape, Type = ElementType.Int8, Scale = scale, ZeroPoint = zp });
            return tensors.Count - 1;
        }
        int h1 = (frames + 1) / 2, w1 = (features + 1) / 2;
        var steps = h1;
        var inSize = w1 * c2;
        var tIn = T("features", [1, frames, features, 1], 0.05, -3);
        var tC1 = T("conv1_out", [1, h1, w1, c1], 0.04, -128);
        var tC2 = T("conv2_out", [1, h1, w1, c2], 0.03, -128);
        var tSeq = T("lstm_in", [steps, 1, inSize], 0.03, -128);
        var tFw = T("lstm_fw_out", [steps, 1, hidden], 0.0078, 2);
        var tRev = T("lstm_in_rev", [steps, 1, inSize], 0.03, -128);
        var tBw = T("lstm_bw_out", [steps, 1, hidden], 0.0078, -1);
        var tHf = T("lstm_fw_last", [1, hidden], 0.0078, 2);
        var tHb = T("lstm_bw_last", [1, hidden], 0.0078, -1);
        var tCat = T("lstm_h", [1, 2 * hidden], 0.0078, 0);
        var tFc = T("fc_out", [1, 3], 0.1, 4);
        var tProb = T("probs", [1, 3], 1.0 / 256, -128);

        var layers = new List<Layer>
        {
            Conv(rng, "conv1", "conv1", tIn, tC1, 1, c1, stride: 2, inputOffset: 3),
            Conv(rng, "conv2", "conv2", tC1, tC2, c1, c2, stride: 1, inputOffset: 128),
            new ReshapeLayer { Name = "to_sequence", OnnxNode = "reshape_seq", Inputs = [tC2], Output = tSeq },
            Lstm(rng, "lstm_fw", tSeq, tFw, steps, inSize, hidden, outputOffset: 2),
            new TimeReverseLayer { Name = "lstm_reverse", OnnxNode = "lstm", Inputs = [tSeq], Output = tRev, TimeSteps = steps },
            Lstm(rng, "lstm_bw", tRev, tBw, steps, inSize, hidden, outputOffset: -1),
            new SelectStepLayer { Name = "lstm_fw_last", OnnxNode = "lstm", Inputs = [tFw], Output = tHf, TimeSteps = steps, Step = steps - 1 },
            new SelectStepLayer { Name = "lstm_bw_last", OnnxNode = "lstm", Inputs = [tBw], Output = tHb, TimeSteps = steps, Step = steps - 1 },
            new ConcatLayer { Name = "lstm_concat", OnnxNode = "lstm", Inputs = [tHf, tHb], Output = tCat },
            new FullyConnectedLayer
            {
                Name = "fc", OnnxNode = "fc", Inputs = [tCat], Output = tFc, InputDepth = 2 * hidden, OutputDepth = 3,
                Weights = Bytes(rng, 3 * 2 * hidden), Bias = Ints(rng, 3, -2000, 2000),
                Multiplier = [Mult(rng)], Shift = [-9], InputOffset = 0, OutputOffset = 4,
                ActivationMin = -128, ActivationMax = 127,
            },
            new SoftmaxLayer { Name = "probs", OnnxNode = "probs", Inputs = [tFc], Output = tProb, NumRows = 1, RowSize = 3, Multiplier = 1717986918, Shift = 23, DiffMin = -248 },
        };

        var fq = new FeatureQuantizer
        {
            Offset = Ints(rng, features, -300, 300),
            Multiplier = Enumerable.Range(0, features).Select(_ => Mult(rng)).ToArray(),
            Shift = Enumerable.Range(0, features).Select(_ => rng.Next(-9, -5)).ToArray(),
            InputZeroPoint = -3,
        };
        return new QuantizedModel
        {
            SourceSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(seed))),
            SourceName = name,
            ClassNames = ["wake", "speech", "background"],
            Phrase = "hey nova",
            Rounding = rounding,
            InputFrames = frames,
            InputFeatures = features,
            Tensors = tensors.ToArray(),
            Layers = layers.ToArray(),
            InputTensor = tIn,
            OutputTensor = tProb,
            FeatureQuantizer = fq,
        };
    }

    private static Conv2DLayer Conv(Random rng, string name, string node, int input, int output, int cin, int cout, int stride, int inputOffset) => new()
    {
        Name = name, OnnxNode = node, Inputs = [input], Output = output,
        Weights = Bytes(rng, cout * 9 * cin), WeightShape = [cout, 3, 3, cin],
        Bias = Ints(rng, cout, -3000, 3000),
        Multiplier = Enumerable.Range(0, cout).Select(_ => Mult(rng)).ToArray(),
        Shift = Enumerable.Range(0, cout).Select(_ => rng.Next(-10, -7)).ToArray(),
        InputOffset = inputOffset, OutputOffset = -128,
        StrideH = stride, StrideW = stride, PadH = 1, PadW = 1,
        ActivationMin = -128, ActivationMax = 127,
    };

    private static LstmUnidirectionalLayer Lstm(Random rng, string name, int input, int output, int steps, int inSize, int hidden, int outputOffset)
    {
        LstmGate Gate(LstmActivation act, bool forget) => new()
        {
            InputMultiplier = Mult(rng), InputShift = rng.Next(-5, -2),
            InputWeights = Bytes(rng, hidden * inSize),
            InputEffectiveBias = Ints(rng, hidden, forget ? 0 : -8000, forget ? 16000 : 8000),
            HiddenMultiplier = Mult(rng), HiddenShift = rng.Next(-5, -2),
            HiddenWeights = Bytes(rng, hidden * hidden),
            HiddenEffectiveBias = Ints(rng, hidden, -2000, 2000),
            Bias = Ints(rng, hidden, -100, 100),
            Activation = act,
        };
        return new LstmUnidirectionalLayer
        {
            Name = name, OnnxNode = "lstm", Inputs = [input], Output = output,
            TimeMajor = true, BatchSize = 1, TimeSteps = steps, InputSize = inSize, HiddenSize = hidden,
            InputOffset = 128,
            ForgetToCellMultiplier = 1073741824, ForgetToCellShift = -14,
            InputToCellMultiplier = 1073741824, InputToCellShift = -18,
            CellClip = 32767, CellScalePower = -11,
            OutputMultiplier = 1181494085, OutputShift = -22, OutputOffset = outputOffset,
            ForgetGate = Gate(LstmActivation.Sigmoid, true),
            InputGate = Gate(LstmActivation.Sigmoid, false),
            CellGate = Gate(LstmActivation.Tanh, false),
            OutputGate = Gate(LstmActivation.Sigmoid, false),
        };
    }

    private static int Mult(Random rng) => 0x40000000 | rng.Next(0, 0x40000000);

    private static sbyte[] Bytes(Random rng, int n)
    {
        var a = new sbyte[n];
        for (var i = 0; i < n; i++) a[i] = (sbyte)rng.Next(-127, 128);
        return a;
    }

    private static int[] Ints(Random rng, int n, int lo, int hi)
    {
        var a = new int[n];
        for (var i = 0; i < n; i++) a[i] = rng.Next(lo, hi + 1);
        return a;
    }
}
