using WakeWord.Sim.Kernels.Activations;
using WakeWord.Sim.Kernels.Convolution;
using WakeWord.Sim.Kernels.FullyConnected;
using WakeWord.Sim.Kernels.LSTM;
using WakeWord.Sim.Kernels.NNSupport;
using WakeWord.Sim.Kernels.Pooling;
using WakeWord.Sim.Kernels.Softmax;

namespace WakeWord.Sim.Kernels.Tests.Support;

/// <summary>Builds <see cref="KernelCase"/>s: the harness fields and the matching C# call, in one place per op.</summary>
public static class Cases
{
    private static int[] DimsArr(Dims d) => [d.N, d.H, d.W, d.C];

    private static NnContext Ctx(int? size) => size is { } s ? NnContext.WithSize(s) : new NnContext(null, 0);

    private static Field CtxField(int? size) => size is { } s ? Field.Of(s) : Field.Null32;

    private static int[] Sizes(Func<KernelTarget, int> f) => [f(KernelTarget.PureC), f(KernelTarget.Dsp), f(KernelTarget.Mve)];

    /// <summary>int8 convolution (wrapper or a variant); ctxSize null passes a NULL buffer.</summary>
    public static KernelCase ConvS8(string name, int op, ConvParams p, Dims input, Dims filter, Dims output,
        int[] mult, int[] shift, int[] bias, sbyte[] x, sbyte[] w, int? ctxSize)
    {
        var inputs = new List<Field>
        {
            Field.Of(p.InputOffset, p.OutputOffset, p.Stride.W, p.Stride.H, p.Padding.W, p.Padding.H, p.Dilation.W, p.Dilation.H, p.Activation.Min, p.Activation.Max),
            Field.Of(DimsArr(input)), Field.Of(DimsArr(filter)), Field.Of(DimsArr(output)),
            Field.Of(mult), Field.Of(shift), Field.Of(bias), Field.Of(x), Field.Of(w), CtxField(ctxSize),
        };
        return new KernelCase(name, op, inputs, () =>
        {
            var o = Fill.S8(output.Size);
            var q = new PerChannelQuantParams(mult, shift);
            var ctx = Ctx(ctxSize);
            var b = new Dims(1, 1, 1, output.C);
            var st = op switch
            {
                Op.ConvWrapperS8 => ArmConvolveWrapperS8.Run(ctx, p, q, input, x, filter, w, b, bias, output, o),
                Op.ConvS8 => ArmConvolveS8.Run(ctx, p, q, input, x, filter, w, b, bias, null, output, o),
                Op.Conv1x1FastS8 => ArmConvolve1x1S8Fast.Run(ctx, p, q, input, x, filter, w, b, bias, output, o),
                Op.Conv1x1S8 => ArmConvolve1x1S8.Run(ctx, p, q, input, x, filter, w, b, bias, output, o),
                _ => ArmConvolve1XNS8.Run(ctx, p, q, input, x, filter, w, b, bias, output, o),
            };
            return new CaseResult((int)st, [Field.Of(o), Field.Of(Sizes(t => ScratchSize.ConvolveWrapperS8(t, p, input, filter, output)))]);
        });
    }

    /// <summary>int8 depthwise convolution (wrapper or a variant).</summary>
    public static KernelCase DwS8(string name, int op, DwConvParams p, Dims input, Dims filter, Dims output,
        int[] mult, int[] shift, int[] bias, sbyte[] x, sbyte[] w, int? ctxSize)
    {
        var inputs = new List<Field>
        {
            Field.Of(p.InputOffset, p.OutputOffset, p.ChMult, p.Stride.W, p.Stride.H, p.Padding.W, p.Padding.H, p.Dilation.W, p.Dilation.H, p.Activation.Min, p.Activation.Max),
            Field.Of(DimsArr(input)), Field.Of(DimsArr(filter)), Field.Of(DimsArr(output)),
            Field.Of(mult), Field.Of(shift), Field.Of(bias), Field.Of(x), Field.Of(w), CtxField(ctxSize),
        };
        return new KernelCase(name, op, inputs, () =>
        {
            var o = Fill.S8(output.Size);
            var q = new PerChannelQuantParams(mult, shift);
            var ctx = Ctx(ctxSize);
            var b = new Dims(1, 1, 1, output.C);
            var st = op switch
            {
                Op.DwWrapperS8 => ArmDepthwiseConvWrapperS8.Run(ctx, p, q, input, x, filter, w, b, bias, output, o),
                Op.DwS8 => ArmDepthwiseConvS8.Run(ctx, p, q, input, x, filter, w, b, bias, output, o),
                Op.DwOptS8 => ArmDepthwiseConvS8Opt.Run(ctx, p, q, input, x, filter, w, b, bias, output, o),
                _ => ArmDepthwiseConv3x3S8.Run(ctx, p, q, input, x, filter, w, b, bias, output, o),
            };
            return new CaseResult((int)st, [Field.Of(o), Field.Of(Sizes(t => ScratchSize.DepthwiseConvWrapperS8(t, p, input, filter, output)))]);
        });
    }

