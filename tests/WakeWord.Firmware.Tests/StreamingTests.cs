using WakeWord.Sim.Runtime.Build;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Firmware.Tests;

/// <summary>Properties of the streaming path: chunking, the DMA double buffer, the audio FIFO and overruns, on C and C#.</summary>
[TestFixture]
public sealed class StreamingTests
{
    [Test]
    public void Firmware_RandomChunks_TraceEqualsFixedBlocks()
    {
        var pcm = HostFirmware.SamplePcm();
        var pcmPath = HostFirmware.WritePcm(pcm, "chunks.pcm");
        var dir = Path.GetDirectoryName(pcmPath)!;
        WakeWord.Core.ProcessRunner.Check(HostFirmware.Program, ["--in", pcmPath, "--trace", Path.Combine(dir, "chunks-fixed.trace")]);
        WakeWord.Core.ProcessRunner.Check(HostFirmware.Program, ["--in", pcmPath, "--trace", Path.Combine(dir, "chunks-random.trace"), "--chunk-seed", "777"]);
        WakeWord.Core.ProcessRunner.Check(HostFirmware.Program, ["--in", pcmPath, "--trace", Path.Combine(dir, "chunks-one.trace"), "--chunk", "1"]);
        var fixedTrace = File.ReadAllBytes(Path.Combine(dir, "chunks-fixed.trace"));
        foreach (var other in new[] { "chunks-random.trace", "chunks-one.trace" })
        {
            var diff = TraceComparer.Compare(fixedTrace, File.ReadAllBytes(Path.Combine(dir, other)), "480-sample blocks", other);
            Assert.That(diff.Equal, Is.True, diff.Description);
        }
    }

    [Test]
    public void Simulator_RandomChunks_TraceEqualsWholeBuffer()
    {
        var pcm = HostFirmware.SamplePcm();
        var (whole, _) = HostFirmware.RunSimulator(pcm, new FirmwareRunOptions(), chunk: pcm.Length);
        foreach (var chunk in new[] { 1, 7, 479, 481, 4096 })
        {
            var (chunked, _) = HostFirmware.RunSimulator(pcm, new FirmwareRunOptions(), chunk: chunk);
            var diff = TraceComparer.Compare(whole, chunked, "whole", $"chunks of {chunk}");
            Assert.That(diff.Equal, Is.True, diff.Description);
        }
    }

    [Test]
    public void DmaWithoutBacklog_HasNoOverruns_AndEqualsDirectPush()
    {
        var pcm = TestAudio.Mixed();
        pcm = pcm[..(pcm.Length / 480 * 480)];
        var (direct, _) = HostFirmware.RunSimulator(pcm, new FirmwareRunOptions());
        var (dma, rt) = HostFirmware.RunSimulator(pcm, new FirmwareRunOptions(Dma: true, Burst: 1));
        Assert.That(rt.Stats.Overruns, Is.EqualTo(0u));
        var diff = TraceComparer.Compare(direct, dma, "push", "dma");
        Assert.That(diff.Equal, Is.True, diff.Description);
    }

    [Test]
    public void Overrun_AudioFasterThanService_CountsLostBlocks_FirmwareEqualsSimulator()
    {
        var pcm = TestAudio.Mixed();
        var blocks = pcm.Length / 480;
        var depth = WakeWord.Sim.Runtime.RuntimeConfig.Default.AudioBlocks;
        var burst = depth + 3;
        var options = new FirmwareRunOptions(Dma: true, Burst: burst);
        var (fw, output) = HostFirmware.RunFirmware(pcm, "overrun", options);
        var (sim, rt) = HostFirmware.RunSimulator(pcm, options);
        var diff = TraceComparer.Compare(sim, fw, "simulator", "firmware");
        Assert.That(diff.Equal, Is.True, diff.Description);
        // FIFO of `depth` blocks: of every `burst` blocks delivered before a service call, the last 3 find it full.
        var fullBursts = blocks / burst;
        var expected = (uint)(fullBursts * (burst - depth) + Math.Max(0, blocks % burst - depth));
        Assert.That(rt.Stats.Overruns, Is.EqualTo(expected));
        Assert.That(output, Does.Contain($"overruns={expected}"));
        // Only the queued blocks reach the front end (depth of every burst), one 10 ms frame per block.
        var consumed = fullBursts * depth + Math.Min(depth, blocks % burst);
        Assert.That(rt.Stats.Frames, Is.InRange((uint)(consumed - 2), (uint)consumed));
        var records = TraceFile.Parse(fw).Records;
        Assert.That(records.Count(r => r.Type == TraceRecordType.Overrun), Is.GreaterThan(0));
    }

