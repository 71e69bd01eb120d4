using System.Diagnostics;
using WakeWord.Core;
using WakeWord.Sim.Kernels.Convolution;
using WakeWord.Sim.Kernels.FullyConnected;
using WakeWord.Sim.Kernels.LSTM;
using WakeWord.Sim.Kernels.Native;

namespace WakeWord.Sim.Kernels.Bench;

/// <summary>One benchmarked layer: MACs per call and time per call of the C# kernel and of the native C build.</summary>
public sealed record KernelBenchRow(string Name, long Macs, double CSharpNsPerCall, double NativeNsPerCall, bool Exact)
{
    public double CSharpMacsPerSecond => Macs / CSharpNsPerCall * 1e9;
    public double NativeMacsPerSecond => Macs / NativeNsPerCall * 1e9;
    /// <summary>C# speed over native speed (above 1: C# is faster).</summary>
    public double Ratio => NativeNsPerCall / CSharpNsPerCall;
}

/// <summary>
/// Times the C# kernels against the C kernels (portable subset at -O2, or CMSIS-NN at CMSIS_NN_ROOT) on the layers of
/// a <see cref="KernelBenchShape"/> (the CLI passes the shipped default model's): every convolution, LSTM and FC, one
/// row each. Same random data on both sides; the outputs are compared too.
/// </summary>
public static class KernelBench
{
    private sealed record Layer(string Name, long Macs, HarnessCall Call, Func<Array> RunCSharp);

