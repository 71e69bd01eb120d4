using WakeWord.Sim.Kernels.Convolution;
using WakeWord.Sim.Kernels.FullyConnected;
using WakeWord.Sim.Kernels.LSTM;
using WakeWord.Sim.Kernels.Bench;
using WakeWord.Sim.Kernels.Native;

namespace WakeWord.Sim.Kernels.Tests;

/// <summary>
/// CRNN layer chains (the earlier seed shape and the conv2-stride-2 shape) built for Cortex-M4 and M7 (the DSP code paths of the portable kernels, or CMSIS-NN with
/// CMSIS_NN_ROOT) and run under QEMU give exactly the C# kernels' outputs; instruction counts are reported.
/// </summary>
[TestFixture]
public class QemuKernelTests
{
    private uint _s;

    private int RandInt(int lo, int hi)
    {
        _s = unchecked(_s * 1664525u + 1013904223u);
        return lo + (int)((_s >> 8) % (uint)(hi - lo + 1));
    }

    private int RandMult()
    {
        _s = unchecked(_s * 1664525u + 1013904223u);
        return unchecked((int)(0x40000000u | (_s >> 2)));
    }

    private sbyte[] S8(int n, int lo, int hi) { var a = new sbyte[n]; for (int i = 0; i < n; i++) a[i] = (sbyte)RandInt(lo, hi); return a; }
    private int[] S32(int n, int lo, int hi) { var a = new int[n]; for (int i = 0; i < n; i++) a[i] = RandInt(lo, hi); return a; }

    private static uint Fnv(ReadOnlySpan<sbyte> data)
    {
        uint h = 2166136261u;
        foreach (var b in data) h = unchecked((h ^ (byte)b) * 16777619u);
        return h;
    }

    /// <summary>The earlier seed CRNN's chain: conv 1->8 3x3/2 on 98x24, conv 8->16 3x3/1, LSTM I192 H32 x49, FC 64->3.</summary>
    internal static readonly KernelBenchShape SeedChain = new("seed shape",
        [
            new ConvShape("conv1", new Dims(1, 98, 24, 1), new Dims(8, 3, 3, 1), new Dims(1, 49, 12, 8), 2, 2, 1, 1),
            new ConvShape("conv2", new Dims(1, 49, 12, 8), new Dims(16, 3, 3, 8), new Dims(1, 49, 12, 16), 1, 1, 1, 1),
        ],
        [new LstmShape("lstm", 49, 192, 32)], [new FcShape("fc", 64, 3)]);

    /// <summary>The conv2-stride-2 CRNN's chain: conv2 8->16 3x3/2 to 25x6, LSTM I96 H32 x25.</summary>
    internal static readonly KernelBenchShape Stride2Chain = new("stride-2 shape",
        [
            new ConvShape("conv1", new Dims(1, 98, 24, 1), new Dims(8, 3, 3, 1), new Dims(1, 49, 12, 8), 2, 2, 1, 1),
            new ConvShape("conv2", new Dims(1, 49, 12, 8), new Dims(16, 3, 3, 8), new Dims(1, 25, 6, 16), 2, 2, 1, 1),
        ],
        [new LstmShape("lstm", 25, 96, 32)], [new FcShape("fc", 64, 3)]);

    private static KernelBenchShape Chain(string name) => name == "seed" ? SeedChain : Stride2Chain;

