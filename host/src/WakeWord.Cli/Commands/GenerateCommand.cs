using System.CommandLine;
using System.CommandLine.Parsing;
using System.Collections.Immutable;
using WakeWord.Codegen;
using WakeWord.Codegen.Planning;
using WakeWord.Codegen.Quantization;
using WakeWord.Core;
using WakeWord.Datasets.Manifest;
using WakeWord.Sim.Runtime;

namespace WakeWord.Cli.Commands;

/// <summary>
/// <c>wakeword generate --model crnn.onnx --calib DIR|manifest.csv --target T --out fw/ [--infer-slices N|auto]</c>:
/// quantize the float model, plan the arena, split the layers into inference slices and write the firmware package (GenerateService does the work).
/// </summary>
public sealed class GenerateCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("generate", "Turn a float ONNX CRNN into an int8 firmware package (C sources, configs, manifest, report).");
        var model = new Option<FileInfo?>("--model") { Description = "Float ONNX model (default: datasets/models/default/crnn.onnx)." };
        var calib = new Option<string?>("--calib") { Description = "Calibration audio: a folder of WAVs or a dataset manifest.csv (default: the bundled recordings in datasets/samples); 'synthetic' = windows from the model's feature statistics." };
        var calibMax = new Option<int>("--calib-max") { Description = "Use at most this many calibration files (evenly spread).", DefaultValueFactory = _ => 200 };
        var target = new Option<string>("--target") { Description = "host, qemu-m4, qemu-m7, stm32h7-cm4 or stm32h7-cm7.", DefaultValueFactory = _ => "host" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Package folder to write (replaced atomically).", Required = true };
        var method = new Option<string>("--calib-method") { Description = "Range method: minmax, percentile or entropy.", DefaultValueFactory = _ => "minmax" };
        var int16 = new Option<string?>("--int16-layers") { Description = "Comma-separated ONNX node names to keep in int16." };
        var single = new Option<bool>("--single-rounding") { Description = "Quantize, simulate and build with CMSIS_NN_USE_SINGLE_ROUNDING." };
        var slices = new Option<string>("--infer-slices")
        {
            Description = "Spread one inference over N hops (1..inferEvery), one contiguous layer slice per hop, or auto: the fewest slices whose estimated worst hop fits 75 % of a 10 ms hop at 240 MHz.",
            DefaultValueFactory = _ => "auto",
        };
        var threshold = new Option<double?>("--threshold") { Description = "Detection threshold of the package's runtime, a probability 0..1 (default: the runtime's default)." };
        var thresholdFrom = new Option<FileInfo?>("--threshold-from")
        {
            Description = "Take the detector (threshold, smoothing, refractory) from a wakeword eval.json: the int8 model's lowest threshold within --threshold-fa.",
        };
        var thresholdFa = new Option<double>("--threshold-fa") { Description = "False accepts per hour for --threshold-from.", DefaultValueFactory = _ => 1 };
        var thresholdOrdinary = new Option<bool>("--threshold-ordinary") { Description = "With --threshold-from: budget over ordinary audio (planted confusables excluded) instead of all streams." };
        foreach (var o in new Option[] { model, calib, calibMax, target, output, method, int16, single, slices, threshold, thresholdFrom, thresholdFa, thresholdOrdinary })
            cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            var m = pr.GetValue(method)!.ToLowerInvariant() switch
            {
                "minmax" => CalibrationMethod.MinMax,
                "percentile" => CalibrationMethod.Percentile,
                "entropy" or "kl" => CalibrationMethod.Entropy,
                var other => throw new WakeWordException($"--calib-method {other}: expected minmax, percentile or entropy"),
            };
            var layers = (pr.GetValue(int16) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToImmutableHashSet(StringComparer.Ordinal);
            var calibPath = pr.GetValue(calib);
            var synthetic = calibPath == "synthetic";
            var wavs = calibPath == null || synthetic ? [] : ResolveCalibration(calibPath, pr.GetValue(calibMax));
            var runtime = RuntimeFor(pr.GetValue(threshold), pr.GetValue(thresholdFrom), pr.GetValue(thresholdFa), pr.GetValue(thresholdOrdinary),
                msg => ctx.Error.WriteLine("generate: " + msg));
            var request = new GenerateRequest
            {
                ModelPath = pr.GetValue(model)?.FullName,
                CalibrationWavs = wavs,
                SyntheticCalibration = synthetic,
                Target = pr.GetValue(target)!,
                OutDir = pr.GetValue(output)!.FullName,
                Method = m,
                Int16Layers = layers,
                SingleRounding = pr.GetValue(single),
                CommandLine = CommandLine(pr.Tokens.Where(t => t.Type != TokenType.Command).Select(t => t.Value)),
                RuntimeFiles = features => (runtime.ToJson(), RuntimeHeaderEmitter.Emit(runtime, features)),
                InferSlices = SlicePlanner.ParseOption(pr.GetValue(slices)!),
                Runtime = runtime,
            };
            var result = GenerateService.Run(request, msg => ctx.Error.WriteLine("generate: " + msg));
            ctx.Out.Write(result.Report.Render());
            ctx.Out.WriteLine(GenerateService.Summary(result));
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// The package's runtime config: the default, with the detection threshold given (--threshold) or the detector an
    /// evaluation measured (--threshold-from eval.json; its schedule must be the runtime's).
    /// </summary>
    internal static RuntimeConfig RuntimeFor(double? threshold, FileInfo? evalJson, double targetFa, bool ordinary, Action<string> log)
    {
        var d = RuntimeConfig.Default;
        if (threshold != null && evalJson != null) throw new WakeWordException("--threshold and --threshold-from: give one of them");
        if (threshold is { } p) return (d with { Threshold = p }).Validate("--threshold");
        if (evalJson == null) return d;
        var t = WakeWord.Training.Eval.EvalThreshold.FromReport(evalJson.FullName, targetFa, ordinary);
        if (t.InferEvery != d.InferEvery || t.WindowFrames != d.WindowFrames)
            throw new WakeWordException($"--threshold-from {evalJson.FullName}: evaluated with a {t.WindowFrames}-frame window every {t.InferEvery} frames; the runtime runs {d.WindowFrames} every {d.InferEvery}");
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        log(string.Create(inv, $"detector from {evalJson.Name}: threshold {t.ThresholdQ} (p = {t.Probability:0.000}), mean of {t.SmoothK}, refractory {t.Refractory}; ") +
            string.Create(inv, $"model '{t.Model}' measured {t.FaPerHour:0.00} FA/h{(t.OrdinaryAudio ? " of ordinary audio" : "")} and {t.FalseRejectRate:P2} false rejects there"));
        return (d with { Threshold = t.Probability, SmoothK = t.SmoothK, Refractory = t.Refractory }).Validate(evalJson.FullName);
    }

    /// <summary>The command line as the user would retype it, without machine-specific absolute paths of the repository.</summary>
    private static string CommandLine(IEnumerable<string> tokens)
    {
        var root = RepoPaths.Root.TrimEnd('/') + "/";
        return "wakeword generate " + string.Join(' ', tokens.Select(t => t.Replace(root, "", StringComparison.Ordinal)).Select(t => t.Contains(' ') ? $"\"{t}\"" : t));
    }

    /// <summary>
    /// The calibration WAVs named by --calib: a manifest.csv (its wake, speech and background rows, train split
    /// first), a folder holding a manifest.csv, or a folder of WAVs (recursive). At most <paramref name="max"/>
    /// files, evenly spread over the ordinal-sorted list so the choice is reproducible.
    /// </summary>
    public static IReadOnlyList<string> ResolveCalibration(string path, int max)
    {
        if (max < 1) throw new WakeWordException("--calib-max: must be at least 1");
        var full = Path.GetFullPath(path);
        List<string> files;
        var manifest = File.Exists(full) && full.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? full
            : Directory.Exists(full) && File.Exists(Path.Combine(full, DatasetManifest.FileName)) ? Path.Combine(full, DatasetManifest.FileName)
            : null;
        if (manifest != null)
        {
            var dir = Path.GetDirectoryName(manifest)!;
            var rows = DatasetManifest.Read(manifest)
                .Where(e => e.Label is DatasetLabels.Wake or DatasetLabels.Speech or DatasetLabels.Background)
                .OrderBy(e => e.Split == DatasetSplits.Train ? 0 : 1)
                .ThenBy(e => e.Path, StringComparer.Ordinal)
                .ToList();
            var train = rows.Where(e => e.Split == DatasetSplits.Train).ToList();
            files = (train.Count > 0 ? train : rows).Select(e => Path.Combine(dir, e.Path)).ToList();
        }
        else if (Directory.Exists(full))
        {
            files = Directory.EnumerateFiles(full, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        }
        else
        {
            throw new WakeWordException($"--calib {path}: not a folder of WAVs or a manifest.csv");
        }
        if (files.Count == 0) throw new WakeWordException($"--calib {path}: no calibration WAV files");
        if (files.Count <= max) return files;
        var picked = new List<string>(max);
        for (var i = 0; i < max; i++) picked.Add(files[(int)((long)i * files.Count / max)]);
        return picked;
    }
}
