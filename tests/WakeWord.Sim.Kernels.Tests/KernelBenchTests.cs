using WakeWord.Core;
using WakeWord.Sim.Kernels.Bench;
using WakeWord.Sim.Kernels.Native;

namespace WakeWord.Sim.Kernels.Tests;

/// <summary>The benchmark behind <c>wakeword bench-kernels</c>: the default CRNN's layers, C# and C, exact and timed.</summary>
[TestFixture]
public class KernelBenchTests
{
    [Test]
    public void KernelBench_DefaultCrnnLayers_AreExactAndTimed()
    {
        var rows = KernelBench.Run(int.TryParse(Environment.GetEnvironmentVariable("WW_KERNEL_BENCH_MS"), out var ms) ? ms : 20, NativeHarness.CmsisNnRootFromEnvironment());
        Assert.That(rows, Has.Count.EqualTo(4));
        foreach (var r in rows)
        {
            TestContext.Out.WriteLine($"{r.Name}: C# {r.CSharpMacsPerSecond / 1e6:F1} MMAC/s, C {r.NativeMacsPerSecond / 1e6:F1} MMAC/s, C#/C {r.Ratio:F2}");
            Assert.That(r.Exact, Is.True, $"{r.Name}: C# output differs from C");
            Assert.That(r.CSharpNsPerCall, Is.GreaterThan(0), r.Name);
            Assert.That(r.NativeNsPerCall, Is.GreaterThan(0), r.Name);
        }
        Assert.That(rows.Sum(r => r.Macs), Is.EqualTo(42336 + 677376 + 4L * 32 * (49 * 192 + 48 * 32) + 192), "MACs of the default CRNN's layers");
    }

    [Test]
    public void KernelBench_NonPositiveTime_IsAUserError()
    {
        var e = Assert.Throws<WakeWordException>(() => KernelBench.Run(0, null));
        Assert.That(e!.Message, Does.Contain("--ms"));
    }
}
