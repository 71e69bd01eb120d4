using System.Diagnostics;
using System.Text.Json;
using WakeWord.Codegen.Quantization;
using WakeWord.Core;
using WakeWord.Datasets.Manifest;
using WakeWord.Onnx;
using WakeWord.Sim.Frontend;
using WakeWord.Training.Data;
using WakeWord.Training.Export;
using WakeWord.Training.Plots;

namespace WakeWord.Training.Eval;

/// <summary>Inputs of <c>wakeword eval</c>.</summary>
public sealed record EvalRequest(string ModelPath, string DataDir, string? PackageDir = null, string? OutDir = null,
    StreamingSettings? Settings = null, int Threads = 1, string Split = DatasetSplits.Test, int CalibrationClips = 200)
{
    /// <summary>int8 threshold of the per-kind and per-voice breakdown; null = the 1 FA/h threshold.</summary>
    public int? BreakdownThreshold { get; init; }

    /// <summary>Only the float model: no int8 model quantized here (a package is always evaluated).</summary>
    public bool FloatOnly { get; init; }

    /// <summary>Float models evaluated together as one more detector, the mean of their wake probabilities
    /// (<see cref="EnsembleFloatScorer"/>); empty = none.</summary>
    public IReadOnlyList<string> Ensemble { get; init; } = [];

    /// <summary>Also write every model's raw wake posteriors (<see cref="PosteriorDump"/>) next to eval.json, for
    /// designing a detector offline.</summary>
    public bool DumpPosteriors { get; init; }
}

/// <summary>
/// One model's raw int8 wake posteriors, one per evaluation before smoothing (<c>eval --posteriors</c>:
/// <c>posteriors-NAME.json</c>): every clip of the split (padded as evaluated) and every stream, with the time spans of the
/// streams' planted confusable phrases, so any detector can be replayed on them offline.
/// </summary>
public sealed record PosteriorDump(string Model, StreamingSettings Settings, PosteriorDump.Clip[] Clips, PosteriorDump.Stream[] Streams)
{
    public sealed record Clip(string Path, string Label, string Speaker, string Source, sbyte[] Posteriors);

    /// <param name="Confusables">Start and end (seconds) of each planted confusable phrase.</param>
    public sealed record Stream(string Path, double Seconds, sbyte[] Posteriors, double[][] Confusables);
}

/// <summary>False-reject rate at the lowest int8 threshold whose false accepts per hour stay within the target.</summary>
public sealed record OperatingPoint(double TargetFaPerHour, int? Threshold, double? ThresholdProbability, double? FaPerHour,
    double? FalseRejectRate)
{
    /// <summary>95 % bootstrap interval of <see cref="FalseRejectRate"/> over redrawn streams and wake clips
    /// (<see cref="OperatingPointBootstrap"/>); null without streams.</summary>
    public double? FrrLow { get; init; }
    public double? FrrHigh { get; init; }
}