    /// <summary>int8 fully connected, per tensor (mult/shift of length 1) or per channel.</summary>
    public static KernelCase FcS8(string name, bool perChannel, FcParams p, Dims input, Dims filter, Dims output,
        int[] mult, int[] shift, int[] bias, sbyte[] x, sbyte[] w)
    {
        var inputs = new List<Field>
        {
            Field.Of(p.InputOffset, p.FilterOffset, p.OutputOffset, p.Activation.Min, p.Activation.Max),
            Field.Of(DimsArr(input)), Field.Of(DimsArr(filter)), Field.Of(DimsArr(output)),
            Field.Of(mult), Field.Of(shift), Field.Of(bias), Field.Of(x), Field.Of(w), Field.Null32,
        };
        return new KernelCase(name, perChannel ? Op.FcPerChannelS8 : Op.FcS8, inputs, () =>
        {
            var o = Fill.S8(input.N * output.C);
            var b = new Dims(1, 1, 1, output.C);
            var st = perChannel
                ? ArmFullyConnectedPerChannelS8.Run(default, p, new PerChannelQuantParams(mult, shift), input, x, filter, w, b, bias, output, o)
                : ArmFullyConnectedS8.Run(default, p, new PerTensorQuantParams(mult[0], shift[0]), input, x, filter, w, b, bias, output, o);
            return new CaseResult((int)st, [Field.Of(o), Field.Of(Sizes(t => ScratchSize.FullyConnectedS8(t, filter)))]);
        });
    }

    /// <summary>int16 fully connected with int64 bias.</summary>
    public static KernelCase FcS16(string name, FcParams p, Dims input, Dims filter, Dims output, int mult, int shift, long[] bias, short[] x, sbyte[] w)
    {
        var inputs = new List<Field>
        {
            Field.Of(p.InputOffset, p.FilterOffset, p.OutputOffset, p.Activation.Min, p.Activation.Max),
            Field.Of(DimsArr(input)), Field.Of(DimsArr(filter)), Field.Of(DimsArr(output)),
            Field.Of(mult), Field.Of(shift), Field.Of(bias), Field.Of(x), Field.Of(w), Field.Null32,
        };
        return new KernelCase(name, Op.FcS16, inputs, () =>
        {
            var o = Fill.S16(input.N * output.C);
            var st = ArmFullyConnectedS16.Run(default, p, new PerTensorQuantParams(mult, shift), input, x, filter, w, new Dims(1, 1, 1, output.C), bias, output, o);
            return new CaseResult((int)st, [Field.Of(o), Field.Of(Sizes(t => ScratchSize.FullyConnectedS16(t, filter)))]);
        });
    }

