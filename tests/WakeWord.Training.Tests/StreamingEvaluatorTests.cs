using WakeWord.Sim.Frontend;
using WakeWord.Sim.Runtime;
using WakeWord.Training.Eval;

namespace WakeWord.Training.Tests;

[TestFixture]
public class StreamingEvaluatorTests
{
    /// <summary>Scores a window by its newest frame's first coefficient, and records every window it saw.</summary>
    private sealed class RecordingScorer : IWindowScorer
    {
        public List<short[]> Windows { get; } = [];
        public string Name => "recording";
        public sbyte WakePosterior(ReadOnlySpan<short> window)
        {
            Windows.Add(window.ToArray());
            return (sbyte)(Windows.Count % 2 == 0 ? 100 : -100);
        }
    }

    [Test]
    public void Posteriors_FollowDeviceSchedule_WindowsAreLatestFramesOldestFirst()
    {
        var tables = new FrontendTables(FrontendConfig.Default);
        var pcm = TinyDataset.Clip("speech", new Random(1), 48000 * 3);
        var all = Frontend.ComputeAll(tables, pcm);
        var nf = 24;
        var frames = all.Length / nf;
        var ev = new StreamingEvaluator(tables, new StreamingSettings(WindowFrames: 98, InferEvery: 10));
        var scorer = new RecordingScorer();
        var energy = new List<short>();
        var post = ev.Posteriors(pcm, scorer, energy);
        Assert.That(energy, Is.EqualTo(Enumerable.Range(0, frames).Select(f => all[f * nf + nf - 1])), "every frame's log energy, in order");
        var expected = Enumerable.Range(0, frames).Count(f => (f + 1) % 10 == 0 && f + 1 >= 98);
        Assert.That(post, Has.Count.EqualTo(expected));
        var k = 0;
        for (var f = 0; f < frames; f++)
        {
            if ((f + 1) % 10 != 0 || f + 1 < 98) continue;
            var want = all.AsSpan((f + 1 - 98) * nf, 98 * nf).ToArray();
            Assert.That(scorer.Windows[k], Is.EqualTo(want), $"window {k} ending at frame {f}");
            k++;
        }
    }

    /// <summary>A model that says "wake" (int8 100) for every window, for the runtime twin.</summary>
    private sealed class WakeModel : IModelRunner
    {
        public int InputFrames => 98;
        public int InputFeatures => 24;
        public int NumClasses => 3;
        public FeatureQuantizer Quantizer { get; } = new(new int[24], [.. Enumerable.Repeat(1073741824, 24)], [.. Enumerable.Repeat(-2, 24)], 0);
        public IReadOnlyList<(string Kind, long Units)> LayerWork { get; } = [("fc", 1)];
        public int Invoke(ReadOnlySpan<sbyte> input, Span<sbyte> probs, LayerHook? hook)
        {
            probs.Fill(-128);
            probs[0] = 100;
            return 0;
        }
    }

    /// <summary>Digital silence, a burst of noise, silence, a second burst, silence (seconds each).</summary>
    private static short[] Bursts()
    {
        var rng = new Random(3);
        var pcm = new short[48000 * 9];
        foreach (var (from, to) in new[] { (2.0, 3.5), (6.0, 6.6) })
            for (var i = (int)(from * 48000); i < (int)(to * 48000); i++) pcm[i] = (short)rng.Next(-3000, 3001);
        return pcm;
    }

    [Test]
    public void Gate_ScoresOnlyWindowsHoldingSound_AndGivesTheRestPosteriorZero()
    {
        var tables = new FrontendTables(FrontendConfig.Default);
        var pcm = Bursts();
        var plain = new StreamingEvaluator(tables, new StreamingSettings());
        var gated = new StreamingEvaluator(tables, new StreamingSettings(Gate: RuntimeConfig.Default.Gate));
        var all = new RecordingScorer();
        var some = new RecordingScorer();
        var energy = new List<short>();
        var p0 = plain.Posteriors(pcm, all, energy);
        var p1 = gated.Posteriors(pcm, some);
        Assert.That(p1, Has.Count.EqualTo(p0.Count));
        Assert.That(all.Windows, Has.Count.EqualTo(p0.Count), "without the gate every evaluation runs the model");
        Assert.That(some.Windows.Count, Is.InRange(1, p0.Count - 1));
        // Evaluation k ends at frame 99 + 10 k; its window holds frames 2 + 10 k .. 99 + 10 k.
        var silence = energy.Min();
        var scored = 0;
        for (var k = 0; k < p1.Count; k++)
        {
            var window = energy.Skip(2 + 10 * k).Take(98).ToList();
            var sound = window.Any(e => e > silence + 1000);
            if (sound)
            {
                Assert.That(some.Windows[scored], Is.EqualTo(all.Windows[k]), $"evaluation {k} holds sound: the model sees its window");
                scored++;
            }
            else Assert.That(p1[k], Is.EqualTo(-128), $"evaluation {k} is silence: posterior 0");
        }
        Assert.That(scored, Is.EqualTo(some.Windows.Count), "the model ran for the windows holding sound and no others");
    }

