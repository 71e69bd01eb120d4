using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using WakeWord.Codegen.Emission;
using WakeWord.Codegen.Import;
using WakeWord.Codegen.Package;
using WakeWord.Codegen.Planning;
using WakeWord.Codegen.Quantization;
using WakeWord.Core;
using WakeWord.Onnx;
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Model;
using WakeWord.Sim.Runtime;

namespace WakeWord.Codegen;

/// <summary>What <c>wakeword generate</c> was asked to do.</summary>
public sealed record GenerateRequest
{
    /// <summary>Float ONNX model; null = the shipped default (datasets/models/default/crnn.onnx).</summary>
    public string? ModelPath { get; init; }
    /// <summary>
    /// Calibration recordings (WAV); empty = the bundled recordings (<see cref="RepoPaths.SampleWavs"/>),
    /// or synthetic feature windows from the model's mean/std metadata when there are none or
    /// <see cref="SyntheticCalibration"/> is set.
    /// </summary>
    public IReadOnlyList<string> CalibrationWavs { get; init; } = [];
    /// <summary>Without <see cref="CalibrationWavs"/>: calibrate on synthetic windows even when the bundled recordings exist (--calib synthetic).</summary>
    public bool SyntheticCalibration { get; init; }
    /// <summary>One of <see cref="GenerateService.Targets"/>.</summary>
    public string Target { get; init; } = "host";
    public required string OutDir { get; init; }
    public CalibrationMethod Method { get; init; } = CalibrationMethod.MinMax;
    /// <summary>ONNX node names of layers to keep in int16.</summary>
    public IReadOnlySet<string> Int16Layers { get; init; } = ImmutableHashSet<string>.Empty;
    /// <summary>Quantize, simulate and build with CMSIS_NN_USE_SINGLE_ROUNDING.</summary>
    public bool SingleRounding { get; init; }
    /// <summary>The command line written into every generated file's preamble.</summary>
    public string CommandLine { get; init; } = "";
    /// <summary>
    /// Makes runtime.json and ww_runtime_config.h (the runtime's RuntimeConfig and RuntimeHeaderEmitter) for the
    /// given number of features per frame; null = no runtime config in the package.
    /// </summary>
    public Func<int, (string Json, string Header)>? RuntimeFiles { get; init; }
    /// <summary>Windows used when there are no calibration WAVs.</summary>
    public int SyntheticWindows { get; init; } = 64;
    /// <summary>Inference slices (--infer-slices): 1..Runtime.InferEvery, or null = auto (<see cref="SlicePlanner"/>).</summary>
    public int? InferSlices { get; init; }
    /// <summary>The runtime config the package is made for: its InferEvery caps the slices, its cost model estimates them.</summary>
    public RuntimeConfig Runtime { get; init; } = RuntimeConfig.Default;
}

/// <summary>What a generate run produced.</summary>
public sealed record GenerateResult(
    string OutDir,
    QuantizedModel Model,
    QuantizationReport Report,
    string PlanText,
    IReadOnlyDictionary<string, byte[]> Files,
    string CalibrationSource)
{
    /// <summary>The inference slices written into ww_model.c and the manifest.</summary>
    public SlicePlan Slices { get; init; } = SlicePlan.Single(Model.Layers.Length);
}

/// <summary>
/// <c>wakeword generate</c> as a library call: float ONNX → import + passes + calibration + quantization
/// (<see cref="Quantizer"/>) → memory plan (<see cref="ModelMemoryPlanner"/>)
/// and inference slices (<see cref="SlicePlanner"/>) → C from the Liquid templates
/// (<see cref="ModelEmitter"/>) → firmware package written atomically (<see cref="PackageWriter"/>).
/// </summary>
public static class GenerateService
{
    /// <summary>Targets a package can be generated for.</summary>
    public static readonly IReadOnlyList<string> Targets = ["host", "qemu-m4", "qemu-m7", "stm32h7-cm4", "stm32h7-cm7"];

    /// <summary>The shipped default model.</summary>
    public static string DefaultModelPath => Path.Combine(RepoPaths.Datasets, "models", "default", "crnn.onnx");