    /// <summary>int16 convolution; bias as int32 (isInt32) or int64.</summary>
    public static KernelCase ConvS16(string name, int op, ConvParams p, Dims input, Dims filter, Dims output,
        int[] mult, int[] shift, BiasData bias, short[] x, sbyte[] w, int? ctxSize)
    {
        var biasField = bias.IsInt32Bias ? Field.Of(bias.Int32Data ?? []) : Field.Of(bias.Int64Data ?? []);
        var inputs = new List<Field>
        {
            Field.Of(p.InputOffset, p.OutputOffset, p.Stride.W, p.Stride.H, p.Padding.W, p.Padding.H, p.Dilation.W, p.Dilation.H, p.Activation.Min, p.Activation.Max),
            Field.Of(DimsArr(input)), Field.Of(DimsArr(filter)), Field.Of(DimsArr(output)),
            Field.Of(mult), Field.Of(shift), biasField, Field.Of(x), Field.Of(w), CtxField(ctxSize),
        };
        return new KernelCase(name, op, inputs, () =>
        {
            var o = Fill.S16(output.Size);
            var q = new PerChannelQuantParams(mult, shift);
            var b = new Dims(1, 1, 1, output.C);
            var st = op == Op.ConvWrapperS16
                ? ArmConvolveWrapperS16.Run(Ctx(ctxSize), p, q, input, x, filter, w, b, bias, output, o)
                : ArmConvolveS16.Run(Ctx(ctxSize), p, q, input, x, filter, w, b, bias, output, o);
            return new CaseResult((int)st, [Field.Of(o), Field.Of(Sizes(t => ScratchSize.ConvolveWrapperS16(t, p, input, filter, output)))]);
        });
    }

    /// <summary>Max or average pooling.</summary>
    public static KernelCase Pool(string name, bool max, PoolParams p, Dims input, Dims filter, Dims output, sbyte[] x, int? ctxSize)
    {
        var inputs = new List<Field>
        {
            Field.Of(p.Stride.W, p.Stride.H, p.Padding.W, p.Padding.H, p.Activation.Min, p.Activation.Max),
            Field.Of(DimsArr(input)), Field.Of(DimsArr(filter)), Field.Of(DimsArr(output)), Field.Of(x), CtxField(ctxSize),
        };
        return new KernelCase(name, max ? Op.MaxPoolS8 : Op.AvgpoolS8, inputs, () =>
        {
            var o = Fill.S8(Math.Max(1, input.N) * output.H * output.W * output.C);
            var st = max
                ? ArmMaxPoolS8.Run(Ctx(ctxSize), p, input, x, filter, output, o)
                : ArmAvgpoolS8.Run(Ctx(ctxSize), p, input, x, filter, output, o);
            return new CaseResult((int)st, [Field.Of(o), Field.Of(Sizes(t => ScratchSize.AvgpoolS8(t, output.W, input.C)))]);
        });
    }

    public static KernelCase Softmax(string name, int rows, int rowSize, int mult, int shift, int diffMin, sbyte[] x)
    {
        var inputs = new List<Field> { Field.Of(rows, rowSize, mult, shift, diffMin), Field.Of(x) };
        return new KernelCase(name, Op.SoftmaxS8, inputs, () =>
        {
            var o = Fill.S8(rows * rowSize);
            ArmSoftmaxS8.Run(x, rows, rowSize, mult, shift, diffMin, o);
            return new CaseResult(0, [Field.Of(o)]);
        });
    }

    public static KernelCase Requantize(string name, int[] val, int[] mult, int[] shift, RoundingMode mode)
    {
        var inputs = new List<Field> { Field.Of(val), Field.Of(mult), Field.Of(shift) };
        return new KernelCase(name, Op.Requantize, inputs, () =>
        {
            var o = new int[val.Length];
            for (int i = 0; i < val.Length; i++) o[i] = Requant.Requantize(val[i], mult[i], shift[i], mode);
            return new CaseResult(0, [Field.Of(o)]);
        });
    }

    public static KernelCase Activation(string name, short[] x, int leftShift, ActivationType type)
    {
        var inputs = new List<Field> { Field.Of(leftShift, (int)type), Field.Of(x) };
        return new KernelCase(name, Op.ActivationS16, inputs, () =>
        {
            var o = Fill.S16(x.Length);
            var st = ArmNnActivationS16.Run(x, o, x.Length, leftShift, type);
            return new CaseResult((int)st, [Field.Of(o)]);
        });
    }

    public static KernelCase VectorSum(string name, int cols, int rows, sbyte[] data, int lhsOffset, int rhsOffset, int[] bias)
    {
        var inputs = new List<Field> { Field.Of(cols, rows, lhsOffset, rhsOffset), Field.Of(data), Field.Of(bias) };
        return new KernelCase(name, Op.VectorSumS8, inputs, () =>
        {
            var o = Fill.S32(rows);
            var st = ArmVectorSumS8.Run(o, cols, rows, data, lhsOffset, rhsOffset, bias);
            return new CaseResult((int)st, [Field.Of(o)]);
        });
    }

