// twin of ww_model_invoke in the generated ww_model.c
using System.Runtime.InteropServices;
using WakeWord.Core;
using WakeWord.Sim.Kernels;
using WakeWord.Sim.Kernels.Convolution;
using WakeWord.Sim.Kernels.FullyConnected;
using WakeWord.Sim.Kernels.LSTM;
using WakeWord.Sim.Kernels.Pooling;
using WakeWord.Sim.Kernels.Softmax;
using K = WakeWord.Sim.Kernels;

namespace WakeWord.Sim.Model;

/// <summary>Receives each layer's output after it ran (twin of <c>ww_layer_hook_fn</c>): index, name, output bytes.</summary>
public delegate void ModelLayerHook(int layer, string name, ReadOnlySpan<byte> data);

/// <summary>
/// Runs a <see cref="QuantizedModel"/> exactly as the generated <c>ww_model_invoke</c> does: one arena with the
/// planned tensor offsets (so in-place layers behave the same), the C# twin of each CMSIS-NN call with the
/// same parameters, the model's rounding mode, and the same per-layer hook. Kernel parameters are prepared
/// once in the constructor; <see cref="Invoke"/> only calls kernels. Not thread-safe (one arena).
/// </summary>
public sealed class ModelExecutor
{
    private readonly byte[] _arena;
    private readonly Func<ModelLayerHook?, ArmStatus>[] _steps;
    private readonly RoundingMode _rounding;

    /// <summary>Prepares <paramref name="model"/>; without a plan the tensors are laid out end to end.</summary>
    public ModelExecutor(QuantizedModel model)
    {
        ModelValidator.Validate(model);
        Model = model;
        Plan = model.Plan ?? MemoryPlan.Sequential(model, PureCScratch);
        _arena = new byte[Math.Max(1, Plan.ArenaBytes)];
        _rounding = model.Rounding == RequantRounding.Single ? RoundingMode.Single : RoundingMode.Double;
        _steps = new Func<ModelLayerHook?, ArmStatus>[model.Layers.Length];
        for (var i = 0; i < model.Layers.Length; i++) _steps[i] = Prepare(i);
    }

    public QuantizedModel Model { get; }

    /// <summary>The arena layout in use (the model's plan, or the sequential one).</summary>
    public MemoryPlan Plan { get; }

    public int InputFrames => Model.InputFrames;
    public int InputFeatures => Model.InputFeatures;
    public int NumClasses => Model.ClassNames.Length;

    /// <summary>ww_model_input: the [frames][features] int8 input inside the arena.</summary>
    public Span<sbyte> Input => Int8(Model.InputTensor);

    /// <summary>
    /// ww_model_invoke: copies <paramref name="input"/> into the arena, runs every layer, writes the int8
    /// class probabilities. Returns 0 or the negative status of the first failing kernel.
    /// </summary>
    public int Invoke(ReadOnlySpan<sbyte> input, Span<sbyte> probs, ModelLayerHook? hook = null)
    {
        if (input.Length != InputFrames * InputFeatures)
            throw new WakeWordException($"model input must have {InputFrames}x{InputFeatures} values, got {input.Length}");
        if (probs.Length < NumClasses) throw new WakeWordException($"probability buffer must hold {NumClasses} values");
        input.CopyTo(Input);
        using (Requant.Use(_rounding))
        {
            for (var i = 0; i < _steps.Length; i++)
            {
                var status = _steps[i](hook);
                if (status != ArmStatus.Success) return (int)status;
            }
        }
        Int8(Model.OutputTensor)[..NumClasses].CopyTo(probs);
        return 0;
    }

    /// <summary>
    /// ww_model_invoke_slice: runs layers [<paramref name="first"/>, <paramref name="end"/>) on the arena as the
    /// previous call left it (write <see cref="Input"/> before the slice that starts at layer 0). When
    /// <paramref name="end"/> is the layer count, writes the int8 class probabilities. Returns 0 or the
    /// negative status of the first failing kernel.
    /// </summary>
    public int InvokeLayers(int first, int end, Span<sbyte> probs, ModelLayerHook? hook = null)
    {
        if (first < 0 || end > _steps.Length || first > end)
            throw new WakeWordException($"layers {first}..{end - 1}: outside the model's {_steps.Length} layers");
        using (Requant.Use(_rounding))
        {
            for (var i = first; i < end; i++)
            {
                var status = _steps[i](hook);
                if (status != ArmStatus.Success) return (int)status;
            }
        }
        if (end == _steps.Length)
        {
            if (probs.Length < NumClasses) throw new WakeWordException($"probability buffer must hold {NumClasses} values");
            Int8(Model.OutputTensor)[..NumClasses].CopyTo(probs);
        }
        return 0;
    }

