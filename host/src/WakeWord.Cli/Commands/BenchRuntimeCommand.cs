using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using WakeWord.Core;
using WakeWord.Sim.Audio;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Build;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Cli.Commands;

/// <summary>
/// <c>wakeword bench-runtime --package DIR [--minutes 10] [--target host|qemu-m4|qemu-m7] [--dma [--burst K]]</c>: a long
/// recording (the bundled samples repeated at varied gain, with silence and noise between) through the firmware and the
/// simulator; prints both speeds in x real time and checks that the two traces are identical to the last byte. With
/// --dma the audio goes through the DMA buffer and the audio FIFO, K blocks per service call on both sides.
/// </summary>
public sealed class BenchRuntimeCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("bench-runtime", "Long-run check and speed: firmware vs simulator over N minutes of audio, traces byte for byte.");
        var package = new Option<DirectoryInfo>("--package") { Description = "Firmware package written by wakeword generate.", Required = true };
        var minutes = new Option<double>("--minutes") { Description = "Length of the recording.", DefaultValueFactory = _ => 10 };
        var target = new Option<string>("--target") { Description = "Firmware target (host, qemu-m4, qemu-m7).", DefaultValueFactory = _ => "host" };
        var flags = new Option<int>("--flags") { Description = "Trace content (WW_TRACE_*: 1 features, 2 layers, 4 decisions).", DefaultValueFactory = _ => 7 };
        var dma = new Option<bool>("--dma") { Description = "Deliver the audio through the DMA buffer and the audio FIFO." };
        var burst = new Option<int>("--burst") { Description = "With --dma: blocks delivered per service call (more than the FIFO depth drops blocks).", DefaultValueFactory = _ => 1 };
        foreach (var o in new Option[] { package, minutes, target, flags, dma, burst }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            var min = pr.GetValue(minutes);
            if (!(min > 0 && min <= 600)) throw new WakeWordException("--minutes: must be between 0 and 600");
            var k = pr.GetValue(burst);
            if (k < 1 || k > 100000) throw new WakeWordException("--burst: must be 1..100000");
            return Run(ctx, pr.GetValue(package)!.FullName, min, pr.GetValue(target)!, pr.GetValue(flags), pr.GetValue(dma), k);
        });
        return cmd;
    }

    /// <summary>Samples repeated at gains from -30 to +12 dB (clipping at the top), with silence or noise gaps; seeded.</summary>
    internal static short[] LongRecording(double minutes)
    {
        var clips = RepoPaths.SampleWavs().Select(WavFile.ReadMono48k).ToList();
        if (clips.Count == 0) throw new WakeWordException($"{Path.Combine(RepoPaths.Datasets, "samples")}: no sample WAV files");
        var total = (int)(minutes * 60 * 48000);
        var pcm = new short[total];
        uint s = 2026;
        uint Next() { s ^= s << 13; s ^= s >> 17; s ^= s << 5; return s; }
        var pos = 0;
        for (var rep = 0; pos < total; rep++)
        {
            var clip = clips[rep % clips.Count];
            var g = Math.Pow(10, (-30 + (int)(Next() % 43u)) / 20.0);
            for (var i = 0; i < clip.Length && pos < total; i++, pos++)
                pcm[pos] = (short)Math.Clamp(Math.Round(clip[i] * g), short.MinValue, short.MaxValue);
            var gap = (int)(Next() % 144000u);
            var noisy = Next() % 2u == 0u;
            for (var i = 0; i < gap && pos < total; i++, pos++)
                pcm[pos] = noisy ? (short)((int)(Next() % 401u) - 200) : (short)0;
        }
        return pcm;
    }

    private static int Run(CliContext ctx, string packageDir, double minutes, string targetName, int flags, bool dma, int burst)
    {
        var inv = CultureInfo.InvariantCulture;
        var package = FirmwarePackage.Load(packageDir);
        var target = FirmwareTargets.Get(targetName);
        var dir = RepoPaths.WorkDir("bench-runtime");
        var program = target.Build(packageDir, Path.Combine(dir, "build-" + targetName));
        var pcm = LongRecording(minutes);
        var pcmPath = Path.Combine(dir, "long.pcm");
        var bytes = new byte[pcm.Length * 2];
        Buffer.BlockCopy(pcm, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(pcmPath, bytes);
        var seconds = pcm.Length / 48000.0;
        var fwTrace = Path.Combine(dir, $"long.{targetName}.trace");
        var simTrace = Path.Combine(dir, "long.sim.trace");

        var sw = Stopwatch.StartNew();
        var run = target.Run(program, pcmPath, fwTrace, new FirmwareRunOptions(Dma: dma, Burst: burst, TraceFlags: flags));
        var fwSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        SimulationResult sim;
        using (var fs = File.Create(simTrace))
            sim = Simulator.Run(package, pcm, new SimulateOptions(Dma: dma, Burst: burst, Trace: fs, TraceFlags: (TraceFlags)flags));
        var simSeconds = sw.Elapsed.TotalSeconds;
        var diff = TraceComparer.CompareFiles(simTrace, fwTrace);
        var size = new FileInfo(fwTrace).Length;

        ctx.Out.WriteLine(string.Format(inv, "audio: {0:F1} s ({1} frames, {2} inferences in {6} slice(s) each, {3} gated, {4} detections, {5} overruns)",
            seconds, sim.Stats.Frames, sim.Stats.Inferences, sim.Stats.Gated, sim.Stats.Detections, sim.Stats.Overruns, package.SliceFirstLayers.Count));
        if (dma) ctx.Out.WriteLine(string.Format(inv, "audio path: DMA buffer + FIFO of {0} blocks, {1} block(s) per service call", package.Runtime.AudioBlocks, burst));
        ctx.Out.WriteLine(string.Format(inv, "{0} firmware: {1:F1} s wall, {2:F1}x real time (incl. process start and trace writing)", targetName, fwSeconds, seconds / fwSeconds));
        ctx.Out.WriteLine(string.Format(inv, "simulator: {0:F1} s wall, {1:F1}x real time", simSeconds, seconds / simSeconds));
        ctx.Out.WriteLine($"firmware: {run.Output.Split('\n').FirstOrDefault(l => l.StartsWith("stats", StringComparison.Ordinal))?.Trim()}");
        ctx.Out.WriteLine(diff.Equal ? $"traces: identical ({size:N0} bytes)" : $"traces DIFFER: {diff.Description}");
        return diff.Equal ? 0 : 1;
    }
}