    private static List<Field> LstmFields(LstmParams p, sbyte[] x, sbyte[]? hidden, short[]? cell)
    {
        var f = new List<Field>
        {
            Field.Of(p.TimeMajor, p.BatchSize, p.TimeSteps, p.InputSize, p.HiddenSize, p.InputOffset,
                p.ForgetToCellMultiplier, p.ForgetToCellShift, p.InputToCellMultiplier, p.InputToCellShift,
                p.CellClip, p.CellScalePower, p.OutputMultiplier, p.OutputShift, p.OutputOffset),
        };
        foreach (var g in new[] { p.ForgetGate, p.InputGate, p.CellGate, p.OutputGate })
        {
            f.Add(Field.Of(g.InputMultiplier, g.InputShift, g.HiddenMultiplier, g.HiddenShift, (int)g.ActivationType));
            f.Add(Field.Of(g.InputWeights));
            f.Add(Field.Of(g.HiddenWeights));
            f.Add(Field.Of(g.InputEffectiveBias));
            f.Add(Field.Of(g.HiddenEffectiveBias));
        }
        f.Add(Field.Of(x));
        f.Add(hidden == null ? Field.Null8 : Field.Of(hidden));
        f.Add(cell == null ? new Field(2, Array.Empty<short>()) : Field.Of(cell));
        return f;
    }

    /// <summary>Whole-sequence LSTM; hidden/cell non-null start from that state. Results: output, cell state, hidden state.</summary>
    public static KernelCase Lstm(string name, LstmParams p, sbyte[] x, sbyte[]? hidden = null, short[]? cell = null)
    {
        return new KernelCase(name, Op.LstmS8, LstmFields(p, x, hidden, cell), () =>
        {
            int n = p.BatchSize * p.HiddenSize;
            var o = Fill.S8(p.TimeSteps * n);
            var cellState = Fill.S16(n);
            var hiddenState = Fill.S8(n);
            if (hidden != null)
            {
                hidden.CopyTo(hiddenState, 0);
                cell!.CopyTo(cellState, 0);
            }
            var ctx = new LstmContext(new short[n], new short[n], cellState, hidden != null ? hiddenState : null);
            var st = ArmLstmUnidirectionalS8.Run(x, o, p, ctx);
            return new CaseResult((int)st, [Field.Of(o), Field.Of(cellState), Field.Of(hiddenState)]);
        });
    }

    /// <summary>Step-by-step LSTM (time-major, batch 1): per step cell, output gate, tanh(cell), hidden; then step-0 gates.</summary>
    public static KernelCase LstmTrace(string name, LstmParams p, sbyte[] x)
    {
        return new KernelCase(name, Op.LstmTraceS8, LstmFields(p, x, null, null), () => RunLstmTrace(p, x));
    }

    /// <summary>The C# side of <see cref="LstmTrace"/> (also used directly by the reference-vector tests).</summary>
    public static CaseResult RunLstmTrace(LstmParams p, sbyte[] x)
    {
        int h = p.HiddenSize;
        var ctx = LstmContext.Create(1, h);
        var fields = new List<Field>();
        var prev = Array.Empty<sbyte>();
        for (int t = 0; t < p.TimeSteps; t++)
        {
            var hOut = Fill.S8(h);
            var st = ArmNnLstmStepS8.Run(x.AsSpan(t * p.InputSize), prev, hOut, p, ctx, 1);
            if (st != ArmStatus.Success) return new CaseResult((int)st, fields);
            fields.Add(Field.Of((short[])ctx.CellState.Clone()));
            fields.Add(Field.Of((short[])ctx.Temp1.Clone()));
            fields.Add(Field.Of((short[])ctx.Temp2.Clone()));
            fields.Add(Field.Of(hOut));
            prev = hOut;
        }
        foreach (var g in new[] { p.ForgetGate, p.InputGate, p.CellGate })
        {
            var o = Fill.S16(h);
            ArmNnLstmCalculateGateS8S16.Run(x, default, g, p, o, 1);
            fields.Add(Field.Of(o));
        }
        return new CaseResult(0, fields);
    }
}
