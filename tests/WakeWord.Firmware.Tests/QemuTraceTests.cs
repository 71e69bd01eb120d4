using WakeWord.Core;
using WakeWord.Sim.Runtime.Build;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Firmware.Tests;

/// <summary>The same runtime built for Cortex-M4 and M7 and run under QEMU writes the simulator's trace.</summary>
[TestFixture]
public sealed class QemuTraceTests
{
    [TestCase("qemu-m4")]
    [TestCase("qemu-m7")]
    public void QemuFirmwareTrace_OnSample_EqualsSimulatorTrace(string targetName)
    {
        var target = FirmwareTargets.Get(targetName);
        var program = target.Build(HostFirmware.Package, Path.Combine(RepoPaths.WorkDir("firmware-tests"), "build-" + targetName));
        var pcm = HostFirmware.SamplePcm();
        var pcmPath = HostFirmware.WritePcm(pcm, $"qemu-{targetName}.pcm");
        var tracePath = Path.Combine(RepoPaths.WorkDir("firmware-tests"), $"qemu-{targetName}.trace");
        var options = new FirmwareRunOptions(Dma: true, Burst: 1);
        var run = target.Run(program, pcmPath, tracePath, options);
        var (sim, rt) = HostFirmware.RunSimulator(pcm, options);
        var diff = TraceComparer.Compare(sim, File.ReadAllBytes(tracePath), "simulator", targetName);
        Assert.That(diff.Equal, Is.True, diff.Description);
        Assert.That(rt.Stats.Detections, Is.GreaterThan(0u));
        TestContext.Out.WriteLine(run.Output.Trim());
    }
}