    [Test]
    public void Gate_GatesTheSameEvaluationsAsTheRuntimeTwin()
    {
        var tables = new FrontendTables(FrontendConfig.Default);
        var pcm = Bursts();
        var config = RuntimeConfig.Default;
        var rt = new StreamingRuntime(config, tables, new WakeModel());
        for (var pos = 0; pos < pcm.Length; pos += config.AudioBlockSamples)
            rt.PushAudio(pcm.AsSpan(pos, Math.Min(config.AudioBlockSamples, pcm.Length - pos)));
        var ev = new StreamingEvaluator(tables, new StreamingSettings(SmoothK: config.SmoothK, Refractory: config.Refractory, Gate: config.Gate));
        var post = ev.Posteriors(pcm, new ConstantScorer(100));
        Assert.That(rt.Stats.Gated, Is.GreaterThan(0));
        Assert.That(post.Count(p => p == -128), Is.EqualTo((int)rt.Stats.Gated), "gated evaluations");
        Assert.That(post.Count(p => p != -128), Is.EqualTo((int)rt.Stats.Inferences), "evaluations that ran the model");
        Assert.That(ev.Detections(post, config.ThresholdQ), Has.Count.EqualTo((int)rt.Stats.Detections), "detections");
    }

    private sealed class ConstantScorer(sbyte value) : IWindowScorer
    {
        public string Name => "constant";
        public sbyte WakePosterior(ReadOnlySpan<short> window) => value;
    }

    [Test]
    public void Detections_UseSmoothingAndRefractory()
    {
        var ev = new StreamingEvaluator(new FrontendTables(FrontendConfig.Default), new StreamingSettings(SmoothK: 2, Refractory: 3));
        sbyte[] p = [-128, 100, 100, 100, 100, 100, 100, -128, -128, 100];
        var counts = ev.DetectionsPerThreshold(p);
        // mean of last 2: -128,-14,100,100,100,100,100,-14,-128,-14 → at threshold 100: detect at 2, refractory 3..5, detect at 6
        Assert.That(counts[100 + 128], Is.EqualTo(2));
        Assert.That(counts[101 + 128], Is.EqualTo(0));
        Assert.That(ev.MaxSmoothed(p), Is.EqualTo(100));
        // The same detections with their evaluation index and smoothed score, for false-accept attribution.
        Assert.That(ev.Detections(p, 100), Is.EqualTo(new List<(int, int)> { (2, 100), (6, 100) }));
        Assert.That(ev.Detections(p, 101), Is.Empty);
    }

    [Test]
    public void ExcludedEvaluations_KeepDetectorStateButAreNotCounted()
    {
        var ev = new StreamingEvaluator(new FrontendTables(FrontendConfig.Default), new StreamingSettings(SmoothK: 2, Refractory: 3));
        sbyte[] p = [-128, 100, 100, 100, 100, 100, 100, -128, -128, 100];
        var excluded = new bool[p.Length];
        excluded[2] = true; // the first detection (index 2) is not counted, but its refractory period still holds
        Assert.That(ev.DetectionsPerThreshold(p, excluded)[100 + 128], Is.EqualTo(1));
        excluded[6] = true;
        Assert.That(ev.DetectionsPerThreshold(p, excluded)[100 + 128], Is.EqualTo(0));
        Assert.That(ev.DetectionsPerThreshold(p, new bool[p.Length]), Is.EqualTo(ev.DetectionsPerThreshold(p)));
    }

