using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using WakeWord.Codegen.Quantization;
using WakeWord.Core;
using WakeWord.Datasets.Manifest;
using WakeWord.Onnx;
using WakeWord.Sim.Frontend;
using WakeWord.Training.Data;
using WakeWord.Training.Export;
using WakeWord.Training.Model;
using WakeWord.Training.Plots;

namespace WakeWord.Training;

/// <summary>Inputs of <c>wakeword train</c>.</summary>
public sealed record TrainRequest(string DataDir, string OutDir, TrainOptions Train, FeatureOptions Features,
    string? Phrase = null, FrontendConfig? Frontend = null);

/// <summary>Headline figures of a training run (also in train.json).</summary>
public sealed record TrainSummary(string ModelPath, int TrainClips, int ValClips, int TestClips, int Epochs, int BestEpoch,
    double ValAccuracyFloat, double ValAccuracyInt8Sim, double TestAccuracyFloat, double TestAccuracyInt8Sim, double Seconds)
{
    /// <summary>Random windows per epoch from the training streams (besides <see cref="TrainClips"/>).</summary>
    public int TrainStreamWindows { get; init; }

    /// <summary>codegen's int8 model vs the float model on validation windows: top-1 agreement (decidable windows).</summary>
    public double Int8Top1Agreement { get; init; }
    public double Int8WakePosteriorMae { get; init; }
}

/// <summary>
/// <c>wakeword train</c>: dataset folder → front-end features (cached) → float training with early stopping →
/// quantization-aware fine-tuning → crnn.onnx (with normalization and front-end metadata), curves.png, train.json.
/// </summary>
public static partial class TrainPipeline
{
    public const string ModelFile = "crnn.onnx";
    public const string CurvesFile = "curves.png";
    public const string ReportFile = "train.json";

    /// <summary>
    /// Computes the front-end features <see cref="Run"/> would load for <paramref name="r"/> into the feature cache
    /// (with <c>r.Train.Threads</c> threads) and trains nothing. <c>train-default</c> does this once per teacher seed
    /// before it trains two teachers at a time: the two teachers of a seed share their augmented clips, and would
    /// otherwise both compute them, each on one thread. Cached features are the computed ones, so no model changes.
    /// </summary>
    public static void PrepareFeatures(TrainRequest r, Action<string>? log = null) => LoadData(r, Frontend(r), log);

    /// <summary>The request's front-end config, validated, after checking its data folder exists.</summary>
    private static FrontendConfig Frontend(TrainRequest r)
    {
        if (!Directory.Exists(r.DataDir)) throw new WakeWordException($"--data {r.DataDir}: folder not found");
        return (r.Frontend ?? FrontendConfig.Default).Validate();
    }

    /// <summary>The features <see cref="Run"/> trains on (computed into the cache where missing).</summary>
    private static TrainingData LoadData(TrainRequest r, FrontendConfig frontend, Action<string>? log)
    {
        TrainingData.CheckCoefficients(r.Features.Coefficients, frontend.Features);
        return TrainingData.Load(r.DataDir, frontend, r.Features with { Threads = r.Train.Threads }, log, trainStreams: r.Train.StreamWindows > 0);
    }

