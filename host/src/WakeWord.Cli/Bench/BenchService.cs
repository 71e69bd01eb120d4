using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WakeWord.Cli.Commands;
using WakeWord.Core;
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Kernels.Bench;
using WakeWord.Sim.Kernels.Native;
using WakeWord.Sim.Reference;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Build;
using WakeWord.Sim.Runtime.Targets;
using WakeWord.Sim.Runtime.Trace;
using WakeWord.Training.Eval;

namespace WakeWord.Cli.Bench;

/// <summary>One measured figure and what it was compared with in the same run. Value null = not measured (Note says why).</summary>
public sealed record BenchFigure(string Group, string Metric, double? Value, string Unit, string Comparison, string Note);

/// <summary>Everything one <c>wakeword bench</c> run measured.</summary>
public sealed record BenchReport(string Package, string Tool, DateTime StartedUtc, double Seconds, bool Quick, IReadOnlyList<BenchFigure> Figures);

/// <summary>What to measure.</summary>
/// <param name="Package">Existing package folder; null generates the default model's package.</param>
/// <param name="Data">Dataset folder for the float vs int8 false-reject figures; null = not measured.</param>
/// <param name="Quick">Shorter audio and timing windows (a smoke run, a few minutes).</param>
public sealed record BenchRequest(string? Package, string? Data, bool Quick, string WorkDir);

/// <summary>
/// <c>wakeword bench</c>: the product's figures from one run, each next to what it is compared with, measured in
/// that same run. It calls the services behind the other commands: the simulator and the host firmware
/// (bench-runtime), <see cref="KernelBench"/> (bench-kernels), <see cref="BoardReport"/> (report: QEMU M4/M7
/// instruction counts, arm-none-eabi-size of the STM32H7 images), <see cref="FrontendAccuracy"/> (bench-frontend)
/// and <see cref="EvalPipeline"/> (eval).
/// </summary>
public static class BenchService
{
    /// <summary>SMLAD does two 16x16 MACs per instruction: the best a Cortex-M4/M7 can do without MVE.</summary>
    public const double MacsPerInstructionBound = 2.0;

