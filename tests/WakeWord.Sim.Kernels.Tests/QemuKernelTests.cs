using WakeWord.Sim.Kernels.Convolution;
using WakeWord.Sim.Kernels.FullyConnected;
using WakeWord.Sim.Kernels.LSTM;
using WakeWord.Sim.Kernels.Native;

namespace WakeWord.Sim.Kernels.Tests;

/// <summary>
/// The default CRNN's layers built for Cortex-M4 and M7 (the DSP code paths of the portable kernels, or CMSIS-NN with
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

    /// <summary>The same chain as firmware/tests/kernels/qemu/kernel_bench_qemu.c, in C#: layer → FNV-1a of its output.</summary>
    private Dictionary<string, uint> CSharpHashes()
    {
        var hashes = new Dictionary<string, uint>();
        var act = new Activation(-128, 127);
        _s = 11;
        var input = S8(98 * 24, -128, 127);
        var w1 = S8(8 * 9, -127, 127);
        var b1 = S32(8, -5000, 5000);
        var m1 = new int[8];
        var s1 = new int[8];
        for (int i = 0; i < 8; i++) { m1[i] = RandMult(); s1[i] = RandInt(-10, -7); }
        var o1 = new sbyte[49 * 12 * 8];
        var p1 = new ConvParams(5, -3, new Tile(2, 2), new Tile(1, 1), new Tile(1, 1), act);
        ArmConvolveWrapperS8.Run(NnContext.WithSize(288), p1, new PerChannelQuantParams(m1, s1), new Dims(1, 98, 24, 1), input,
            new Dims(8, 3, 3, 1), w1, new Dims(1, 1, 1, 8), b1, new Dims(1, 49, 12, 8), o1);
        hashes["conv1"] = Fnv(o1);

        _s = 12;
        var w2 = S8(16 * 9 * 8, -127, 127);
        var b2 = S32(16, -5000, 5000);
        var m2 = new int[16];
        var s2 = new int[16];
        for (int i = 0; i < 16; i++) { m2[i] = RandMult(); s2[i] = RandInt(-10, -7); }
        var o2 = new sbyte[49 * 12 * 16];
        var p2 = new ConvParams(5, -3, new Tile(1, 1), new Tile(1, 1), new Tile(1, 1), act);
        ArmConvolveWrapperS8.Run(NnContext.WithSize(288), p2, new PerChannelQuantParams(m2, s2), new Dims(1, 49, 12, 8), o1,
            new Dims(16, 3, 3, 8), w2, new Dims(1, 1, 1, 16), b2, new Dims(1, 49, 12, 16), o2);
        hashes["conv2"] = Fnv(o2);

        _s = 13;
        const int t = 49, inSize = 192, h = 32;
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
        var fw = S8(3 * 64, -127, 127);
        var fb = S32(3, -2000, 2000);
        var fcOut = new sbyte[3];
        ArmFullyConnectedS8.Run(default, new FcParams(-5, 0, -7, act), new PerTensorQuantParams(RandMult(), -8), new Dims(1, 1, 1, 64),
            lstmOut.AsSpan((t - 2) * h, 64), new Dims(64, 1, 1, 3), fw, new Dims(1, 1, 1, 3), fb, new Dims(1, 1, 1, 3), fcOut);
        hashes["fc"] = Fnv(fcOut);
        return hashes;
    }

    [TestCase("qemu-m4")]
    [TestCase("qemu-m7")]
    public void DefaultCrnnLayersAndScratchSizes_OnCortexM_EqualCSharp(string board)
    {
        var expected = CSharpHashes();
        var got = CortexMKernelBench.Run(board, NativeHarness.CmsisNnRootFromEnvironment());
        long totalMacs = 0;
        ulong totalInstructions = 0;
        var macs = CortexMKernelBench.LayerMacs;
        foreach (var (layer, hash) in expected)
        {
            Assert.That(got, Does.ContainKey($"{layer}_fnv"), $"{board}: no output for {layer}");
            Assert.That(got[$"{layer}_status"], Is.EqualTo(0UL), $"{board} {layer}: status");
            Assert.That(got[$"{layer}_fnv"], Is.EqualTo((ulong)hash), $"{board} {layer}: output hash differs from the C# kernels");
            var n = got[$"{layer}_instructions"];
            totalInstructions += n;
            totalMacs += macs[layer];
            TestContext.Out.WriteLine($"{board} {layer}: {n} instructions, {n / (double)macs[layer]:F2} per MAC");
        }
        TestContext.Out.WriteLine($"{board} total: {totalInstructions} instructions, {totalInstructions / (double)totalMacs:F2} per MAC");

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