    /// <summary>Runs the model and returns the probabilities; throws when a kernel fails.</summary>
    public sbyte[] Run(ReadOnlySpan<sbyte> input, ModelLayerHook? hook = null)
    {
        var probs = new sbyte[NumClasses];
        var status = Invoke(input, probs, hook);
        if (status != 0) throw new WakeWordException($"model invoke failed with status {status}");
        return probs;
    }

    /// <summary>Runs the model and returns every layer's output bytes (index = layer).</summary>
    public byte[][] RunLayers(ReadOnlySpan<sbyte> input)
    {
        var outs = new byte[Model.Layers.Length][];
        Run(input, (layer, _, data) => outs[layer] = data.ToArray());
        return outs;
    }

    /// <summary>Scratch of a layer on a pure-C build (what the C# kernels check), for the sequential plan.</summary>
    public static int PureCScratch(QuantizedModel m, int i) => ScratchBytes(m, i, KernelTarget.PureC, 16);

    /// <summary>
    /// Scratch bytes layer <paramref name="i"/> needs on <paramref name="target"/>: the kernel's
    /// *_get_buffer_size, or the LSTM's three int16 arrays (temp1, temp2, cell_state).
    /// </summary>
    public static int ScratchBytes(QuantizedModel m, int i, KernelTarget target, int alignment)
    {
        var l = m.Layers[i];
        var x = m.Tensors[l.Inputs[0]];
        var y = m.Tensors[l.Output];
        return l switch
        {
            Conv2DLayer c => ScratchSize.ConvolveWrapperS8(target, ConvParamsOf(c), Dims4(x), FilterDims(c), Dims4(y)),
            Conv2DS16Layer c => ScratchSize.ConvolveWrapperS16(target, ConvParamsOf(c), Dims4(x), FilterDims(c), Dims4(y)),
            DepthwiseConv2DLayer c => ScratchSize.DepthwiseConvWrapperS8(target, DwParamsOf(c), Dims4(x), FilterDims(c), Dims4(y)),
            FullyConnectedLayer f => ScratchSize.FullyConnectedS8(target, new Dims(f.InputDepth, 1, 1, f.OutputDepth)),
            FullyConnectedS16Layer f => ScratchSize.FullyConnectedS16(target, new Dims(f.InputDepth, 1, 1, f.OutputDepth)),
            AvgPoolLayer => ScratchSize.AvgpoolS8(target, y.Shape[2], y.Shape[3]),
            LstmUnidirectionalLayer s => 3 * MemoryPlan.LstmSegmentBytes(s, alignment),
            _ => 0,
        };
    }

    private Span<sbyte> Int8(int tensor) =>
        MemoryMarshal.Cast<byte, sbyte>(_arena.AsSpan(Plan.TensorOffsets[tensor], Model.Tensors[tensor].Bytes));

    private Span<short> Int16(int tensor) =>
        MemoryMarshal.Cast<byte, short>(_arena.AsSpan(Plan.TensorOffsets[tensor], Model.Tensors[tensor].Bytes));

    private ReadOnlySpan<byte> Bytes(int tensor) => _arena.AsSpan(Plan.TensorOffsets[tensor], Model.Tensors[tensor].Bytes);

    private static Dims Dims4(TensorInfo t) => new(t.Shape[0], t.Shape[1], t.Shape[2], t.Shape[3]);

    private static Dims FilterDims(ConvLayerBase c) => new(c.WeightShape[0], c.WeightShape[1], c.WeightShape[2], c.WeightShape[3]);

    private static ConvParams ConvParamsOf(ConvLayerBase c) => new(c.InputOffset, c.OutputOffset,
        new Tile(c.StrideW, c.StrideH), new Tile(c.PadW, c.PadH), new Tile(c.DilationW, c.DilationH),
        new Activation(c.ActivationMin, c.ActivationMax));

    private static DwConvParams DwParamsOf(DepthwiseConv2DLayer c) => new(c.InputOffset, c.OutputOffset, c.ChannelMultiplier,
        new Tile(c.StrideW, c.StrideH), new Tile(c.PadW, c.PadH), new Tile(c.DilationW, c.DilationH),
        new Activation(c.ActivationMin, c.ActivationMax));

    private static K.LstmGate GateOf(LstmGate g) => new(g.InputMultiplier, g.InputShift, g.InputWeights, g.InputEffectiveBias,
        g.HiddenMultiplier, g.HiddenShift, g.HiddenWeights, g.HiddenEffectiveBias, g.Bias,
        g.Activation == LstmActivation.Sigmoid ? ActivationType.Sigmoid : ActivationType.Tanh);

