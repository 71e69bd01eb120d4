using WakeWord.Datasets.Manifest;
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Runtime;
using WakeWord.Training.Data;

namespace WakeWord.Training.Eval;

/// <summary>Detector settings the evaluation replays (defaults from <see cref="RuntimeConfig"/>).</summary>
/// <param name="Gate">The device's energy gate (<see cref="RuntimeConfig.Gate"/>), or null to score every evaluation.</param>
public sealed record StreamingSettings(int WindowFrames = 98, int InferEvery = 10, int SmoothK = 3, int Refractory = 10,
    double PadSeconds = 0.5, GateConfig? Gate = null);

/// <summary>
/// Streams audio through the front end and a window scorer exactly on the device schedule: frames into a ring of
/// <see cref="StreamingSettings.WindowFrames"/>, one evaluation after every InferEvery-th frame once the ring is full
/// (<c>(frame + 1) % InferEvery == 0</c>). Returns the int8 wake posterior of each evaluation. Without
/// <see cref="StreamingSettings.Gate"/> every evaluation is scored, so the figures are the model's own; with it the
/// device's energy gate runs on every frame's log energy, and an evaluation made while it is closed scores -128
/// (posterior 0) without running the model, as <c>ww_runtime</c> does.
/// </summary>
internal sealed class StreamingEvaluator(FrontendTables tables, StreamingSettings settings)
{
    /// <param name="energy">When given, receives every frame's log-energy feature (the last feature), in order.</param>
    public List<sbyte> Posteriors(ReadOnlySpan<short> pcm48k, IWindowScorer scorer, List<short>? energy = null)
    {
        var nf = tables.Config.Features;
        var w = settings.WindowFrames;
        var fe = new Frontend(tables);
        var ring = new short[w * nf];
        var window = new short[w * nf];
        var chunk = 4800;
        var frames = new short[Frontend.MaxFrames(tables.Config, chunk) * nf];
        long frame = 0;
        var result = new List<sbyte>();
        var gate = settings.Gate is { } g ? new EnergyGate(g) : null;
        for (var at = 0; at < pcm48k.Length; at += chunk)
        {
            var n = fe.Process(pcm48k.Slice(at, Math.Min(chunk, pcm48k.Length - at)), frames);
            for (var k = 0; k < n; k++, frame++)
            {
                frames.AsSpan(k * nf, nf).CopyTo(ring.AsSpan((int)(frame % w) * nf, nf));
                var logEnergy = frames[k * nf + nf - 1];
                energy?.Add(logEnergy);
                gate?.Update(logEnergy);
                if ((frame + 1) % settings.InferEvery != 0 || frame + 1 < w) continue;
                if (gate is { IsOpen: false })
                {
                    result.Add(-128);
                    continue;
                }
                // oldest frame first
                var oldest = (int)((frame + 1) % w);
                ring.AsSpan(oldest * nf).CopyTo(window);
                ring.AsSpan(0, oldest * nf).CopyTo(window.AsSpan((w - oldest) * nf));
                result.Add(scorer.WakePosterior(window));
            }
        }
        return result;
    }

    /// <summary>
    /// A clip as a short stream: <see cref="StreamingSettings.PadSeconds"/> of silence after it, and before it that much
    /// plus <see cref="LeadInFrames"/>, so the detector has made K evaluations of silence alone before any window
    /// hears the clip: its mean of K then never starts part-filled on the clip, as in continuous audio (a part-filled
    /// mean would favour longer means, whose first evaluations average fewer posteriors).
    /// </summary>
    public short[] Padded(ReadOnlySpan<short> clip)
    {
        var pad = (int)(settings.PadSeconds * tables.Config.InputRate);
        var lead = pad + (int)((long)LeadInFrames * tables.Config.Hop * tables.Config.Decimation);
        var r = new short[lead + clip.Length + pad];
        clip.CopyTo(r.AsSpan(lead));
        return r;
    }

    /// <summary>Frames of silence that fill the window ring and give K evaluations before the clip: the first
    /// evaluation follows frame <c>ceil(W / InferEvery) * InferEvery</c>, then one every InferEvery frames.</summary>
    public int LeadInFrames =>
        (settings.WindowFrames + settings.InferEvery - 1) / settings.InferEvery * settings.InferEvery + (settings.SmoothK - 1) * settings.InferEvery;

    /// <summary>Largest smoothed posterior (the detector's integer mean of the last K) over a sequence.</summary>
    public int MaxSmoothed(IReadOnlyList<sbyte> posteriors)
    {
        var d = new Detector(new DetectorConfig(settings.SmoothK, 200, 0)); // threshold out of reach: smoothing only
        var max = -128;
        foreach (var p in posteriors)
        {
            d.Step(p, out var s);
            max = Math.Max(max, s);
        }
        return max;
    }

    /// <summary>The evaluations (index into <paramref name="posteriors"/>) where the detector fires at <paramref name="threshold"/>, with the smoothed score.</summary>
    public List<(int Index, int Score)> Detections(IReadOnlyList<sbyte> posteriors, int threshold)
    {
        var d = new Detector(new DetectorConfig(settings.SmoothK, threshold, settings.Refractory));
        var list = new List<(int, int)>();
        for (var i = 0; i < posteriors.Count; i++)
            if (d.Step(posteriors[i], out var s)) list.Add((i, s));
        return list;
    }

    /// <summary>
    /// Detections per int8 threshold (index 0 = -128 .. 255 = 127) with smoothing and refractory. With
    /// <paramref name="excluded"/>, the detector still runs over every evaluation (same state, same refractory
    /// periods) but detections at excluded evaluations are not counted.
    /// </summary>
    public long[] DetectionsPerThreshold(IReadOnlyList<sbyte> posteriors, bool[]? excluded = null)
    {
        var counts = new long[256];
        for (var t = 0; t < 256; t++)
        {
            var d = new Detector(new DetectorConfig(settings.SmoothK, t - 128, settings.Refractory));
            long n = 0;
            for (var i = 0; i < posteriors.Count; i++)
                if (d.Step(posteriors[i], out _) && (excluded == null || !excluded[i])) n++;
            counts[t] = n;
        }
        return counts;
    }
}
