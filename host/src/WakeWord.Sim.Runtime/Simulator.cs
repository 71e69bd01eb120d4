using WakeWord.Sim.Frontend;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Sim.Runtime;

/// <summary>How the simulator feeds audio: as the host firmware does with the same options.</summary>
/// <param name="Dma">Whole blocks through the DMA double buffer instead of direct pushes.</param>
/// <param name="Burst">DMA mode: blocks delivered before each service call.</param>
/// <param name="Trace">Where to write the trace, or null.</param>
/// <param name="TraceFlags">Trace content.</param>
public sealed record SimulateOptions(bool Dma = false, int Burst = 1, Stream? Trace = null, TraceFlags TraceFlags = TraceFlags.All);

/// <summary>A detection with its time in the input (end of the frame that fired).</summary>
public readonly record struct Detection(double TimeS, uint Frame, int Score, double Probability);

/// <summary>One DVFS change in the timeline.</summary>
public readonly record struct LevelChange(double TimeS, PerfLevel Level);

/// <summary>The cost model's estimate for one run.</summary>
public sealed record Estimate(double CyclesPerInference, double MeanCyclesPerHop, double MaxCyclesPerHop, double MaxHopLoad,
    double SecondsHigh, double SecondsLow, double EnergyMj, double MeanPowerMw)
{
    /// <summary>Inference slices of the model (one per hop); the peak hop holds the largest.</summary>
    public int Slices { get; init; } = 1;
}

/// <summary>Everything a simulation reports.</summary>
public sealed record SimulationResult(double DurationS, IReadOnlyList<Detection> Detections, RuntimeStats Stats,
    IReadOnlyList<LevelChange> Timeline, Estimate Estimate);

/// <summary>
/// Runs the C# twin of the firmware over 48 kHz audio: front end, runtime, the package's model, and
/// the cycle/energy estimate per hop from <see cref="CostModel"/>.
/// </summary>
public static class Simulator
{
    public static SimulationResult Run(FirmwarePackage package, ReadOnlySpan<short> pcm48k, SimulateOptions? options = null) =>
        Run(package.Runtime, new FrontendTables(package.Frontend), package.CreateRunner(), pcm48k, options);

    public static SimulationResult Run(RuntimeConfig config, FrontendTables frontend, IModelRunner model, ReadOnlySpan<short> pcm48k, SimulateOptions? options = null)
    {
        var o = options ?? new SimulateOptions();
        var fc = frontend.Config;
        TraceWriter? writer = o.Trace == null ? null : new TraceWriter(o.Trace);
        var rt = new StreamingRuntime(config, frontend, model, writer, o.TraceFlags);
        var cost = config.Cost;
        // Estimated cycles of each inference slice: its layers' work at the kind's cycles per unit plus the call;
        // the fixed per-inference overhead (window copy) goes to slice 0, the hop that copies the window.
        var firsts = model.SliceFirstLayers;
        var sliceCycles = new double[firsts.Count];
        sliceCycles[0] = cost.InferenceOverheadCycles;
        for (var i = 0; i < model.LayerWork.Count; i++)
        {
            var s = firsts.Count - 1;
            while (s > 0 && firsts[s] > i) s--;
            var (kind, units) = model.LayerWork[i];
            sliceCycles[s] += cost.LayerCycles(kind, units);
        }
        var inferenceCycles = sliceCycles.Sum();
        var hopSeconds = (double)fc.Hop / fc.SampleRate;
        double FrameEnd(uint f) => (double)fc.Decimation * (fc.FrameLength + (double)f * fc.Hop) / fc.InputRate;

        var detections = new List<Detection>();
        var timeline = new List<LevelChange>();
        double totalCycles = 0, maxCycles = 0, maxLoad = 0, high = 0, low = 0, energy = 0;
        long hops = 0;
        var level = PerfLevel.Low;
        rt.OnDetection = ev => detections.Add(new Detection(FrameEnd(ev.Frame), ev.Frame, ev.Score, (ev.Score + 128) / 256.0));
        rt.OnHop = (lvl, slice) =>
        {
            if (lvl != level || hops == 0) timeline.Add(new LevelChange(FrameEnd((uint)hops), lvl));
            level = lvl;
            var cycles = cost.FrontendCyclesPerHop + cost.RuntimeCyclesPerHop + (slice >= 0 ? sliceCycles[slice] : 0);
            var clock = lvl == PerfLevel.High ? cost.HighClockHz : cost.LowClockHz;
            var busy = cycles / clock;
            var load = busy / hopSeconds;
            totalCycles += cycles;
            maxCycles = Math.Max(maxCycles, cycles);
            maxLoad = Math.Max(maxLoad, load);
            if (lvl == PerfLevel.High) high += hopSeconds; else low += hopSeconds;
            var activeMw = lvl == PerfLevel.High ? cost.HighActiveMw : cost.LowActiveMw;
            energy += Math.Min(busy, hopSeconds) * activeMw + Math.Max(0, hopSeconds - busy) * cost.SleepMw;
            hops++;
        };
        try
        {
            if (o.Dma)
            {
                var block = config.AudioBlockSamples;
                var pending = 0;
                for (var pos = 0; pos + block <= pcm48k.Length; pos += block)
                {
                    rt.DmaWriteBlock(pcm48k.Slice(pos, block));
                    if (++pending == o.Burst)
                    {
                        rt.Service();
                        pending = 0;
                    }
                }
                rt.Service();
            }
            else
            {
                rt.PushAudio(pcm48k);
            }
        }
        finally
        {
            writer?.Dispose();
        }
        var duration = (double)pcm48k.Length / fc.InputRate;
        var estimate = new Estimate(inferenceCycles, hops == 0 ? 0 : totalCycles / hops, maxCycles, maxLoad, high, low, energy,
            hops == 0 ? 0 : energy / (hops * hopSeconds)) { Slices = firsts.Count };
        return new SimulationResult(duration, detections, rt.Stats, timeline, estimate);
    }
}