    /// <summary>The same chain as firmware/tests/kernels/qemu/kernel_bench_qemu.c, in C#: layer → FNV-1a of its output.</summary>
    private Dictionary<string, uint> CSharpHashes(KernelBenchShape shape)
    {
        var (c1, c2, l, f) = shape.CortexMChain();
        var hashes = new Dictionary<string, uint>();
        var act = new Activation(-128, 127);
        _s = 11;
        var input = S8(c1.Input.Size, -128, 127);
        var w1 = S8(c1.Filter.Size, -127, 127);
        var b1 = S32(c1.Output.C, -5000, 5000);
        var m1 = new int[c1.Output.C];
        var s1 = new int[c1.Output.C];
        for (int i = 0; i < m1.Length; i++) { m1[i] = RandMult(); s1[i] = RandInt(-10, -7); }
        var o1 = new sbyte[c1.Output.Size];
        var p1 = new ConvParams(5, -3, new Tile(c1.StrideW, c1.StrideH), new Tile(c1.PadW, c1.PadH), new Tile(1, 1), act);
        ArmConvolveWrapperS8.Run(NnContext.WithSize(4 * c2.Filter.H * c2.Filter.W * c2.Filter.C), p1, new PerChannelQuantParams(m1, s1), c1.Input, input,
            c1.Filter, w1, new Dims(1, 1, 1, c1.Output.C), b1, c1.Output, o1);
        hashes["conv1"] = Fnv(o1);

        _s = 12;
        var w2 = S8(c2.Filter.Size, -127, 127);
        var b2 = S32(c2.Output.C, -5000, 5000);
        var m2 = new int[c2.Output.C];
        var s2 = new int[c2.Output.C];
        for (int i = 0; i < m2.Length; i++) { m2[i] = RandMult(); s2[i] = RandInt(-10, -7); }
        var o2 = new sbyte[c2.Output.Size];
        var p2 = new ConvParams(5, -3, new Tile(c2.StrideW, c2.StrideH), new Tile(c2.PadW, c2.PadH), new Tile(1, 1), act);
        ArmConvolveWrapperS8.Run(NnContext.WithSize(4 * c2.Filter.H * c2.Filter.W * c2.Filter.C), p2, new PerChannelQuantParams(m2, s2), c2.Input, o1,
            c2.Filter, w2, new Dims(1, 1, 1, c2.Output.C), b2, c2.Output, o2);
        hashes["conv2"] = Fnv(o2);

        _s = 13;
        int t = l.Steps, inSize = l.Input, h = l.Hidden;
        var gates = new LstmGate[4];
        for (int g = 0; g < 4; g++)
        {
            var wx = S8(h * inSize, -127, 127);
            var wh = S8(h * h, -127, 127);
            var bx = S32(h, -20000, 20000);
            var bh = S32(h, -20000, 20000);
            int im = RandMult();
            int hm = RandMult();
            gates[g] = new LstmGate(im, -2, wx, bx, hm, -2, wh, bh, null, g == 2 ? ActivationType.Tanh : ActivationType.Sigmoid);
        }
        var lp = new LstmParams(1, 1, t, inSize, h, 0, 1 << 30, -14, 1 << 30, -18, 32767, -11, RandMult(), -22, 5,
            gates[0], gates[1], gates[2], gates[3]);
        var lstmOut = new sbyte[t * h];
        ArmLstmUnidirectionalS8.Run(o2, lstmOut, lp, LstmContext.Create(1, h));
        hashes["lstm"] = Fnv(lstmOut);

        _s = 14;
        var fw = S8(f.Output * f.Input, -127, 127);
        var fb = S32(f.Output, -2000, 2000);
        var fcOut = new sbyte[f.Output];
        ArmFullyConnectedS8.Run(default, new FcParams(-5, 0, -7, act), new PerTensorQuantParams(RandMult(), -8), new Dims(1, 1, 1, f.Input),
            lstmOut.AsSpan(t * h - f.Input, f.Input), new Dims(f.Input, 1, 1, f.Output), fw, new Dims(1, 1, 1, f.Output), fb,
            new Dims(1, 1, 1, f.Output), fcOut);
        hashes["fc"] = Fnv(fcOut);
        return hashes;
    }