    [Test]
    public void HeardSpan_CoversTheKWindowsBehindAnEvaluation()
    {
        var tables = new FrontendTables(FrontendConfig.Default);
        var settings = new StreamingSettings(WindowFrames: 98, InferEvery: 10, SmoothK: 3);
        // Evaluation 0 ends at frame 99 (the first multiple of 10 with a full ring): frame 99 ends at
        // (99 * 160 + 400) / 16000 = 1.015 s; the window behind it starts at frame 2, two evaluations earlier at frame -18.
        var (from, to) = EvalPipeline.HeardSpan(tables, settings, 0);
        Assert.That(to, Is.EqualTo(1.015).Within(1e-9));
        Assert.That(from, Is.EqualTo(0));
        (from, to) = EvalPipeline.HeardSpan(tables, settings, 10);
        Assert.That(to, Is.EqualTo(2.015).Within(1e-9));
        Assert.That(from, Is.EqualTo((199 - 97 - 20) * 160 / 16000.0).Within(1e-9));
    }

    [Test]
    public void DetectionDelay_RunsFromTheEndOfSpeechToTheDetectingWindow_AndGrowsWithTheMean()
    {
        var tables = new FrontendTables(FrontendConfig.Default);
        var posteriors = Enumerable.Repeat((sbyte)-128, 5).Concat(Enumerable.Repeat((sbyte)100, 5)).ToList();
        double? Delay(int k, int speechEnd, int threshold)
        {
            var settings = new StreamingSettings(WindowFrames: 98, InferEvery: 10, SmoothK: k, Refractory: 3);
            return EvalPipeline.DelayAfterSpeech(tables, settings, new StreamingEvaluator(tables, settings), posteriors, speechEnd, threshold);
        }
        // K = 1 fires at evaluation 5: frame 99 + 50 = 149 ends at (149 * 160 + 400) / 16000 = 1.515 s; speech frame 100
        // ends at 1.025 s. K = 3 needs two more evaluations for the mean to reach 50 ((100 - 128 + 100) / 3 = 24 < 50).
        Assert.That(Delay(1, 100, 50), Is.EqualTo(0.49).Within(1e-9));
        Assert.That(Delay(3, 100, 50), Is.EqualTo(0.69).Within(1e-9));
        Assert.That(Delay(1, 100, 101), Is.Null, "no detection");
        Assert.That(Delay(1, -1, 50), Is.Null, "no speech found");
        var d = EvalPipeline.Delay([0.3, null, 0.1, 0.2, 0.5, 0.4, 0.6, 0.7, 0.8, 0.9, 1.0])!;
        Assert.That((d.Clips, d.Median, d.P90, d.Max), Is.EqualTo((10, 0.5, 0.9, 1.0)));
        Assert.That(EvalPipeline.Delay([null]), Is.Null);
    }

    [TestCase(3, 10)]
    [TestCase(8, 10)]
    [TestCase(16, 5)]
    [TestCase(4, 7)]
    public void Padded_GivesTheDetectorKEvaluationsOfSilenceBeforeAnyWindowHearsTheClip(int k, int inferEvery)
    {
        var tables = new FrontendTables(FrontendConfig.Default);
        var settings = new StreamingSettings(WindowFrames: 98, InferEvery: inferEvery, SmoothK: k, PadSeconds: 0.5);
        var ev = new StreamingEvaluator(tables, settings);
        // The first evaluation follows the first multiple of InferEvery frames with a full ring (100 for 10 and 5, 98 for 7).
        Assert.That(ev.LeadInFrames, Is.EqualTo((98 + inferEvery - 1) / inferEvery * inferEvery + (k - 1) * inferEvery));
        var clip = TinyDataset.Clip("speech", new Random(3), 48000);
        var padded = ev.Padded(clip);
        Assert.That(padded, Has.Length.EqualTo(2 * 24000 + ev.LeadInFrames * 480 + clip.Length));
        // The silent stream's features are all one value per coefficient; a window differs once it hears the clip.
        var silentFeatures = Frontend.ComputeAll(tables, new short[48000 * 3]);
        var posteriors = ev.Posteriors(padded, new WindowsDifferFrom(silentFeatures.AsSpan(0, 98 * 24).ToArray()));
        Assert.That(posteriors.Take(k), Is.All.EqualTo((sbyte)-128), "the first K evaluations hear silence only");
        Assert.That(posteriors.Skip(k), Has.Some.EqualTo((sbyte)127), "later ones hear the clip");
    }

    /// <summary>127 when the window differs from a reference window (of silence), else -128.</summary>
    private sealed class WindowsDifferFrom(short[] reference) : IWindowScorer
    {
        public string Name => "differs";
        public sbyte WakePosterior(ReadOnlySpan<short> window) => window.SequenceEqual(reference) ? (sbyte)-128 : (sbyte)127;
    }
}
