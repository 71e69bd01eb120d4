using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using WakeWord.Core;
using WakeWord.Onnx;
using WakeWord.Sim.Frontend;
using WakeWord.Training.Data;

namespace WakeWord.Training.Tests;

[TestFixture]
public class PipelineTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "wakeword-training-pipeline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void FeatureCache_SecondRead_EqualsFrontEndAndHits()
    {
        var pcm = TinyDataset.Clip("wake", new Random(3), 48000);
        var cache = new FeatureCache(FrontendConfig.Default, Path.Combine(_dir, "cache"));
        var a = cache.Compute(pcm);
        var b = cache.Compute(pcm);
        var direct = Frontend.ComputeAll(new FrontendTables(FrontendConfig.Default), pcm);
        Assert.That(a, Is.EqualTo(direct));
        Assert.That(b, Is.EqualTo(direct));
        Assert.That((cache.Misses, cache.Hits), Is.EqualTo((1L, 1L)));
        var other = new FeatureCache(FrontendConfig.Default with { MelBands = 32 }, Path.Combine(_dir, "cache"));
        other.Compute(pcm);
        Assert.That(other.Misses, Is.EqualTo(1), "another front-end config must not reuse the cached features");
    }

    [Test]
    public void ClipFit_LongClip_KeepsTheLoudestWindow()
    {
        var pcm = new short[48000];
        for (var i = 30000; i < 34000; i++) pcm[i] = 10000;
        var fit = ClipAudio.Fit(pcm, 9600);
        Assert.That(fit.Count(v => v == 10000), Is.EqualTo(4000));
        var shortFit = ClipAudio.Fit(new short[] { 1, 2, 3 }, 7);
        Assert.That(shortFit, Is.EqualTo(new short[] { 0, 0, 1, 2, 3, 0, 0 }));
    }

    [Test]
    public void ClipCut_TakesEveryPlaceOfTheSilencePaddedClip()
    {
        var pcm = new short[1000];
        Array.Fill(pcm, (short)7);
        var rng = new Random(2);
        var seen = new HashSet<int>();
        for (var i = 0; i < 20000; i++)
        {
            var cut = ClipAudio.Cut(pcm, 600, 300, rng);
            Assert.That(cut, Has.Length.EqualTo(600));
            var loud = cut.Count(v => v == 7);
            // Padded clip is 300 silence + 1000 clip + 300 silence: a 600-sample cut holds 300..600 clip samples,
            // contiguous, starting at the cut's start (leading silence) or running to its end (trailing silence).
            Assert.That(loud, Is.InRange(300, 600));
            var first = Array.IndexOf(cut, (short)7);
            Assert.That(cut.Skip(first).Take(loud).All(v => v == 7), Is.True);
            seen.Add(first == 0 ? 600 - loud : -(600 - loud));
        }
        Assert.That(seen, Does.Contain(300).And.Contain(-300).And.Contain(0));
        // Shorter than the cut even with padding: centred, as Fit does.
        Assert.That(ClipAudio.Cut(new short[] { 1, 2, 3 }, 9, 1, rng), Is.EqualTo(new short[] { 0, 0, 0, 1, 2, 3, 0, 0, 0 }));
    }

    [Test]
    public void TrainPipeline_OnTinyWavDataset_WritesModelCurvesReportAndLearns()
    {
        var data = TinyDataset.Write(Path.Combine(_dir, "data"), perClass: 12, trainStreamSeconds: 20);
        var outDir = Path.Combine(_dir, "out");
        var req = new TrainRequest(data, outDir,
            new TrainOptions { Epochs = 8, QatEpochs = 1, Threads = 2, BatchSize = 8, LearningRate = 3e-3, StreamWindows = 12 },
            new FeatureOptions { AugmentVariants = 1, CacheDir = Path.Combine(_dir, "cache") });
        var log = new List<string>();
        var s = TrainPipeline.Run(req, log.Add);
        Assert.That(File.Exists(Path.Combine(outDir, TrainPipeline.ModelFile)));
        Assert.That(new FileInfo(Path.Combine(outDir, TrainPipeline.CurvesFile)).Length, Is.GreaterThan(1000));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, TrainPipeline.ReportFile)));
        Assert.That(json.RootElement.GetProperty("phrase").GetString(), Is.EqualTo("hey tone"));
        Assert.That(json.RootElement.GetProperty("history").GetArrayLength(), Is.EqualTo(s.Epochs));
        Assert.That(s.TrainClips, Is.EqualTo(24));
        Assert.That(s.TrainStreamWindows, Is.EqualTo(12));
        Assert.That(log, Has.Some.Contains("+ 12 stream windows per epoch"));
        Assert.That(s.ValAccuracyFloat, Is.GreaterThanOrEqualTo(2.0 / 3), string.Join("\n", log));

        using var session = new InferenceSession(s.ModelPath);
        var md = session.ModelMetadata.CustomMetadataMap;
        Assert.That(md[CrnnMetadata.PhraseKey], Is.EqualTo("hey tone"));
        Assert.That(md[CrnnMetadata.MeanKey].Split(','), Has.Length.EqualTo(24));
        Assert.That(FrontendConfig.FromJson(md[CrnnMetadata.FrontendKey]), Is.EqualTo(FrontendConfig.Default));

        // The exported model streams through eval: every figure present and consistent.
        var report = WakeWord.Training.Eval.EvalPipeline.Run(new WakeWord.Training.Eval.EvalRequest(s.ModelPath, data, Threads: 2));
        Assert.That(report.Models.Select(x => x.Name), Is.EqualTo(new[] { "float", "int8" }));
        var m = report.Models[0];
        Assert.That(m.WakeClips, Is.EqualTo(2));
        Assert.That(m.StreamHours, Is.EqualTo(20.0 / 3600).Within(1e-3), "the training stream is not an eval stream");
        // Ordinary audio: the test stream's time with no labelled confusable in view, less than all of it.
        Assert.That(m.OrdinaryStreamHours, Is.GreaterThan(0).And.LessThan(m.StreamHours));
        Assert.That(m.OrdinaryOperatingPoints!.Select(p => p.TargetFaPerHour), Is.EqualTo(new[] { 0.5, 1, 2 }));
        Assert.That(m.OrdinaryFaPerHour![0], Is.GreaterThan(0));
        Assert.That(m.FalseRejectRate[0], Is.EqualTo(0), "threshold -128 accepts every clip");
        Assert.That(m.FalseRejectRate[^1], Is.GreaterThanOrEqualTo(m.FalseRejectRate[0]));
        Assert.That(m.OperatingPoints.Select(p => p.TargetFaPerHour), Is.EqualTo(new[] { 0.5, 1, 2 }));
        Assert.That(File.Exists(Path.Combine(outDir, WakeWord.Training.Eval.EvalPipeline.ReportFile)));
        Assert.That(File.Exists(Path.Combine(outDir, WakeWord.Training.Eval.EvalPipeline.DetFile)));
        Assert.That(report.Models[1].WakeClips, Is.EqualTo(2));
        // The wake clips accepted at the breakdown threshold carry their detection delay.
        var accepted = m.WakeBySpeaker.Sum(g => g.Accepted);
        Assert.That(m.WakeDetectionDelay?.Clips ?? 0, Is.EqualTo(accepted));
        if (m.WakeDetectionDelay is { } delay) Assert.That(delay.Median, Is.LessThanOrEqualTo(delay.P90).And.LessThanOrEqualTo(delay.Max));
        // Every operating point carries its bootstrap interval, around the point itself.
        foreach (var p in m.OperatingPoints.Concat(m.OrdinaryOperatingPoints!))
        {
            Assert.That(p.FrrLow, Is.Not.Null.And.LessThanOrEqualTo(p.FrrHigh!.Value), $"{p.TargetFaPerHour} FA/h");
            Assert.That(p.FalseRejectRate, Is.InRange(p.FrrLow!.Value, p.FrrHigh!.Value), $"{p.TargetFaPerHour} FA/h");
        }
        var floatOnly = WakeWord.Training.Eval.EvalPipeline.Run(new WakeWord.Training.Eval.EvalRequest(s.ModelPath, data,
            OutDir: Path.Combine(_dir, "float-only"), Threads: 2) { FloatOnly = true, DumpPosteriors = true });
        Assert.That(floatOnly.Models.Select(x => x.Name), Is.EqualTo(new[] { "float" }));
        Assert.That(floatOnly.Models[0].FalseRejectRate, Is.EqualTo(m.FalseRejectRate));

        // --posteriors: the raw posteriors replay to the report's own curves through the runtime's detector.
        var dump = System.Text.Json.JsonSerializer.Deserialize<WakeWord.Training.Eval.PosteriorDump>(File.ReadAllText(
            Path.Combine(_dir, "float-only", WakeWord.Training.Eval.EvalPipeline.PosteriorFile("float"))))!;
        Assert.That(dump.Model, Is.EqualTo("float"));
        Assert.That(dump.Settings, Is.EqualTo(floatOnly.Settings));
        Assert.That(dump.Clips, Has.Length.EqualTo(m.WakeClips + m.NegativeClips));
        Assert.That(dump.Streams, Has.Length.EqualTo(1));
        Assert.That(dump.Streams[0].Seconds / 3600, Is.EqualTo(m.StreamHours).Within(1e-12));
        Assert.That(dump.Streams[0].Confusables, Is.Not.Empty, "the test stream's planted confusables");
        // The evaluator's own detector replay (the runtime's Detector twin), fed from the dump alone.
        var replay = new WakeWord.Training.Eval.StreamingEvaluator(new FrontendTables(FrontendConfig.Default), floatOnly.Settings);
        for (var t = 0; t < 256; t += 17)
        {
            var thr = t - 128;
            var wakeMissed = dump.Clips.Where(c => c.Label == "wake").Count(c => replay.MaxSmoothed(c.Posteriors) < thr);
            Assert.That(wakeMissed / (double)m.WakeClips, Is.EqualTo(m.FalseRejectRate[t]), $"FRR at threshold {thr}");
            var fired = replay.Detections(dump.Streams[0].Posteriors, thr).Count;
            Assert.That(fired / m.StreamHours, Is.EqualTo(m.FaPerHour[t]).Within(1e-9), $"FA/h at threshold {thr}");
        }

        // --ensemble: the mean wake probability of its members; a model averaged with itself is the model.
        var twice = WakeWord.Training.Eval.EvalPipeline.Run(new WakeWord.Training.Eval.EvalRequest(s.ModelPath, data,
            OutDir: Path.Combine(_dir, "ensemble"), Threads: 2) { FloatOnly = true, Ensemble = [s.ModelPath, s.ModelPath] });
        Assert.That(twice.Models.Select(x => x.Name), Is.EqualTo(new[] { "float", "ensemble of 2" }));
        Assert.That(twice.Models[1].FalseRejectRate, Is.EqualTo(m.FalseRejectRate));
        Assert.That(twice.Models[1].FaPerHour, Is.EqualTo(m.FaPerHour));
        var missing = Path.Combine(_dir, "no-such.onnx");
        var e = Assert.Throws<WakeWordException>(() => WakeWord.Training.Eval.EvalPipeline.Run(new WakeWord.Training.Eval.EvalRequest(
            s.ModelPath, data, OutDir: Path.Combine(_dir, "ensemble-bad"), Threads: 2) { FloatOnly = true, Ensemble = [s.ModelPath, missing] }));
        Assert.That(e!.Message, Does.Contain(missing));
        Assert.That(Directory.Exists(Path.Combine(_dir, "ensemble-bad")), Is.False, "a refused ensemble writes nothing");

        // codegen's int8 model of the QAT-trained export agrees with the float model
        TestContext.Out.WriteLine($"int8 top-1 agreement {s.Int8Top1Agreement:P2}, wake posterior MAE {s.Int8WakePosteriorMae:F4}");
        Assert.That(s.Int8Top1Agreement, Is.GreaterThanOrEqualTo(0.95));
        Assert.That(s.Int8WakePosteriorMae, Is.LessThan(0.05));
    }

    [Test]
    public void PrepareFeatures_FillsTheCache_SoTrainingComputesNone_AndTrainsTheSameModel()
    {
        var data = TinyDataset.Write(Path.Combine(_dir, "data"), perClass: 6);
        TrainRequest Request(string name) => new(data, Path.Combine(_dir, name),
            new TrainOptions { Epochs = 2, QatEpochs = 1, Threads = 2, BatchSize = 8, Seed = 3 },
            new FeatureOptions { AugmentVariants = 1, Seed = 3, CacheDir = Path.Combine(_dir, name + "-cache") });

        var prepared = Request("prepared");
        var prepLog = new List<string>();
        TrainPipeline.PrepareFeatures(prepared, prepLog.Add);
        Assert.That(prepLog, Has.Some.Contains("cache hits 0, computed 30"), string.Join("\n", prepLog));
        Assert.That(Directory.Exists(prepared.OutDir), Is.False, "trains nothing, writes no model folder");
        var log = new List<string>();
        var a = TrainPipeline.Run(prepared, log.Add);
        Assert.That(log, Has.Some.Contains("cache hits 30, computed 0"), string.Join("\n", log));

        var b = TrainPipeline.Run(Request("plain"));
        Assert.That(File.ReadAllBytes(a.ModelPath), Is.EqualTo(File.ReadAllBytes(b.ModelPath)));
    }

    [Test]
    public void TrainPipeline_CoefficientsBeyondTheFrontEnd_FailsBeforeReadingAnyClip()
    {
        var data = TinyDataset.Write(Path.Combine(_dir, "data"), perClass: 2);
        var outDir = Path.Combine(_dir, "out");
        var cache = Path.Combine(_dir, "cache");
        var e = Assert.Throws<WakeWordException>(() => TrainPipeline.Run(new TrainRequest(data, outDir, new TrainOptions(),
            new FeatureOptions { Coefficients = 24, CacheDir = cache })));
        Assert.That(e!.Message, Does.Contain("--coefficients: 24").And.Contain("0..23"));
        Assert.That(Directory.Exists(cache), Is.False, "no clip was read");
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void TrainPipeline_MissingManifest_FailsNamingTheFileAndWritesNothing()
    {
        var data = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(data);
        var outDir = Path.Combine(_dir, "out");
        var e = Assert.Throws<WakeWordException>(() => TrainPipeline.Run(new TrainRequest(data, outDir, new TrainOptions(), new FeatureOptions())));
        Assert.That(e!.Message, Does.Contain("manifest.csv"));
        Assert.That(Directory.Exists(outDir), Is.False);
    }
}

[TestFixture]
public class PhraseTests
{
    [Test]
    public void PhraseFromManifest_ReadsQuotedOrPrefixedSourceAndTakesTheMostFrequent()
    {
        var e = new List<WakeWord.Datasets.Manifest.ManifestEntry>
        {
            new("a.wav", "wake", "train", "v1", "wake: hey, nova"),
            new("b.wav", "wake", "train", "v2", "wake: hey nova"),
            new("c.wav", "wake", "train", "v3", "espeak-ng \"Hey Nova!\", rate 150"),
            new("d.wav", "wake", "train", "v4", "wake: hey there"),
            new("e.wav", "speech", "train", "v5", "speech: \"hey you\""),
        };
        Assert.That(TrainPipeline.PhraseFromManifest(e), Is.EqualTo("hey nova"));
        Assert.That(TrainPipeline.PhraseFromManifest(e.Skip(4).ToList()), Is.Null);
    }
}