    public static TrainSummary Run(TrainRequest r, Action<string>? log = null)
    {
        var sw = Stopwatch.StartNew();
        var frontend = Frontend(r);
        var manifest = Path.Combine(r.DataDir, DatasetManifest.FileName);
        var phrase = r.Phrase ?? PhraseFromManifest(DatasetManifest.Read(manifest))
            ?? throw new WakeWordException($"{manifest}: cannot tell the wake phrase from the 'source' column; pass --phrase");
        var shape = new CrnnShape(Frames: r.Features.WindowFrames, Features: frontend.Features,
            Conv1Filters: r.Train.Conv1Filters, Conv2Filters: r.Train.Conv2Filters, Hidden: r.Train.Hidden,
            Classes: r.Train.ConfusableClass ? 4 : 3)
        {
            Conv1Stride = r.Train.Conv1Stride, Conv2Stride = r.Train.Conv2Stride, WindowMean = r.Train.WindowMean,
        };

        var data = LoadData(r, frontend, log);
        if (data.Val.Count == 0) throw new WakeWordException($"{manifest}: no clips in split 'val' (needed for early stopping)");
        foreach (var (label, idx) in new[] { (DatasetLabels.Wake, 0), (DatasetLabels.Speech, 1), (DatasetLabels.Background, 2) })
            if (!data.Train.Any(c => c.Label == idx)) log?.Invoke($"warning: no '{label}' clips in the training split");
        float[]? balance = null;
        if (r.Train.EngineBalance > 0)
        {
            var (perClip, groups) = TrainingData.EngineBalance(data.Train, r.Train.EngineBalance);
            balance = perClip;
            log?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"engine balance {r.Train.EngineBalance}: {string.Join(", ", groups.Select(g => $"{g.Label} {g.Engine} x{g.Weight:0.000} ({g.Clips})"))}"));
        }
        var train = data.Samples(data.Train, (float)r.Train.ConfusableWeight, r.Train.ConfusableClass, balance);
        var streamWindows = data.StreamSamples(r.Train.StreamWindows);
        train.AddRange(streamWindows);
        var val = data.Samples(data.Val, 1f, r.Train.ConfusableClass);
        var test = data.Samples(data.Test, 1f, r.Train.ConfusableClass);
        log?.Invoke($"train {train.Count - streamWindows.Count} clips ({train.Sum(t => t.Variants.Length) - streamWindows.Count} with augmented copies) + {streamWindows.Count} stream windows per epoch, val {val.Count}, test {test.Count}");

        var teachers = r.Train.Teachers.Select(t => Teacher.Load(t, shape, ClassNames(r.Train), data.Mean, data.Std, Trainer.Chunks)).ToList();
        foreach (var t in teachers)
            log?.Invoke($"teacher {t.Path}: conv {t.Shape.Conv1Filters}/{t.Shape.Conv2Filters}, hidden {t.Shape.Hidden}");
        var trainer = new Trainer(shape, r.Train, log, teachers)
        {
            BandFeatures = r.Train.BandMaskUsedOnly ? TrainingData.UsedFeatures(data.Std) : null,
        };
        var result = trainer.Train(train, val);
        var floatParams = result.Parameters;
        var valF = trainer.EvaluateDetailed(val, floatParams, null);
        var valQ = result.Quant != null ? trainer.EvaluateDetailed(val, floatParams, result.Quant) : valF;
        var testF = trainer.EvaluateDetailed(test, floatParams, null);
        var testQ = result.Quant != null ? trainer.EvaluateDetailed(test, floatParams, result.Quant) : testF;
        log?.Invoke("test confusion (rows true wake/speech/background, columns predicted), float: " +
            string.Join(" | ", testF.Confusion.Select(r => string.Join(' ', r))));
        log?.Invoke($"val accuracy float {valF.Accuracy:P2}, int8-simulated {valQ.Accuracy:P2}; test accuracy float {testF.Accuracy:P2}, int8-simulated {testQ.Accuracy:P2}");

        var classes = ClassNames(r.Train);
        var meta = new CrnnMetadata(phrase, data.Mean, data.Std, classes, frontend.ToJson().Trim());
        var modelPath = Path.Combine(r.OutDir, ModelFile);
        var tmpModel = Path.Combine(Path.GetTempPath(), $"wakeword-train-check-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        QuantizationReport qr;
        try
        {
            CrnnExport.Save(tmpModel, shape, floatParams, meta);
            qr = QuantizeCheck(tmpModel, data);
            log?.Invoke(qr.Render().TrimEnd());
        }
        finally
        {
            File.Delete(tmpModel);
        }
        var summary = new TrainSummary(modelPath, train.Count - streamWindows.Count, val.Count, test.Count, result.History.Count, result.BestEpoch,
            valF.Accuracy, valQ.Accuracy, testF.Accuracy, testQ.Accuracy, sw.Elapsed.TotalSeconds)
        {
            Int8Top1Agreement = qr.Top1AgreementDecidable, Int8WakePosteriorMae = qr.WakePosteriorMae, TrainStreamWindows = streamWindows.Count,
        };
        var report = new
        {
            phrase,
            data = Path.GetFullPath(r.DataDir),
            summary,
            options = r.Train,
            features = r.Features with { CacheDir = null },
            classes,
            // Clips per class; training-stream windows take their class per window and are counted apart.
            classCounts = Enumerable.Range(0, shape.Classes).Select(k => train.Count(t => t.SpeechPrefix == null && t.Label == k)).ToArray(),
            streamWindowsPerEpoch = streamWindows.Count,
            classWeights = result.ClassWeights,
            confusion = new { valFloat = valF.Confusion, valInt8Sim = valQ.Confusion, testFloat = testF.Confusion, testInt8Sim = testQ.Confusion },
            featureMean = data.Mean,
            featureStd = data.Std,
            activationRanges = result.Quant?.Points.Select(q => new { q.Scale, q.ZeroPoint }).ToArray(),
            int8Check = new
            {
                qr.CalibrationWindows, qr.ValidationWindows, qr.Top1Agreement, qr.Top1AgreementDecidable, qr.WakePosteriorMae,
                qr.MaxPosteriorAbsError, layerSqnrDb = qr.Layers.Select(l => new { l.Layer, l.Op, l.SqnrDb }).ToArray(),
            },
            history = result.History,
        };
        Directory.CreateDirectory(r.OutDir);
        AtomicOutput.WriteFile(Path.Combine(r.OutDir, CurvesFile), tmp => Charts.TrainingCurves(result.History, tmp));
        AtomicOutput.WriteFile(Path.Combine(r.OutDir, ReportFile), tmp => File.WriteAllText(tmp,
            JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, IncludeFields = true }) + "\n"));
        CrnnExport.Save(modelPath, shape, floatParams, meta);
        return summary;
    }

    private static string[] ClassNames(TrainOptions o) =>
        o.ConfusableClass ? [.. CrnnMetadata.DefaultClasses, "confusable"] : CrnnMetadata.DefaultClasses;

    /// <summary>
    /// Runs codegen's quantizer on the exported model (calibration on training windows, validation on val windows):
    /// the int8 model the firmware will run, measured against the float model.
    /// </summary>
    internal static QuantizationReport QuantizeCheck(string modelPath, TrainingData data, int windows = 256)
    {
        var calib = data.Windows(data.Train, windows);
        var val = data.Windows(data.Val, windows);
        return Quantizer.Quantize(modelPath, calib, val.Count > 0 ? val : calib).Report;
    }

    /// <summary>
    /// The wake phrase from the wake clips' source column: quoted text ("espeak-ng \"hey nova\", rate 150") or the
    /// text after a "wake:" prefix ("wake: hey, nova"), punctuation dropped; the most frequent one wins.
    /// </summary>
    public static string? PhraseFromManifest(IReadOnlyList<ManifestEntry> entries)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (e.Label != DatasetLabels.Wake) continue;
            var m = Quoted().Match(e.Source);
            var text = m.Success ? m.Groups[1].Value
                : e.Source.StartsWith("wake:", StringComparison.OrdinalIgnoreCase) ? e.Source[5..] : null;
            if (text == null) continue;
            var words = new string(text.ToLowerInvariant().Select(ch => char.IsLetterOrDigit(ch) || ch == '\'' ? ch : ' ').ToArray())
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            var phrase = string.Join(' ', words);
            counts[phrase] = counts.GetValueOrDefault(phrase) + 1;
        }
        return counts.Count == 0 ? null : counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
    }

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();
}