/// <summary>One model's streaming figures.</summary>
public sealed record ModelEvaluation(string Name, int WakeClips, int NegativeClips, double StreamHours,
    OperatingPoint[] OperatingPoints, double[] FaPerHour, double[] FalseRejectRate, double[] NegativeClipAcceptRate,
    double Seconds)
{
    /// <summary>
    /// Negative clips by kind (the source column's text before ':', e.g. "confusable", "sentence", "noise") with their
    /// accept rate at the 1 FA/h threshold (or p = 0.5 without streams), and the negative sources accepted most often.
    /// </summary>
    public NegativeGroup[] NegativeKinds { get; init; } = [];
    public NegativeGroup[] MostAccepted { get; init; } = [];

    /// <summary>
    /// False accepts in the streams at the breakdown threshold, each with the labelled utterance (stream labels file)
    /// that overlaps its smoothed windows most ("silence" when none), and their count per kind.
    /// </summary>
    public StreamFalseAccept[] StreamFalseAccepts { get; init; } = [];
    public NegativeGroup[] StreamFalseAcceptsByKind { get; init; } = [];

    /// <summary>Wake clips by speaker (voice) and how many of them the detector accepted at the same threshold.</summary>
    public NegativeGroup[] WakeBySpeaker { get; init; } = [];

    /// <summary>Threshold the negative breakdown uses.</summary>
    public int BreakdownThreshold { get; init; }

    /// <summary>Detection delay of the wake clips accepted at <see cref="BreakdownThreshold"/> (null when none is).</summary>
    public DetectionDelay? WakeDetectionDelay { get; init; }

    /// <summary>
    /// The same figures over ordinary audio: stream time where no planted confusable phrase is in the detector's view
    /// (its K smoothed windows), from the streams' labels files. <see cref="OrdinaryStreamHours"/> is that time;
    /// detections there count. Null when no stream has labels.
    /// </summary>
    public double? OrdinaryStreamHours { get; init; }
    public OperatingPoint[]? OrdinaryOperatingPoints { get; init; }
    public double[]? OrdinaryFaPerHour { get; init; }

    /// <summary>Share of confusable-phrase clips accepted at each operating point's threshold of <see cref="OrdinaryOperatingPoints"/>.</summary>
    public double?[]? ConfusableAcceptAtOrdinaryPoints { get; init; }

    /// <summary>False-reject rates at the operating points' targets, e.g. "96.58% / 95.77% / 91.37%" (n/a when unreached).</summary>
    public string FrrSummary() => Summary(OperatingPoints);

    /// <summary><see cref="FrrSummary"/> over ordinary audio (confusable phrases excluded), "n/a" without labels.</summary>
    public string OrdinaryFrrSummary() => OrdinaryOperatingPoints is { } p ? Summary(p) : "n/a";

    private static string Summary(OperatingPoint[] points) => string.Join(" / ", points.Select(p => p.FalseRejectRate is { } f
        ? (f * 100).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%" : "n/a"));

    /// <summary>Threshold index (0..255) to int8 threshold (-128..127).</summary>
    public static int ThresholdOf(int index) => index - 128;
}

/// <summary>Negative clips sharing a kind or a source text, and how many of them the detector accepted.</summary>
public sealed record NegativeGroup(string Name, int Clips, int Accepted)
{
    public double AcceptRate => Clips == 0 ? 0 : (double)Accepted / Clips;
}

/// <summary>
/// How long after the end of the spoken phrase the detector fires on the wake clips it accepts at
/// <see cref="ModelEvaluation.BreakdownThreshold"/>: from the end of the clip's speech (<see cref="Data.SpeechSpan"/> on
/// the log-energy feature) to the end of the newest window of the first detection, in seconds.
/// </summary>
public sealed record DetectionDelay(int Clips, double Median, double P90, double Max);

/// <summary>A detection in a negative stream: the stream, the time the detector fired, what was heard there.</summary>
public sealed record StreamFalseAccept(string Stream, double Seconds, int Score, string Kind, string Text);

public sealed record EvalReport(string Model, string Data, string Split, StreamingSettings Settings, ModelEvaluation[] Models);

/// <summary>
/// <c>wakeword eval</c>: the split's clips (each padded with silence) and its long "stream" negatives go through the
/// front end and the float model (ONNX Runtime), and through the int8 simulator (the package's model.json, or the model quantized here by codegen's quantizer
/// with training clips for calibration), on the
/// device's streaming schedule with the detector's smoothing and refractory period. Reports the false-reject rate
/// at 0.5, 1 and 2 false accepts per hour, the threshold for 1 FA/h, a DET chart and JSON.
/// </summary>
public static class EvalPipeline
{
    public static readonly double[] Targets = [0.5, 1, 2];
    public const string ReportFile = "eval.json";
    public const string DetFile = "det.png";

    public static EvalReport Run(EvalRequest r, Action<string>? log = null)
    {
        var settings = r.Settings ?? new StreamingSettings();
        if (!File.Exists(r.ModelPath)) throw new WakeWordException($"--model {r.ModelPath}: file not found");
        if (!Directory.Exists(r.DataDir)) throw new WakeWordException($"--data {r.DataDir}: folder not found");
        var meta = CrnnExport.ReadMetadata(r.ModelPath);
        var frontend = meta.FrontendJson != null ? FrontendConfig.FromJson(meta.FrontendJson, $"{r.ModelPath}: metadata {CrnnMetadata.FrontendKey}") : FrontendConfig.Default;
        var tables = new FrontendTables(frontend);
        var entries = DatasetManifest.Read(Path.Combine(r.DataDir, DatasetManifest.FileName)).Where(e => e.Split == r.Split).ToList();
        var clips = entries.Where(e => e.Label != DatasetLabels.Stream).ToList();
        var streams = entries.Where(e => e.Label == DatasetLabels.Stream).ToList();
        if (!clips.Any(e => e.Label == DatasetLabels.Wake))
            throw new WakeWordException($"{r.DataDir}: no 'wake' clips in split '{r.Split}'");
        if (streams.Count == 0) log?.Invoke($"warning: no 'stream' recordings in split '{r.Split}': false accepts per hour cannot be measured");

        var scorers = new List<IWindowScorer>();
        using var floatScorer = new OnnxFloatScorer(r.ModelPath, meta, settings.WindowFrames);
        scorers.Add(floatScorer);
        using var ensemble = r.Ensemble.Count > 0 ? OpenEnsemble(r.Ensemble, meta, frontend, settings.WindowFrames) : null;
        if (ensemble != null) scorers.Add(ensemble);
        if (r.PackageDir != null)
        {
            scorers.Add(Int8Scorer.FromPackage(r.PackageDir));
        }
        else if (!r.FloatOnly)
        {
            // No package: quantize here with codegen's quantizer, calibrated on training-split clips.
            var calibClips = DatasetManifest.Read(Path.Combine(r.DataDir, DatasetManifest.FileName))
                .Where(e => e.Split == DatasetSplits.Train && e.Label != DatasetLabels.Stream).ToList();
            if (calibClips.Count == 0)
            {
                log?.Invoke("warning: no training clips to calibrate an int8 model; pass --package to evaluate int8");
            }
            else
            {
                var pick = Enumerable.Range(0, Math.Min(r.CalibrationClips, calibClips.Count))
                    .Select(k => Path.Combine(r.DataDir, calibClips[(int)((long)k * calibClips.Count / Math.Min(r.CalibrationClips, calibClips.Count))].Path));
                var windows = CalibrationData.FromWavs(pick, frontend);
                var (q, qReport) = Quantizer.Quantize(r.ModelPath, windows, windows);
                log?.Invoke($"int8: quantized here from {windows.Count} calibration windows (top-1 agreement on them {qReport.Top1AgreementDecidable:P2})");
                scorers.Add(new Int8Scorer(q));
            }
        }

        var results = new List<ModelEvaluation>();
        var dumps = new List<PosteriorDump>();
        foreach (var scorer in scorers)
        {
            results.Add(Evaluate(scorer, r, tables, settings, clips, streams, log, r.DumpPosteriors ? dumps.Add : null));
        }
        var report = new EvalReport(Path.GetFullPath(r.ModelPath), Path.GetFullPath(r.DataDir), r.Split, settings, results.ToArray());
        var outDir = r.OutDir ?? Path.GetDirectoryName(Path.GetFullPath(r.ModelPath))!;
        Directory.CreateDirectory(outDir);
        foreach (var dump in dumps)
            AtomicOutput.WriteFile(Path.Combine(outDir, PosteriorFile(dump.Model)), tmp => File.WriteAllText(tmp,
                JsonSerializer.Serialize(dump) + "\n"));
        if (streams.Count > 0)
            AtomicOutput.WriteFile(Path.Combine(outDir, DetFile), tmp =>
                Charts.Det(results.Select(m => (m.Name, m.FaPerHour, m.FalseRejectRate)).ToList(), tmp));
        AtomicOutput.WriteFile(Path.Combine(outDir, ReportFile), tmp => File.WriteAllText(tmp,
            JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }) + "\n"));
        return report;
    }

    /// <summary>The <c>--ensemble</c> models; each must read the evaluated model's front end and score the same wake class.</summary>
    private static EnsembleFloatScorer OpenEnsemble(IReadOnlyList<string> paths, CrnnMetadata meta, FrontendConfig frontend, int frames)
    {
        var members = new List<OnnxFloatScorer>();
        try
        {
            foreach (var path in paths)
            {
                if (!File.Exists(path)) throw new WakeWordException($"--ensemble {path}: file not found");
                var m = CrnnExport.ReadMetadata(path);
                var fe = m.FrontendJson != null ? FrontendConfig.FromJson(m.FrontendJson, $"{path}: metadata {CrnnMetadata.FrontendKey}") : FrontendConfig.Default;
                if (fe != frontend)
                    throw new WakeWordException($"--ensemble {path}: its front end (metadata {CrnnMetadata.FrontendKey}) differs from the evaluated model's");
                if (m.Classes[0] != meta.Classes[0])
                    throw new WakeWordException($"--ensemble {path}: class 0 is '{m.Classes[0]}', the evaluated model's is '{meta.Classes[0]}'");
                members.Add(new OnnxFloatScorer(path, m, frames));
            }
        }
        catch
        {
            foreach (var x in members) x.Dispose();
            throw;
        }
        return new EnsembleFloatScorer(members);
    }

    /// <summary>File name of a model's <see cref="PosteriorDump"/>: "posteriors-int8.json", "posteriors-ensemble-of-10.json".</summary>
    public static string PosteriorFile(string model) =>
        "posteriors-" + new string(model.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '-').ToArray()) + ".json";

    private static ModelEvaluation Evaluate(IWindowScorer scorer, EvalRequest r, FrontendTables tables, StreamingSettings settings,
        List<ManifestEntry> clips, List<ManifestEntry> streams, Action<string>? log, Action<PosteriorDump>? dump)
    {
        var sw = Stopwatch.StartNew();
        var ev = new StreamingEvaluator(tables, settings);
        var po = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, r.Threads) };
        var clipMax = new int[clips.Count];
        var wakePosteriors = new List<sbyte>?[clips.Count];
        var speechEnd = new int[clips.Count];
        var clipPosteriors = new sbyte[clips.Count][];
        Parallel.For(0, clips.Count, po, i =>
        {
            var energy = clips[i].Label == DatasetLabels.Wake ? new List<short>() : null;
            var posteriors = ev.Posteriors(ev.Padded(TrainingData.Read(r.DataDir, clips[i])), scorer, energy);
            clipMax[i] = ev.MaxSmoothed(posteriors);
            if (dump != null) clipPosteriors[i] = posteriors.ToArray();
            if (energy == null) return;
            wakePosteriors[i] = posteriors;
            speechEnd[i] = SpeechSpan.Find(energy.ToArray(), energy.Count, 1, 0, tables.Config.FeatureFracBits).End;
        });
        var detections = new long[streams.Count][];
        var ordinaryDetections = new long[streams.Count][];
        var ordinaryShare = new double[streams.Count];
        var streamLabels = new IReadOnlyList<StreamLabel>?[streams.Count];
        var samples = new long[streams.Count];
        var streamPosteriors = new List<sbyte>[streams.Count];
        Parallel.For(0, streams.Count, po, i =>
        {
            var pcm = TrainingData.Read(r.DataDir, streams[i]);
            samples[i] = pcm.Length;
            streamPosteriors[i] = ev.Posteriors(pcm, scorer);
            detections[i] = ev.DetectionsPerThreshold(streamPosteriors[i]);
            var labels = streamLabels[i] = ReadLabels(r, streams[i]);
            var excluded = new bool[streamPosteriors[i].Count];
            var confusables = labels?.Where(l => l.Kind == StreamLabels.ConfusableKind).ToList() ?? [];
            for (var k = 0; k < excluded.Length && confusables.Count > 0; k++)
            {
                var (from, to) = HeardSpan(tables, settings, k);
                excluded[k] = confusables.Any(l => l.Start < to && l.End > from);
            }
            ordinaryDetections[i] = ev.DetectionsPerThreshold(streamPosteriors[i], excluded);
            ordinaryShare[i] = excluded.Length == 0 ? 1 : excluded.Count(x => !x) / (double)excluded.Length;
        });
        dump?.Invoke(new PosteriorDump(scorer.Name, settings,
            clips.Select((e, i) => new PosteriorDump.Clip(e.Path, e.Label, e.Speaker, e.Source, clipPosteriors[i])).ToArray(),
            streams.Select((e, i) => new PosteriorDump.Stream(e.Path, samples[i] / (double)tables.Config.InputRate, streamPosteriors[i].ToArray(),
                (streamLabels[i] ?? []).Where(l => l.Kind == StreamLabels.ConfusableKind).Select(l => new[] { l.Start, l.End }).ToArray())).ToArray()));
        // Totals summed in samples (so an exact budget such as 12 detections in 12.00 h stays exact), and the hours
        // per stream (all of it, and its ordinary audio) that the bootstrap redraws.
        var hours = samples.Sum() / (double)tables.Config.InputRate / 3600.0;
        var ordinaryHours = Enumerable.Range(0, streams.Count).Sum(i => samples[i] * ordinaryShare[i]) / tables.Config.InputRate / 3600.0;
        var streamHours = samples.Select(n => n / (double)tables.Config.InputRate / 3600.0).ToArray();
        var ordinaryStreamHours = streamHours.Select((h, i) => h * ordinaryShare[i]).ToArray();
        var wake = new List<int>();
        var neg = new List<int>();
        for (var i = 0; i < clips.Count; i++) (clips[i].Label == DatasetLabels.Wake ? wake : neg).Add(clipMax[i]);

        var fa = new double[256];
        var ordinaryFa = new double[256];
        var frr = new double[256];
        var negAccept = new double[256];
        for (var t = 0; t < 256; t++)
        {
            var thr = ModelEvaluation.ThresholdOf(t);
            long d = 0, od = 0;
            foreach (var s in detections) d += s[t];
            foreach (var s in ordinaryDetections) od += s[t];
            fa[t] = hours > 0 ? d / hours : double.NaN;
            ordinaryFa[t] = ordinaryHours > 0 ? od / ordinaryHours : double.NaN;
            frr[t] = wake.Count(m => m < thr) / (double)wake.Count;
            negAccept[t] = neg.Count == 0 ? 0 : neg.Count(m => m >= thr) / (double)neg.Count;
        }
        OperatingPoint[] Points(double[] faCurve, double h, long[][] perStream, double[] perStreamHours) => Targets.Select(target =>
        {
            if (h <= 0) return new OperatingPoint(target, null, null, null, null);
            var ci = OperatingPointBootstrap.FrrInterval(perStream, perStreamHours, wake, target);
            for (var t = 0; t < 256; t++)
                if (faCurve[t] <= target)
                    return new OperatingPoint(target, ModelEvaluation.ThresholdOf(t), (ModelEvaluation.ThresholdOf(t) + 128) / 256.0, faCurve[t], frr[t])
                    { FrrLow = ci?.Low, FrrHigh = ci?.High };
            return new OperatingPoint(target, null, null, null, 1.0) { FrrLow = ci?.Low, FrrHigh = ci?.High };
        }).ToArray();
        var points = Points(fa, hours, detections, streamHours);
        var anyLabels = streamLabels.Any(x => x != null);
        var ordinaryPoints = anyLabels
            ? Points(ordinaryFa, ordinaryHours, ordinaryDetections, ordinaryStreamHours)
            : null;
        var confusableMax = clips.Select((e, i) => (e, max: clipMax[i]))
            .Where(x => x.e.Label != DatasetLabels.Wake && SourceKind(x.e.Source) == StreamLabels.ConfusableKind).Select(x => x.max).ToList();
        var breakdown = r.BreakdownThreshold ?? points.FirstOrDefault(p => p.TargetFaPerHour == 1.0)?.Threshold ?? 0;
        var negatives = clips.Select((e, i) => (e, max: clipMax[i])).Where(x => x.e.Label != DatasetLabels.Wake).ToList();
        NegativeGroup[] Groups(Func<ManifestEntry, string> key) => negatives
            .GroupBy(x => key(x.e), StringComparer.Ordinal)
            .Select(g => new NegativeGroup(g.Key, g.Count(), g.Count(x => x.max >= breakdown)))
            .ToArray();
        var streamFa = StreamFalseAccepts(tables, settings, ev, streams, streamLabels, streamPosteriors, breakdown);
        var m = new ModelEvaluation(scorer.Name, wake.Count, neg.Count, hours, points, fa, frr, negAccept, sw.Elapsed.TotalSeconds)
        {
            StreamFalseAcceptsByKind = streamFa.ByKind,
            StreamFalseAccepts = streamFa.Events,
            BreakdownThreshold = breakdown,
            WakeDetectionDelay = Delay(Enumerable.Range(0, clips.Count).Where(i => wakePosteriors[i] != null)
                .Select(i => DelayAfterSpeech(tables, settings, ev, wakePosteriors[i]!, speechEnd[i], breakdown))),
            OrdinaryStreamHours = anyLabels ? ordinaryHours : null,
            OrdinaryOperatingPoints = ordinaryPoints,
            OrdinaryFaPerHour = anyLabels ? ordinaryFa : null,
            ConfusableAcceptAtOrdinaryPoints = ordinaryPoints?.Select(p => p.Threshold is { } th && confusableMax.Count > 0
                ? confusableMax.Count(x => x >= th) / (double)confusableMax.Count : (double?)null).ToArray(),
            NegativeKinds = Groups(e => SourceKind(e.Source)).OrderBy(g => g.Name, StringComparer.Ordinal).ToArray(),
            WakeBySpeaker = clips.Select((e, i) => (e, max: clipMax[i])).Where(x => x.e.Label == DatasetLabels.Wake)
                .GroupBy(x => x.e.Speaker, StringComparer.Ordinal)
                .Select(g => new NegativeGroup(g.Key, g.Count(), g.Count(x => x.max >= breakdown)))
                .OrderBy(g => g.AcceptRate).ThenBy(g => g.Name, StringComparer.Ordinal).ToArray(),
            MostAccepted = Groups(e => e.Source.Trim()).Where(g => g.Accepted > 0)
                .OrderByDescending(g => g.AcceptRate).ThenByDescending(g => g.Clips).ThenBy(g => g.Name, StringComparer.Ordinal).Take(15).ToArray(),
        };
        foreach (var p in points)
            log?.Invoke(p.Threshold is { } th
                ? $"{scorer.Name}: FRR {p.FalseRejectRate:P2}{Interval(p)} at {p.FaPerHour:0.00} FA/h (target {p.TargetFaPerHour}, threshold {th} = p {p.ThresholdProbability:0.000})"
                : $"{scorer.Name}: no threshold reaches {p.TargetFaPerHour} FA/h");
        if (m.OrdinaryOperatingPoints is { } op)
            for (var k = 0; k < op.Length; k++)
                log?.Invoke(op[k].Threshold is { } th
                    ? $"{scorer.Name}: ordinary audio ({ordinaryHours:0.00} h with no planted confusable in view): FRR {op[k].FalseRejectRate:P2}{Interval(op[k])} at {op[k].FaPerHour:0.00} FA/h (target {op[k].TargetFaPerHour}, threshold {th}); confusable clips accepted there {m.ConfusableAcceptAtOrdinaryPoints![k]:P1}"
                    : $"{scorer.Name}: ordinary audio: no threshold reaches {op[k].TargetFaPerHour} FA/h");
        log?.Invoke($"{scorer.Name}: negatives accepted at threshold {breakdown}: " +
            string.Join(", ", m.NegativeKinds.Select(g => $"{g.Name} {g.Accepted}/{g.Clips}")));
        if (m.MostAccepted.Length > 0)
            log?.Invoke($"{scorer.Name}: most accepted: " + string.Join(", ", m.MostAccepted.Take(8).Select(g => $"'{g.Name}' {g.Accepted}/{g.Clips}")));
        if (streamFa.Events.Length > 0)
            log?.Invoke($"{scorer.Name}: stream false accepts at threshold {breakdown} by what was heard: " +
                string.Join(", ", streamFa.ByKind.Select(g => $"{g.Name} {g.Accepted}")) + "; e.g. " +
                string.Join(", ", streamFa.Events.Take(6).Select(e => $"'{e.Text}'")));
        if (m.WakeBySpeaker.Length > 0)
            log?.Invoke($"{scorer.Name}: wake accepted by voice (worst first): " +
                string.Join(", ", m.WakeBySpeaker.Take(10).Select(g => $"{g.Name} {g.Accepted}/{g.Clips}")));
        if (m.WakeDetectionDelay is { } delay)
            log?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{scorer.Name}: detection delay at threshold {breakdown} (end of speech to the detecting window's end, {delay.Clips} wake clips): median {delay.Median:0.00} s, 90th percentile {delay.P90:0.00} s, largest {delay.Max:0.00} s"));
        log?.Invoke($"{scorer.Name}: {wake.Count} wake clips, {neg.Count} negative clips, {hours:0.00} h of streams, {m.Seconds:0.0} s");
        return m;
    }

    /// <summary>" (95 % interval 80.1..89.3 %)" from the bootstrap, or nothing.</summary>
    private static string Interval(OperatingPoint p) => p is { FrrLow: { } lo, FrrHigh: { } hi }
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (95 % interval {lo * 100:0.0}..{hi * 100:0.0} %)") : "";

    /// <summary>A negative clip's kind: the source text before ':' ("confusable: hey noda" → "confusable"), else "other".</summary>
    internal static string SourceKind(string source)
    {
        var i = source.IndexOf(':');
        var k = i > 0 ? source[..i].Trim() : "";
        return k.Length is > 0 and <= 40 && k.All(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' or ' ') ? k : "other";
    }

    private static IReadOnlyList<StreamLabel>? ReadLabels(EvalRequest r, ManifestEntry stream)
    {
        var path = StreamLabels.PathFor(Path.Combine(r.DataDir, stream.Path));
        return File.Exists(path) ? StreamLabels.Read(path) : null;
    }

    /// <summary>
    /// Seconds from the end of frame <paramref name="speechEndFrame"/> (the last frame of speech) to the end of the newest
    /// window of the first detection at <paramref name="threshold"/>; null when the detector does not fire or no speech
    /// was found.
    /// </summary>
    internal static double? DelayAfterSpeech(FrontendTables tables, StreamingSettings settings, StreamingEvaluator ev,
        IReadOnlyList<sbyte> posteriors, int speechEndFrame, int threshold)
    {
        if (speechEndFrame < 0) return null;
        var first = ev.Detections(posteriors, threshold).Select(d => (int?)d.Index).FirstOrDefault();
        if (first is not { } index) return null;
        return HeardSpan(tables, settings, index).To - FrameEnd(tables.Config, speechEndFrame);
    }

    /// <summary>Seconds from the start of the audio to the end of front-end frame <paramref name="frame"/>.</summary>
    private static double FrameEnd(FrontendConfig c, long frame) => (frame * c.Hop + c.FrameLength) / ((double)c.InputRate / c.Decimation);

    /// <summary>Median, 90th percentile (nearest rank) and largest of the delays that are known; null when none is.</summary>
    internal static DetectionDelay? Delay(IEnumerable<double?> delays)
    {
        var d = delays.Where(x => x.HasValue).Select(x => x!.Value).Order().ToArray();
        if (d.Length == 0) return null;
        double Rank(double q) => d[Math.Clamp((int)Math.Ceiling(q * d.Length) - 1, 0, d.Length - 1)];
        return new DetectionDelay(d.Length, Math.Round(Rank(0.5), 3), Math.Round(Rank(0.9), 3), Math.Round(d[^1], 3));
    }

    /// <summary>
    /// The stream time (seconds) evaluation <paramref name="index"/> has heard through its smoothed windows: from the
    /// first frame of the oldest of the K windows behind the smoothed score to the end of the newest window.
    /// </summary>
    internal static (double From, double To) HeardSpan(FrontendTables tables, StreamingSettings settings, long index)
    {
        var c = tables.Config;
        var rate = (double)c.InputRate / c.Decimation;
        var firstFrame = (settings.WindowFrames + settings.InferEvery - 1) / settings.InferEvery * settings.InferEvery - 1;
        var frame = firstFrame + index * settings.InferEvery;
        var end = FrameEnd(c, frame);
        var start = (frame - settings.WindowFrames + 1 - (long)(settings.SmoothK - 1) * settings.InferEvery) * c.Hop / rate;
        return (Math.Max(0, start), end);
    }

    /// <summary>
    /// Replays the detector at <paramref name="threshold"/> on each stream's posteriors and names, from the stream's
    /// labels file when it has one, the utterance heard by the windows behind each detection.
    /// </summary>
    private static (StreamFalseAccept[] Events, NegativeGroup[] ByKind) StreamFalseAccepts(FrontendTables tables,
        StreamingSettings settings, StreamingEvaluator ev, List<ManifestEntry> streams, IReadOnlyList<StreamLabel>?[] streamLabels,
        List<sbyte>[] posteriors, int threshold)
    {
        var events = new List<StreamFalseAccept>();
        for (var i = 0; i < streams.Count; i++)
        {
            var labels = streamLabels[i];
            foreach (var (index, score) in ev.Detections(posteriors[i], threshold))
            {
                var (start, end) = HeardSpan(tables, settings, index);
                var heard = labels == null ? null : StreamLabels.Overlapping(labels, start, end);
                events.Add(new StreamFalseAccept(streams[i].Path, Math.Round(end, 2), score,
                    labels == null ? "unlabelled" : heard?.Kind ?? "silence", heard?.Text ?? ""));
            }
        }
        var byKind = events.GroupBy(e => e.Kind, StringComparer.Ordinal)
            .Select(g => new NegativeGroup(g.Key, g.Count(), g.Count()))
            .OrderByDescending(g => g.Accepted).ThenBy(g => g.Name, StringComparer.Ordinal).ToArray();
        return (events.ToArray(), byKind);
    }
}