    public static BenchReport Run(BenchRequest r, Action<string> progress)
    {
        var inv = CultureInfo.InvariantCulture;
        var started = DateTime.UtcNow;
        var sw = Stopwatch.StartNew();
        var figures = new List<BenchFigure>();
        Directory.CreateDirectory(r.WorkDir);
        var pkg = BenchPackage.Ensure(r.Package, Path.Combine(r.WorkDir, "package"), progress);
        var package = FirmwarePackage.Load(pkg);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(pkg, "manifest.json")));
        var modelMacs = manifest.RootElement.GetProperty("model").GetProperty("macs").GetInt64();

        // 1. Simulator vs native C host firmware on the same audio, traces compared.
        var minutes = r.Quick ? 1.0 : 10.0;
        progress($"runtime: {minutes.ToString(inv)} min of audio through the host firmware and the simulator");
        var pcm = BenchRuntimeCommand.LongRecording(minutes);
        var pcmPath = Path.Combine(r.WorkDir, "speed.pcm");
        WritePcm(pcmPath, pcm);
        var host = new HostTarget();
        var exe = host.Build(pkg, Path.Combine(r.WorkDir, "build-host"));
        var audioS = pcm.Length / 48000.0;
        var fwTrace = Path.Combine(r.WorkDir, "speed.host.trace");
        var simTrace = Path.Combine(r.WorkDir, "speed.sim.trace");
        var t0 = Stopwatch.StartNew();
        host.Run(exe, pcmPath, fwTrace, new FirmwareRunOptions(TraceFlags: (int)TraceFlags.Decisions));
        var fwS = t0.Elapsed.TotalSeconds;
        Simulator.Run(package, pcm.AsSpan(0, Math.Min(pcm.Length, 48000 * 5)).ToArray()); // JIT warm-up
        t0.Restart();
        SimulationResult sim;
        using (var fs = File.Create(simTrace))
            sim = Simulator.Run(package, pcm, new SimulateOptions(Trace: fs, TraceFlags: TraceFlags.Decisions));
        var simS = t0.Elapsed.TotalSeconds;
        var diff = TraceComparer.CompareFiles(simTrace, fwTrace);
        figures.Add(new("speed", "simulator speed", audioS / simS, "x real time",
            string.Create(inv, $"native C host firmware {audioS / fwS:F0}x real time; simulator/native time = {simS / fwS:F2}"),
            string.Create(inv, $"{audioS:F0} s of audio, {sim.Stats.Inferences} inferences; traces {(diff.Equal ? "identical" : "DIFFER: " + diff.Description)}")));

        // 2. Kernels: C# vs native C MAC/s on the default CRNN's layers.
        var shape = ModelKernelShape.Default();
        progress($"kernels: C# vs native C on the default model's layers ({shape.Source}: {shape.Describe()})");
        var rows = KernelBench.Run(shape, r.Quick ? 150 : 500, NativeHarness.CmsisNnRootFromEnvironment());
        double csNs = 0, nNs = 0;
        long kMacs = 0;
        var exact = true;
        foreach (var row in rows)
        {
            csNs += row.CSharpNsPerCall;
            nNs += row.NativeNsPerCall;
            kMacs += row.Macs;
            exact &= row.Exact;
        }
        figures.Add(new("kernels", "C# kernels", kMacs / csNs * 1e3, "MMAC/s",
            string.Create(inv, $"native C {kMacs / nNs * 1e3:F0} MMAC/s; C#/C = {nNs / csNs:F2}"),
            string.Create(inv, $"{rows.Count} layers of {shape.Source}, {kMacs:N0} MACs per inference; outputs {(exact ? "identical" : "DIFFER")}")));

        // 3. QEMU instruction counts and image sizes (the report service).
        progress("boards: QEMU M4/M7 instruction counts and STM32H7 image sizes");
        var wav = Path.Combine(RepoPaths.Datasets, "samples", "mixed.wav");
        var board = BoardReport.Measure(pkg, wav, Path.Combine(r.WorkDir, "report"), progress: m => progress("  " + m));
        var layerMacs = board.Layers.Sum(l => l.Macs);
        foreach (var b in board.Boards)
        {
            var m = b.Measured;
            var perMac = (double)m.MaxInferenceInstructions / layerMacs;
            figures.Add(new("cortex-m", $"{m.Target} instructions per inference", m.MaxInferenceInstructions, "instructions",
                string.Create(inv, $"bound {layerMacs / MacsPerInstructionBound:N0} (2 MACs/instruction, SMLAD)"),
                string.Create(inv, $"{perMac:F2} instructions per MAC = {perMac * MacsPerInstructionBound:F1}x the bound; {layerMacs:N0} MACs")));
        }
        foreach (var b in board.Boards)
        {
            figures.Add(new("memory", $"{b.Board.Name} RAM", b.Memory.RamBytes, "bytes", "", "arm-none-eabi-size, allocated RAM sections of the app image"));
            figures.Add(new("memory", $"{b.Board.Name} flash", b.Memory.FlashBytes, "bytes", "", "arm-none-eabi-size, flash sections of the app image"));
        }
        var arena = manifest.RootElement.GetProperty("arena");
        var arenaBytes = arena.GetProperty("bytes").GetInt64();
        var lower = arena.GetProperty("lowerBoundBytes").GetInt64();
        figures.Add(new("memory", "tensor arena", arenaBytes, "bytes", string.Create(inv, $"planner lower bound {lower:N0} bytes"),
            string.Create(inv, $"{(double)arenaBytes / lower:F3}x the bound; {modelMacs:N0} MACs in the model")));

        // 4. Front end: SNR against the double reference on espeak-ng speech.
        progress("front end: SNR vs the double reference on espeak-ng speech");
        var tables = new FrontendTables(package.Frontend);
        var speech = FrontendBenchmark.Speech();
        if (r.Quick) speech = speech.Take(3).ToList();
        foreach (var level in new[] { 0.0, -20, -40 })
        {
            var acc = new FrontendAccuracy.SnrAccumulator(package.Frontend.Features);
            foreach (var s in speech) acc.Add(tables, FrontendBenchmark.AtPeakLevel(s, level));
            var snr = acc.Snr();
            figures.Add(new("front end", string.Create(inv, $"feature SNR at {level:F0} dBFS peak (worst coefficient)"), snr.Min(), "dB",
                string.Create(inv, $"mean over coefficients {snr.Average():F1} dB"), $"{speech.Count} espeak-ng recordings vs the double reference"));
        }

        // 5. Accuracy: float vs int8 at 1 false accept per hour (eval service) when a dataset is given.
        if (r.Data == null)
        {
            figures.Add(new("accuracy", "false rejects at 1 FA/h, int8", null, "%", "float: not measured", "not measured: no --data"));
        }
        else
        {
            progress($"accuracy: eval on {r.Data}");
            var onnx = manifest.RootElement.GetProperty("model").GetProperty("source").GetString();
            var modelPath = WakeWord.Codegen.GenerateService.DefaultModelPath;
            var rep = EvalPipeline.Run(new EvalRequest(modelPath, Path.GetFullPath(r.Data), pkg, Path.Combine(r.WorkDir, "eval")), line => progress("  " + line));
            double? Frr(ModelEvaluation m) => m.OperatingPoints.First(p => p.TargetFaPerHour == 1).FalseRejectRate * 100;
            var fl = rep.Models.FirstOrDefault(m => m.Name == "float");
            var q = rep.Models.FirstOrDefault(m => m.Name == "int8") ?? throw new WakeWordException("eval: no int8 result");
            figures.Add(new("accuracy", "false rejects at 1 FA/h, int8", Frr(q), "%",
                fl == null ? "float: not evaluated" : $"float {Frr(fl)?.ToString("F2", inv) ?? "n/a (1 FA/h not reached)"} %",
                string.Create(inv, $"{q.WakeClips} wake clips, {q.StreamHours:F2} h of negatives; model {onnx}")));
            double? OrdFrr(ModelEvaluation m) => m.OrdinaryOperatingPoints?.First(p => p.TargetFaPerHour == 1).FalseRejectRate * 100;
            if (q.OrdinaryStreamHours is { } oh)
                figures.Add(new("accuracy", "false rejects at 1 FA/h of ordinary audio, int8", OrdFrr(q), "%",
                    fl == null ? "float: not evaluated" : $"float {OrdFrr(fl)?.ToString("F2", inv) ?? "n/a (1 FA/h not reached)"} %",
                    string.Create(inv, $"{oh:F2} h of the streams with no planted confusable phrase in view")));
        }
        return new BenchReport(pkg, WakeWord.Codegen.GenerateService.ToolVersion, started, sw.Elapsed.TotalSeconds, r.Quick, figures);
    }

    public static string FormatValue(BenchFigure f)
    {
        var inv = CultureInfo.InvariantCulture;
        if (f.Value is not { } v) return "not measured";
        var num = f.Unit switch
        {
            "bytes" or "instructions" => v.ToString("N0", inv),
            "x real time" => v.ToString("F0", inv),
            _ => v.ToString("F1", inv),
        };
        return $"{num} {f.Unit}";
    }

    public static string ToJson(BenchReport report) =>
        JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });

    internal static void WritePcm(string path, short[] pcm)
    {
        var bytes = new byte[pcm.Length * 2];
        Buffer.BlockCopy(pcm, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }
}