    [Test]
    public void InferenceSpanningHops_FifoAsDeepAsTheSpan_LosesNothing_OneShallower_CountsEachDrop()
    {
        // A service call that is busy for S hops (an inference spanning S hops) sees S blocks arrive before
        // the next call: that is --dma --burst S. With S == depth nothing is lost and the trace equals the
        // direct push; with S == depth + 1 exactly one block per service call is lost, C == C# byte for byte.
        var pcm = TestAudio.Mixed();
        pcm = pcm[..(pcm.Length / 480 * 480)];
        var blocks = pcm.Length / 480;
        var depth = WakeWord.Sim.Runtime.RuntimeConfig.Default.AudioBlocks;
        var (direct, _) = HostFirmware.RunSimulator(pcm, new FirmwareRunOptions());

        var fits = new FirmwareRunOptions(Dma: true, Burst: depth);
        var (fwFits, outFits) = HostFirmware.RunFirmware(pcm, "span-fits", fits);
        var (simFits, rtFits) = HostFirmware.RunSimulator(pcm, fits);
        Assert.That(rtFits.Stats.Overruns, Is.EqualTo(0u));
        Assert.That(outFits, Does.Contain("overruns=0"));
        var d1 = TraceComparer.Compare(simFits, fwFits, "simulator", "firmware");
        Assert.That(d1.Equal, Is.True, d1.Description);
        var d2 = TraceComparer.Compare(direct, fwFits, "direct push", $"firmware, burst {depth}");
        Assert.That(d2.Equal, Is.True, d2.Description);

        var over = new FirmwareRunOptions(Dma: true, Burst: depth + 1);
        var (fwOver, outOver) = HostFirmware.RunFirmware(pcm, "span-over", over);
        var (simOver, rtOver) = HostFirmware.RunSimulator(pcm, over);
        var expected = (uint)(blocks / (depth + 1) + (blocks % (depth + 1) > depth ? 1 : 0));
        Assert.That(rtOver.Stats.Overruns, Is.EqualTo(expected));
        Assert.That(outOver, Does.Contain($"overruns={expected}"));
        var d3 = TraceComparer.Compare(simOver, fwOver, "simulator", "firmware");
        Assert.That(d3.Equal, Is.True, d3.Description);
    }

    [Test]
    public void Fifo_DepthFromRuntimeConfig_ShallowFifoDropsInSimulator()
    {
        // The depth is the config's, not a constant: a 2-block FIFO under bursts of 5 drops 3 of every 5.
        var pcm = TestAudio.Mixed();
        pcm = pcm[..(pcm.Length / 480 * 480)];
        var blocks = pcm.Length / 480;
        var shallow = WakeWord.Sim.Runtime.RuntimeConfig.Default with { AudioBlocks = 2 };
        var (_, rt) = HostFirmware.RunSimulator(pcm, new FirmwareRunOptions(Dma: true, Burst: 5), shallow);
        var expected = (uint)(blocks / 5 * 3 + Math.Max(0, blocks % 5 - 2));
        Assert.That(rt.Stats.Overruns, Is.EqualTo(expected));
        Assert.That(RuntimeHeaderEmitter.Emit(shallow, 24), Does.Contain("#define WW_AUDIO_BLOCKS 2 "));
    }

    [Test]
    public void Overrun_Burst_ThenNormalService_DetectionStillWorks()
    {
        // A long backlog in the middle (10 blocks at once, deeper than the 8-block FIFO), then normal service: the runtime keeps going
        // and the speech after the backlog is still detected as in an undisturbed run.
        var sample = HostFirmware.SamplePcm();
        sample = sample[..(sample.Length / 480 * 480)];
        var rtCfg = WakeWord.Sim.Runtime.RuntimeConfig.Default;
        var rt = new WakeWord.Sim.Runtime.StreamingRuntime(rtCfg, new WakeWord.Sim.Frontend.FrontendTables(WakeWord.Sim.Frontend.FrontendConfig.Default), new TestModel());
        for (var pos = 0; pos < sample.Length; pos += 480)
        {
            rt.DmaWriteBlock(sample.AsSpan(pos, 480));
            if (pos / 480 % 40 >= 10) rt.Service();
        }
        rt.Service();
        var lostFirst = rt.Stats.Overruns;
        var detectionsBefore = rt.Stats.Detections;
        Assert.That(lostFirst, Is.GreaterThan(0u), "no overrun was provoked");
        for (var pos = 0; pos < sample.Length; pos += 480)
        {
            rt.DmaWriteBlock(sample.AsSpan(pos, 480));
            rt.Service();
        }
        Assert.That(rt.Stats.Overruns, Is.EqualTo(lostFirst), "overruns without backlog");
        var reference = new WakeWord.Sim.Runtime.StreamingRuntime(rtCfg, new WakeWord.Sim.Frontend.FrontendTables(WakeWord.Sim.Frontend.FrontendConfig.Default), new TestModel());
        reference.PushAudio(sample);
        Assert.That(reference.Stats.Detections, Is.GreaterThan(0u), "the sample has no detection to keep");
        Assert.That(rt.Stats.Detections - detectionsBefore, Is.GreaterThan(0u), "no detection after the overrun");
    }
}
