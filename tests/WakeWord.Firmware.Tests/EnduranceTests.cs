using WakeWord.Sim.Runtime.Build;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Firmware.Tests;

/// <summary>Ten minutes of audio: the host firmware's trace stays identical to the simulator's to the last byte.</summary>
[TestFixture]
[Category("Slow")]
public sealed class EnduranceTests
{
    [Test]
    public void TenMinutes_HostFirmwareTrace_EqualsSimulatorTrace()
    {
        var pcm = LongAudio.Build(600);
        var options = new FirmwareRunOptions();
        var (fw, output) = HostFirmware.RunFirmware(pcm, "ten-minutes", options);
        var (sim, rt) = HostFirmware.RunSimulator(pcm, options);
        var diff = TraceComparer.Compare(sim, fw, "simulator", "firmware");
        Assert.That(diff.Equal, Is.True, diff.Description);
        Assert.That(rt.Stats.Frames, Is.GreaterThan(59_000u));
        Assert.That(rt.Stats.Detections, Is.GreaterThan(0u));
        Assert.That(rt.Stats.Gated, Is.GreaterThan(0u));
        TestContext.Out.WriteLine($"10 minutes: {fw.Length:N0} trace bytes identical; {output.Trim()}");
    }
}