    /// <summary>Runs each layer for at least <paramref name="milliseconds"/> on each side.</summary>
    public static IReadOnlyList<KernelBenchRow> Run(KernelBenchShape shape, int milliseconds, string? cmsisNnRoot)
    {
        if (milliseconds <= 0) throw new WakeWordException($"bench-kernels: --ms must be positive (got {milliseconds})");
        var layers = Layers(shape);
        var native = NativeHarness.Build(RoundingMode.Double, cmsisNnRoot);
        using var _ = Requant.Use(RoundingMode.Double);
        var results = native.Run(layers.Select(l => l.Call).ToList(), milliseconds);
        var rows = new List<KernelBenchRow>();
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            var r = results[i];
            if (r.Status != 0) throw new WakeWordException($"bench-kernels: native {l.Name} returned status {r.Status}");
            var expected = r.Outputs[0].Data;
            var actual = l.RunCSharp();
            bool exact = SameBytes(expected, actual);
            long nativeNs = ((long[])r.Outputs[^1].Data)[0];
            rows.Add(new KernelBenchRow(l.Name, l.Macs, TimeCSharp(l.RunCSharp, milliseconds), nativeNs, exact));
        }
        return rows;
    }

    private static bool SameBytes(Array a, Array b)
    {
        if (a.GetType() != b.GetType() || a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++) if (!Equals(a.GetValue(i), b.GetValue(i))) return false;
        return true;
    }

    private static double TimeCSharp(Func<Array> run, int milliseconds)
    {
        var warm = Stopwatch.StartNew(); // warm-up: let tiered compilation settle
        for (int i = 0; i < 3 || warm.ElapsedMilliseconds < Math.Min(200, milliseconds); i++) run();
        var sw = Stopwatch.StartNew();
        long calls = 0;
        while (calls < 3 || sw.ElapsedMilliseconds < milliseconds)
        {
            run();
            calls++;
        }
        return sw.Elapsed.TotalNanoseconds / calls;
    }

    private static List<Layer> Layers(KernelBenchShape shape)
    {
        var rng = new Random(2024);
        sbyte[] S8(int n) { var a = new sbyte[n]; for (int i = 0; i < n; i++) a[i] = (sbyte)rng.Next(-128, 128); return a; }
        int[] S32(int n, int lo, int hi) { var a = new int[n]; for (int i = 0; i < n; i++) a[i] = (int)rng.NextInt64(lo, (long)hi + 1); return a; }
        int[] Mult(int n) => S32(n, 1 << 30, int.MaxValue);
        var act = new Activation(-128, 127);
        var layers = new List<Layer>();
        foreach (var c in shape.Convs) layers.Add(ConvLayer(c, S8, S32, Mult, act));
        foreach (var l in shape.Lstms) layers.Add(LstmLayer(l, rng, S8, S32));
        foreach (var f in shape.Fcs) layers.Add(FcLayer(f, rng, S8, S32, act));
        return layers;
    }

    private static Layer LstmLayer(LstmShape shape, Random rng, Func<int, sbyte[]> S8, Func<int, int, int, int[]> S32)
    {
        // Time-major, batch 1.
        int steps = shape.Steps, inSize = shape.Input, hidden = shape.Hidden;
        LstmGate Gate(ActivationType t) => new((int)rng.NextInt64(1 << 30, int.MaxValue), -2, S8(hidden * inSize), S32(hidden, -20000, 20000),
            (int)rng.NextInt64(1 << 30, int.MaxValue), -2, S8(hidden * hidden), S32(hidden, -20000, 20000), null, t);
        var lp = new LstmParams(1, 1, steps, inSize, hidden, 0, 1 << 30, -14, 1 << 30, -18, 32767, -11, (int)rng.NextInt64(1 << 30, int.MaxValue), -22, 5,
            Gate(ActivationType.Sigmoid), Gate(ActivationType.Sigmoid), Gate(ActivationType.Tanh), Gate(ActivationType.Sigmoid));
        var x = S8(steps * inSize);
        var lstmFields = new List<HarnessField>
        {
            new(new[] { lp.TimeMajor, lp.BatchSize, lp.TimeSteps, lp.InputSize, lp.HiddenSize, lp.InputOffset, lp.ForgetToCellMultiplier,
                lp.ForgetToCellShift, lp.InputToCellMultiplier, lp.InputToCellShift, lp.CellClip, lp.CellScalePower, lp.OutputMultiplier,
                lp.OutputShift, lp.OutputOffset }),
        };
        foreach (var g in new[] { lp.ForgetGate, lp.InputGate, lp.CellGate, lp.OutputGate })
        {
            lstmFields.Add(new(new[] { g.InputMultiplier, g.InputShift, g.HiddenMultiplier, g.HiddenShift, (int)g.ActivationType }));
            lstmFields.Add(new(g.InputWeights));
            lstmFields.Add(new(g.HiddenWeights));
            lstmFields.Add(new(g.InputEffectiveBias));
            lstmFields.Add(new(g.HiddenEffectiveBias));
        }
        lstmFields.Add(new(x));
        lstmFields.Add(new(Array.Empty<sbyte>()));
        lstmFields.Add(new(Array.Empty<short>()));
        var lstmCtx = LstmContext.Create(1, hidden);
        var lstmOut = new sbyte[steps * hidden];
        return new Layer(shape.ToString(), shape.Macs, new HarnessCall(16, lstmFields), () =>
        {
            ArmLstmUnidirectionalS8.Run(x, lstmOut, lp, lstmCtx);
            return lstmOut;
        });
    }

    private static Layer FcLayer(FcShape shape, Random rng, Func<int, sbyte[]> S8, Func<int, int, int, int[]> S32, Activation act)
    {
        // Per tensor.
        int n = shape.Input, k = shape.Output;
        var fp = new FcParams(k, 0, -7, act);
        var fcIn = S8(n);
        var fcW = S8(n * k);
        var fcBias = S32(k, -2000, 2000);
        int fcMult = (int)rng.NextInt64(1 << 30, int.MaxValue);
        var fcOut = new sbyte[k];
        var fcFields = new List<HarnessField>
        {
            new(new[] { fp.InputOffset, fp.FilterOffset, fp.OutputOffset, act.Min, act.Max }), new(new[] { 1, 1, 1, n }), new(new[] { n, 1, 1, k }),
            new(new[] { 1, 1, 1, k }), new(new[] { fcMult }), new(new[] { -8 }), new(fcBias), new(fcIn), new(fcW), new(Array.Empty<int>()),
        };
        return new Layer(shape.ToString(), shape.Macs, new HarnessCall(10, fcFields), () =>
        {
            ArmFullyConnectedS8.Run(default, fp, new PerTensorQuantParams(fcMult, -8), new Dims(1, 1, 1, n), fcIn, new Dims(n, 1, 1, k), fcW,
                new Dims(1, 1, 1, k), fcBias, new Dims(1, 1, 1, k), fcOut);
            return fcOut;
        });
    }

    private static Layer ConvLayer(ConvShape shape, Func<int, sbyte[]> s8, Func<int, int, int, int[]> s32, Func<int, int[]> mult, Activation act)
    {
        var (input, filter, output) = (shape.Input, shape.Filter, shape.Output);
        var p = new ConvParams(5, -3, new Tile(shape.StrideW, shape.StrideH), new Tile(shape.PadW, shape.PadH), new Tile(1, 1), act);
        var x = s8(input.Size);
        var w = s8(filter.Size);
        var bias = s32(output.C, -5000, 5000);
        var m = mult(output.C);
        var sh = s32(output.C, -10, -7);
        int scratch = ScratchSize.ConvolveWrapperS8(KernelTarget.PureC, p, input, filter, output);
        var ctx = NnContext.WithSize(scratch);
        var o = new sbyte[output.Size];
        var fields = new List<HarnessField>
        {
            new(new[] { p.InputOffset, p.OutputOffset, shape.StrideW, shape.StrideH, shape.PadW, shape.PadH, 1, 1, act.Min, act.Max }),
            new(new[] { input.N, input.H, input.W, input.C }), new(new[] { filter.N, filter.H, filter.W, filter.C }),
            new(new[] { output.N, output.H, output.W, output.C }), new(m), new(sh), new(bias), new(x), new(w), new(new[] { scratch }),
        };
        return new Layer(shape.ToString(), shape.Macs, new HarnessCall(1, fields), () =>
        {
            ArmConvolveWrapperS8.Run(ctx, p, new PerChannelQuantParams(m, sh), input, x, filter, w, new Dims(1, 1, 1, output.C), bias, output, o);
            return o;
        });
    }
}
