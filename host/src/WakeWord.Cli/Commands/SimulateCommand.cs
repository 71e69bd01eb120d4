using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using WakeWord.Core;
using WakeWord.Sim.Audio;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Cli.Commands;

/// <summary><c>wakeword simulate --package DIR --in X.wav [--json] [--trace T.bin]</c>: the firmware's C# twin on a WAV.</summary>
public sealed class SimulateCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("simulate", "Run the bit-exact simulator (front end, model, detector, gate, DVFS) over a WAV.");
        var package = new Option<DirectoryInfo>("--package") { Description = "Firmware package written by wakeword generate.", Required = true };
        var input = new Option<FileInfo>("--in") { Description = "Input WAV (any rate/width; converted to 48 kHz mono int16).", Required = true };
        var json = new Option<bool>("--json") { Description = "JSON lines: one per detection, then a summary object." };
        var trace = new Option<FileInfo?>("--trace") { Description = "Write the binary trace (same format as the firmware's)." };
        var dma = new Option<bool>("--dma") { Description = "Feed through the DMA double buffer, as the firmware's --dma." };
        var burst = new Option<int>("--burst") { Description = "DMA blocks per service call (3+ forces overruns).", DefaultValueFactory = _ => 1 };
        foreach (var o in new Option[] { package, input, json, trace, dma, burst }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            var pkg = FirmwarePackage.Load(pr.GetValue(package)!.FullName);
            var wav = pr.GetValue(input)!.FullName;
            if (!File.Exists(wav)) throw new WakeWordException($"{wav}: input not found");
            if (pr.GetValue(burst) < 1) throw new WakeWordException("--burst: must be at least 1");
            var pcm = WavFile.Read(wav).ToMono48k();
            var tracePath = pr.GetValue(trace)?.FullName;
            SimulationResult r = null!;
            if (tracePath != null)
                AtomicOutput.WriteFile(tracePath, tmp =>
                {
                    using var fs = File.Create(tmp);
                    r = Simulator.Run(pkg, pcm, new SimulateOptions(pr.GetValue(dma), pr.GetValue(burst), fs, TraceFlags.All));
                });
            else
                r = Simulator.Run(pkg, pcm, new SimulateOptions(pr.GetValue(dma), pr.GetValue(burst)));
            if (pr.GetValue(json)) WriteJson(ctx.Out, r);
            else WriteText(ctx.Out, r);
            return 0;
        });
        return cmd;
    }

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    internal static void WriteText(TextWriter o, SimulationResult r)
    {
        foreach (var d in r.Detections)
            o.WriteLine(string.Format(Inv, "detection  time_s={0:F2}  score={1} (p={2:F3})  frame={3}", d.TimeS, d.Score, d.Probability, d.Frame));
        var s = r.Stats;
        o.WriteLine(string.Format(Inv, "audio {0:F2} s: {1} frames, {2} inferences, {3} skipped by the energy gate, {4} detections, {5} overruns",
            r.DurationS, s.Frames, s.Inferences, s.Gated, s.Detections, s.Overruns));
        o.WriteLine("DVFS: " + string.Join(", ", r.Timeline.Select(c => string.Format(Inv, "{0:F2} s {1}", c.TimeS, c.Level.ToString().ToUpperInvariant()))));
        var e = r.Estimate;
        o.WriteLine(string.Format(Inv, "estimate: {0:N0} cycles per inference in {4} slice(s), {1:N0} mean / {2:N0} peak cycles per hop, peak load {3:P0} of a hop",
            e.CyclesPerInference, e.MeanCyclesPerHop, e.MaxCyclesPerHop, e.MaxHopLoad, e.Slices));
        o.WriteLine(string.Format(Inv, "energy: {0:F1} mJ, mean {1:F2} mW (HIGH {2:F2} s, LOW {3:F2} s)", e.EnergyMj, e.MeanPowerMw, e.SecondsHigh, e.SecondsLow));
    }

    internal static void WriteJson(TextWriter o, SimulationResult r)
    {
        foreach (var d in r.Detections)
            o.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["time_s"] = Math.Round(d.TimeS, 4), ["score"] = d.Score, ["frame"] = d.Frame }));
        var s = r.Stats;
        var e = r.Estimate;
        o.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["summary"] = true,
            ["duration_s"] = Math.Round(r.DurationS, 4),
            ["frames"] = s.Frames,
            ["inferences"] = s.Inferences,
            ["gated"] = s.Gated,
            ["detections"] = s.Detections,
            ["overruns"] = s.Overruns,
            ["dvfs"] = r.Timeline.Select(c => new Dictionary<string, object> { ["time_s"] = Math.Round(c.TimeS, 4), ["level"] = c.Level.ToString().ToUpperInvariant() }).ToArray(),
            ["cycles_per_inference"] = Math.Round(e.CyclesPerInference),
            ["inference_slices"] = e.Slices,
            ["mean_cycles_per_hop"] = Math.Round(e.MeanCyclesPerHop),
            ["peak_hop_load"] = Math.Round(e.MaxHopLoad, 4),
            ["energy_mj"] = Math.Round(e.EnergyMj, 4),
            ["mean_power_mw"] = Math.Round(e.MeanPowerMw, 4),
        }));
    }
}