    /// <summary>The tool version written into generated files (assembly informational version).</summary>
    public static string ToolVersion =>
        typeof(GenerateService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static GenerateResult Run(GenerateRequest r, Action<string>? progress = null)
    {
        progress ??= _ => { };
        if (!Targets.Contains(r.Target))
            throw new WakeWordException($"--target {r.Target}: unknown target (one of {string.Join(", ", Targets)})");
        var modelPath = Path.GetFullPath(r.ModelPath ?? DefaultModelPath);
        if (!File.Exists(modelPath)) throw new WakeWordException($"{modelPath}: model not found");
        var source = Path.GetFileName(modelPath);
        var proto = OnnxImporter.ParseModel(File.ReadAllBytes(modelPath), source);
        var meta = proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        var frontend = meta.TryGetValue(CrnnMetadata.FrontendKey, out var feJson) && feJson.Trim().Length > 0
            ? FrontendConfig.FromJson(feJson, $"{source}: metadata wakeword.frontend")
            : FrontendConfig.Default;

        // Calibration and validation windows: every fifth window validates, the rest calibrate.
        List<short[]> windows;
        string calibSource;
        // Without --calib the bundled recordings calibrate: their speech and pauses give every layer, the window-mean
        // layer above all, the ranges streaming audio gives; synthetic windows, independent per coefficient, do not.
        var samples = r.CalibrationWavs.Count == 0 && !r.SyntheticCalibration ? RepoPaths.SampleWavs() : [];
        if (r.CalibrationWavs.Count > 0)
        {
            foreach (var w in r.CalibrationWavs)
                if (!File.Exists(w)) throw new WakeWordException($"{w}: calibration WAV not found");
            progress($"calibration: front end over {r.CalibrationWavs.Count} WAV files");
            windows = CalibrationData.FromWavs(r.CalibrationWavs, frontend);
            calibSource = $"{r.CalibrationWavs.Count} WAV files, {windows.Count} windows";
        }
        else if (samples.Count > 0)
        {
            progress($"calibration: no --calib: front end over the {samples.Count} bundled recordings in datasets/samples");
            windows = CalibrationData.FromWavs(samples, frontend);
            calibSource = $"no --calib: the {samples.Count} bundled recordings in datasets/samples, {windows.Count} windows";
        }
        else
        {
            var norm = FeatureNormalization.FromMetadata(meta, frontend.Features, source);
            windows = CalibrationData.Synthetic(norm, r.SyntheticWindows, seed: 1);
            calibSource = $"no --calib: {windows.Count} synthetic windows from the model's feature mean/std (seed 1)";
        }
        var calibration = windows.Where((_, i) => windows.Count < 5 || i % 5 != 4).ToList();
        var validation = windows.Where((_, i) => windows.Count < 5 || i % 5 == 4).ToList();

        progress($"quantizing {source} ({r.Method}, {(r.SingleRounding ? "single" : "double")} rounding)");
        var options = new QuantizerOptions
        {
            Method = r.Method,
            Int16Layers = r.Int16Layers,
            Rounding = r.SingleRounding ? RequantRounding.Single : RequantRounding.Double,
        };
        var (model, report) = Quantizer.Quantize(modelPath, calibration, validation, options);
        if (model.InputFeatures != frontend.Features)
            throw new WakeWordException($"{source}: the model takes {model.InputFeatures} features per frame, the front end makes {frontend.Features}");

        progress("planning the arena");
        var (plan, planner) = ModelMemoryPlanner.Plan(model);
        model = model with { Plan = plan };
        var planText = planner.Render();
        var slices = SlicePlanner.Plan(model, r.InferSlices, r.Runtime);
        progress($"inference in {slices.Count} slice(s): {slices.Reason}");

        var runtime = r.RuntimeFiles?.Invoke(frontend.Features);
        var includes = new List<string> { PackageWriter.FrontendHeaderFile };
        if (runtime != null) includes.Add(PackageWriter.RuntimeHeaderFile);
        var contents = new PackageContents
        {
            Model = model,
            Target = r.Target,
            Emit = new EmitOptions { ToolVersion = ToolVersion, CommandLine = r.CommandLine, ConfigIncludes = includes, Slices = slices },
            FrontendJson = frontend.ToJson(),
            FrontendHeader = FrontendHeaderEmitter.Emit(frontend),
            RuntimeJson = runtime?.Json,
            RuntimeHeader = runtime?.Header,
            PlanText = planText,
            QuantizationText = $"calibration: {calibSource}\n" + report.Render(),
        };
        progress($"writing {r.OutDir}");
        var files = PackageWriter.Write(r.OutDir, contents);
        return new GenerateResult(Path.GetFullPath(r.OutDir), model, report, planText, files, calibSource) { Slices = slices };
    }

    /// <summary>One-line summary: arena, lower bound, MACs, weights.</summary>
    public static string Summary(GenerateResult g)
    {
        var m = g.Model;
        return string.Format(CultureInfo.InvariantCulture,
            "{0}: {1} layers, {2:N0} MACs, {3:N0} bytes of weights, arena {4:N0} bytes (lower bound {5:N0}), {7} inference slice(s), top-1 agreement int8 vs float {6:F2} %",
            g.OutDir, m.Layers.Length, ModelStats.TotalMacs(m), ModelStats.TotalWeightBytes(m), m.Plan!.ArenaBytes, m.Plan.LowerBoundBytes,
            g.Report.Top1Agreement * 100, g.Slices.Count);
    }
}