    [TestCase("qemu-m4", "seed")]
    [TestCase("qemu-m7", "seed")]
    [TestCase("qemu-m4", "stride2")]
    public void CrnnLayersAndScratchSizes_OnCortexM_EqualCSharp(string board, string chain)
    {
        var shape = Chain(chain);
        var expected = CSharpHashes(shape);
        var got = CortexMKernelBench.Run(board, NativeHarness.CmsisNnRootFromEnvironment(), shape);
        long totalMacs = 0;
        ulong totalInstructions = 0;
        var macs = CortexMKernelBench.LayerMacs(shape);
        foreach (var (layer, hash) in expected)
        {
            Assert.That(got, Does.ContainKey($"{layer}_fnv"), $"{board}: no output for {layer}");
            Assert.That(got[$"{layer}_status"], Is.EqualTo(0UL), $"{board} {layer}: status");
            Assert.That(got[$"{layer}_fnv"], Is.EqualTo((ulong)hash), $"{board} {layer}: output hash differs from the C# kernels");
            var n = got[$"{layer}_instructions"];
            totalInstructions += n;
            totalMacs += macs[layer];
            TestContext.Out.WriteLine($"{board} {shape.Source} {layer}: {n} instructions, {n / (double)macs[layer]:F2} per MAC");
        }
        TestContext.Out.WriteLine($"{board} {shape.Source} total: {totalInstructions} instructions, {totalInstructions / (double)totalMacs:F2} per MAC");

        // The generic *_get_buffer_size as compiled for this Cortex-M DSP target equals ScratchSize(Dsp).
        var act = new Activation(-128, 127);
        var pad = new ConvParams(0, 0, new Tile(1, 1), new Tile(1, 1), new Tile(1, 1), act);
        var noPad = new ConvParams(0, 0, new Tile(1, 1), new Tile(0, 0), new Tile(1, 1), act);
        var in2 = new Dims(1, 49, 12, 8);
        var o8 = new Dims(1, 49, 12, 8);
        var dsp = KernelTarget.Dsp;
        var scratch = new Dictionary<string, int>
        {
            ["conv1"] = ScratchSize.ConvolveWrapperS8(dsp, pad, new Dims(1, 98, 24, 1), new Dims(8, 3, 3, 1), new Dims(1, 49, 12, 8)),
            ["conv2"] = ScratchSize.ConvolveWrapperS8(dsp, pad, in2, new Dims(16, 3, 3, 8), new Dims(1, 49, 12, 16)),
            ["conv1x1"] = ScratchSize.ConvolveWrapperS8(dsp, noPad, in2, new Dims(16, 1, 1, 8), new Dims(1, 49, 12, 16)),
            ["dw3x3"] = ScratchSize.DepthwiseConvWrapperS8(dsp, new DwConvParams(0, 0, 1, new Tile(1, 1), new Tile(1, 1), new Tile(1, 1), act), in2, new Dims(1, 3, 3, 8), o8),
            ["dw5x5"] = ScratchSize.DepthwiseConvWrapperS8(dsp, new DwConvParams(0, 0, 1, new Tile(1, 1), new Tile(2, 2), new Tile(1, 1), act), in2, new Dims(1, 5, 5, 8), o8),
            ["fc"] = ScratchSize.FullyConnectedS8(dsp, new Dims(64, 1, 1, 3)),
            ["avgpool"] = ScratchSize.AvgpoolS8(dsp, 12, 16),
            ["conv_s16"] = ScratchSize.ConvolveWrapperS16(dsp, pad, new Dims(1, 10, 10, 4), new Dims(4, 3, 3, 4), new Dims(1, 10, 10, 4)),
        };
        foreach (var (name, bytes) in scratch)
        {
            Assert.That(got, Does.ContainKey($"scratch_{name}"), $"{board}: no scratch size for {name}");
            Assert.That(got[$"scratch_{name}"], Is.EqualTo((ulong)bytes), $"{board} {name}: get_buffer_size on the target vs ScratchSize(Dsp)");
        }
        Assert.That(scratch["dw5x5"], Is.GreaterThan(0), "a shape whose DSP scratch is non-zero, so the comparison can fail");
    }
}
