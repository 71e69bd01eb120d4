using WakeWord.Sim.Runtime.Build;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Firmware.Tests;

[TestFixture]
public sealed class HostTraceTests
{
    [Test]
    public void HostFirmwareTrace_OnMixedAudio_EqualsSimulatorTrace()
    {
        var pcm = TestAudio.Mixed();
        var options = new FirmwareRunOptions();
        var (fw, output) = HostFirmware.RunFirmware(pcm, "mixed", options);
        var (sim, rt) = HostFirmware.RunSimulator(pcm, options);
        var diff = TraceComparer.Compare(sim, fw, "simulator", "firmware");
        Assert.That(diff.Equal, Is.True, diff.Description);
        var parsed = TraceFile.Parse(fw);
        Assert.That(parsed.Records.Count(r => r.Type == TraceRecordType.Features), Is.EqualTo((int)rt.Stats.Frames));
        Assert.That(rt.Stats.Inferences, Is.GreaterThan(0u), "the gate never opened on the sample");
        Assert.That(rt.Stats.Gated, Is.GreaterThan(0u), "the gate never closed on the sample");
        Assert.That(rt.Stats.Detections, Is.GreaterThan(0u), "no detection to compare");
        Assert.That(parsed.Records.Count(r => r.Type == TraceRecordType.Dvfs), Is.GreaterThanOrEqualTo(2), "DVFS never switched back");
        Assert.That(output, Does.Contain($"frames={rt.Stats.Frames} inferences={rt.Stats.Inferences}"));
        TestContext.Out.WriteLine(output);
    }
}
