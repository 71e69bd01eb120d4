using WakeWord.Core;
using WakeWord.Sim.Kernels.Bench;
using WakeWord.Sim.Kernels.Native;

namespace WakeWord.Sim.Kernels.Tests;

/// <summary>The benchmark behind <c>wakeword bench-kernels</c>: every layer of a shape, C# and C, exact and timed.</summary>
[TestFixture]
public class KernelBenchTests
{
    [Test]
    public void KernelBench_EveryLayerOfTheShape_IsExactAndTimed()
    {
        var shape = QemuKernelTests.Stride2Chain with
        {
            Lstms = [new LstmShape("lstm_fwd", 25, 96, 32), new LstmShape("lstm_bwd", 25, 96, 32)],
        };
        var rows = KernelBench.Run(shape, int.TryParse(Environment.GetEnvironmentVariable("WW_KERNEL_BENCH_MS"), out var ms) ? ms : 20, NativeHarness.CmsisNnRootFromEnvironment());
        Assert.That(rows, Has.Count.EqualTo(5));
        foreach (var r in rows)
        {
            TestContext.Out.WriteLine($"{r.Name}: C# {r.CSharpMacsPerSecond / 1e6:F1} MMAC/s, C {r.NativeMacsPerSecond / 1e6:F1} MMAC/s, C#/C {r.Ratio:F2}");
            Assert.That(r.Exact, Is.True, $"{r.Name}: C# output differs from C");
            Assert.That(r.CSharpNsPerCall, Is.GreaterThan(0), r.Name);
            Assert.That(r.NativeNsPerCall, Is.GreaterThan(0), r.Name);
        }
        Assert.That(rows.Sum(r => r.Macs), Is.EqualTo(1_034_528L), "MACs of the stride-2 CRNN's layers (the shipped default model's total)");
    }

    [Test]
    public void KernelBench_NonPositiveTime_IsAUserError()
    {
        var e = Assert.Throws<WakeWordException>(() => KernelBench.Run(QemuKernelTests.SeedChain, 0, null));
        Assert.That(e!.Message, Does.Contain("--ms"));
    }
}