    private NnContext Context(int layer) =>
        Plan.ScratchBytes[layer] > 0 ? NnContext.WithSize(Plan.ScratchBytes[layer]) : new NnContext(null, 0);

    /// <summary>Builds the kernel call of layer <paramref name="i"/> with all parameters fixed (the C file's const structs).</summary>
    private Func<ModelLayerHook?, ArmStatus> Prepare(int i)
    {
        var l = Model.Layers[i];
        var xId = l.Inputs[0];
        var yId = l.Output;
        var x = Model.Tensors[xId];
        var y = Model.Tensors[yId];
        var ctx = Context(i);
        Func<ArmStatus> run;
        switch (l)
        {
            case Conv2DLayer c:
            {
                var p = ConvParamsOf(c);
                var q = new PerChannelQuantParams(c.Multiplier, c.Shift);
                Dims xd = Dims4(x), fd = FilterDims(c), bd = new(1, 1, 1, y.Shape[3]), yd = Dims4(y);
                run = () => ArmConvolveWrapperS8.Run(ctx, p, q, xd, Int8(xId), fd, c.Weights, bd, c.Bias, yd, Int8(yId));
                break;
            }
            case Conv2DS16Layer c:
            {
                var p = ConvParamsOf(c);
                var q = new PerChannelQuantParams(c.Multiplier, c.Shift);
                Dims xd = Dims4(x), fd = FilterDims(c), bd = new(1, 1, 1, y.Shape[3]), yd = Dims4(y);
                var bias = BiasData.FromInt64(c.Bias);
                run = () => ArmConvolveWrapperS16.Run(ctx, p, q, xd, Int16(xId), fd, c.Weights, bd, bias, yd, Int16(yId));
                break;
            }
            case DepthwiseConv2DLayer c:
            {
                var p = DwParamsOf(c);
                var q = new PerChannelQuantParams(c.Multiplier, c.Shift);
                Dims xd = Dims4(x), fd = FilterDims(c), bd = new(1, 1, 1, y.Shape[3]), yd = Dims4(y);
                run = () => ArmDepthwiseConvWrapperS8.Run(ctx, p, q, xd, Int8(xId), fd, c.Weights, bd, c.Bias, yd, Int8(yId));
                break;
            }
            case FullyConnectedLayer f:
            {
                var batches = x.Elements / f.InputDepth;
                var p = new FcParams(f.InputOffset, f.FilterOffset, f.OutputOffset, new Activation(f.ActivationMin, f.ActivationMax));
                Dims xd = new(batches, 1, 1, f.InputDepth), fd = new(f.InputDepth, 1, 1, f.OutputDepth), bd = new(1, 1, 1, f.OutputDepth), yd = new(batches, 1, 1, f.OutputDepth);
                if (f.PerChannel)
                {
                    var q = new PerChannelQuantParams(f.Multiplier, f.Shift);
                    run = () => ArmFullyConnectedPerChannelS8.Run(ctx, p, q, xd, Int8(xId), fd, f.Weights, bd, f.Bias, yd, Int8(yId));
                }
                else
                {
                    var q = new PerTensorQuantParams(f.Multiplier[0], f.Shift[0]);
                    run = () => ArmFullyConnectedS8.Run(ctx, p, q, xd, Int8(xId), fd, f.Weights, bd, f.Bias, yd, Int8(yId));
                }
                break;
            }
            case FullyConnectedS16Layer f:
            {
                var batches = x.Elements / f.InputDepth;
                var p = new FcParams(0, 0, 0, new Activation(f.ActivationMin, f.ActivationMax));
                var q = new PerTensorQuantParams(f.Multiplier, f.Shift);
                Dims xd = new(batches, 1, 1, f.InputDepth), fd = new(f.InputDepth, 1, 1, f.OutputDepth), bd = new(1, 1, 1, f.OutputDepth), yd = new(batches, 1, 1, f.OutputDepth);
                run = () => ArmFullyConnectedS16.Run(ctx, p, q, xd, Int16(xId), fd, f.Weights, bd, f.Bias, yd, Int16(yId));
                break;
            }
            case MaxPoolLayer pl:
            {
                var p = new PoolParams(new Tile(pl.StrideW, pl.StrideH), new Tile(pl.PadW, pl.PadH), new Activation(pl.ActivationMin, pl.ActivationMax));
                Dims xd = Dims4(x), fd = new(1, pl.KernelH, pl.KernelW, 1), yd = Dims4(y);
                run = () => ArmMaxPoolS8.Run(ctx, p, xd, Int8(xId), fd, yd, Int8(yId));
                break;
            }
            case AvgPoolLayer pl:
            {
                var p = new PoolParams(new Tile(pl.StrideW, pl.StrideH), new Tile(pl.PadW, pl.PadH), new Activation(pl.ActivationMin, pl.ActivationMax));
                Dims xd = Dims4(x), fd = new(1, pl.KernelH, pl.KernelW, 1), yd = Dims4(y);
                run = () => ArmAvgpoolS8.Run(ctx, p, xd, Int8(xId), fd, yd, Int8(yId));
                break;
            }
            case LstmUnidirectionalLayer s:
            {
                var p = new LstmParams(s.TimeMajor ? 1 : 0, s.BatchSize, s.TimeSteps, s.InputSize, s.HiddenSize, s.InputOffset,
                    s.ForgetToCellMultiplier, s.ForgetToCellShift, s.InputToCellMultiplier, s.InputToCellShift,
                    s.CellClip, s.CellScalePower, s.OutputMultiplier, s.OutputShift, s.OutputOffset,
                    GateOf(s.ForgetGate), GateOf(s.InputGate), GateOf(s.CellGate), GateOf(s.OutputGate));
                var buffers = LstmContext.Create(s.BatchSize, s.HiddenSize);
                run = () => ArmLstmUnidirectionalS8.Run(Int8(xId), Int8(yId), p, buffers);
                break;
            }
            case TimeReverseLayer r:
            {
                int inOff = Plan.TensorOffsets[xId], outOff = Plan.TensorOffsets[yId], row = x.Bytes / r.TimeSteps;
                run = () => Copied(() => WwTensorOps.TimeReverse(_arena, inOff, outOff, r.TimeSteps, row));
                break;
            }
            case SelectStepLayer s:
            {
                int inOff = Plan.TensorOffsets[xId], outOff = Plan.TensorOffsets[yId], row = y.Bytes;
                run = () => Copied(() => WwTensorOps.SelectStep(_arena, inOff, outOff, s.Step, row));
                break;
            }
            case ConcatLayer:
            {
                var outer = y.Elements / y.Shape[^1];
                var outRow = y.Shape[^1] * y.ElementBytes;
                var outOff = Plan.TensorOffsets[yId];
                var parts = new List<(int InOff, int InRow, int At)>();
                var at = 0;
                foreach (var id in l.Inputs)
                {
                    var t = Model.Tensors[id];
                    var row = t.Shape[^1] * t.ElementBytes;
                    parts.Add((Plan.TensorOffsets[id], row, at));
                    at += row;
                }
                run = () =>
                {
                    foreach (var (inOff, inRow, pos) in parts)
                        WwTensorOps.ConcatPart(_arena, inOff, outOff, outer, inRow, outRow, pos);
                    return ArmStatus.Success;
                };
                break;
            }
            case RequantizeLayer q:
            {
                int inOff = Plan.TensorOffsets[xId], outOff = Plan.TensorOffsets[yId];
                int inBytes = x.ElementBytes, outBytes = y.ElementBytes, count = y.Elements;
                run = () => Copied(() => WwTensorOps.Requantize(_arena, inOff, inBytes, outOff, outBytes, count,
                    q.InputOffset, q.Multiplier, q.Shift, q.OutputOffset, q.ActivationMin, q.ActivationMax));
                break;
            }
            case SubtractMeanLayer sm:
            {
                int inOff = Plan.TensorOffsets[xId], outOff = Plan.TensorOffsets[yId];
                run = () => Copied(() => WwTensorOps.SubtractMean(_arena, inOff, outOff, sm.Outer, sm.Steps, sm.Inner,
                    sm.InputOffset, sm.Multiplier, sm.Shift, sm.OutputOffset));
                break;
            }
            case SoftmaxLayer s:
                run = () => Copied(() => ArmSoftmaxS8.Run(Int8(xId), s.NumRows, s.RowSize, s.Multiplier, s.Shift, s.DiffMin, Int8(yId)));
                break;
            case ReshapeLayer:
                // A view: the planner gives input and output the same bytes. With a plan that does not
                // (the sequential one), copy so the output still holds the values.
                run = Plan.TensorOffsets[xId] == Plan.TensorOffsets[yId]
                    ? () => ArmStatus.Success
                    : () => Copied(() => Bytes(xId).CopyTo(_arena.AsSpan(Plan.TensorOffsets[yId], y.Bytes)));
                break;
            default:
                throw new WakeWordException($"layer {l.Name}: op {l.Op} is not supported by the simulator");
        }
        var name = l.Name;
        return hook =>
        {
            var status = run();
            if (status == ArmStatus.Success) hook?.Invoke(i, name, Bytes(yId));
            return status;
        };
    }

    /// <summary>Runs a call that has no status (copies, softmax) and reports success.</summary>
    private static ArmStatus Copied(Action a)
    {
        a();
        return ArmStatus.Success;
    }
}
