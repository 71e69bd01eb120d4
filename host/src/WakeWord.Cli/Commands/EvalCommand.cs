using System.CommandLine;
using System.Globalization;
using WakeWord.Training.Eval;

namespace WakeWord.Cli.Commands;

/// <summary><c>wakeword eval</c>: streaming false-reject / false-accept evaluation, float and int8 (docs/training.md).</summary>
public sealed class EvalCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var d = new StreamingSettings();
        var cmd = new Command("eval", "Stream a dataset split through the float model (and the int8 simulator with --package); report FRR at 0.5/1/2 false accepts per hour.");
        var model = new Option<FileInfo>("--model") { Description = "Float ONNX model (crnn.onnx).", Required = true };
        var data = new Option<DirectoryInfo>("--data") { Description = "Dataset folder with manifest.csv.", Required = true };
        var package = new Option<DirectoryInfo?>("--package") { Description = "Package from wakeword generate: also evaluate its int8 model in the simulator." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where eval.json and det.png go (default: the model's folder)." };
        var split = new Option<string>("--split") { Description = "Dataset split to evaluate.", DefaultValueFactory = _ => "test" };
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => 1 };
        var smooth = new Option<int>("--smooth") { Description = "Posteriors averaged by the detector.", DefaultValueFactory = _ => d.SmoothK };
        var inferEvery = new Option<int>("--infer-every") { Description = "Frames between evaluations (the runtime's inferEvery: 10 = every 100 ms).", DefaultValueFactory = _ => d.InferEvery };
        var refractory = new Option<int>("--refractory") { Description = "Evaluations ignored after a detection.", DefaultValueFactory = _ => d.Refractory };
        var breakdown = new Option<int?>("--breakdown-threshold") { Description = "int8 threshold (-128..127) of the per-kind and per-voice breakdown (default: the 1 FA/h threshold)." };
        var gate = new Option<bool>("--gate") { Description = "Replay the device's energy gate (the runtime's defaults): an evaluation whose window holds no frame above the adaptive noise floor scores 0 without running the model, as on the device." };
        var floatOnly = new Option<bool>("--float-only") { Description = "Evaluate the float model alone (no int8 model quantized here; not with --package)." };
        var posteriors = new Option<bool>("--posteriors") { Description = "Also write each model's raw wake posteriors (every clip and stream, before smoothing) to posteriors-MODEL.json, to replay other detectors offline." };
        var ensemble = new Option<FileInfo[]>("--ensemble") { Description = "Also evaluate these float models as one detector, the mean of their wake probabilities (repeatable; e.g. a student's teachers: what distillation could reach)." };
        foreach (var o in new Option[] { model, data, package, output, split, threads, smooth, inferEvery, refractory, breakdown, gate, floatOnly, ensemble, posteriors }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            if (pr.GetValue(threads) < 1) throw new Core.WakeWordException("--threads: must be at least 1");
            if (pr.GetValue(smooth) < 1) throw new Core.WakeWordException("--smooth: must be at least 1");
            if (pr.GetValue(inferEvery) is < 1 or > 1000) throw new Core.WakeWordException("--infer-every: must be 1..1000");
            if (pr.GetValue(refractory) < 0) throw new Core.WakeWordException("--refractory: must not be negative");
            if (pr.GetValue(floatOnly) && pr.GetValue(package) != null) throw new Core.WakeWordException("--float-only: not with --package (the package is an int8 model)");
            var req = new EvalRequest(pr.GetValue(model)!.FullName, pr.GetValue(data)!.FullName, pr.GetValue(package)?.FullName,
                pr.GetValue(output)?.FullName, d with
                {
                    SmoothK = pr.GetValue(smooth), InferEvery = pr.GetValue(inferEvery), Refractory = pr.GetValue(refractory),
                    Gate = pr.GetValue(gate) ? Sim.Runtime.RuntimeConfig.Default.Gate : null,
                },
                pr.GetValue(threads), pr.GetValue(split)!)
            {
                FloatOnly = pr.GetValue(floatOnly),
                DumpPosteriors = pr.GetValue(posteriors),
                Ensemble = (pr.GetValue(ensemble) ?? []).Select(f => f.FullName).ToArray(),
                BreakdownThreshold = pr.GetValue(breakdown) is { } b
                    ? (b is >= -128 and <= 127 ? b : throw new Core.WakeWordException($"--breakdown-threshold: {b} is outside -128..127"))
                    : null,
            };
            var report = EvalPipeline.Run(req, line => ctx.Out.WriteLine(line));
            var inv = CultureInfo.InvariantCulture;
            foreach (var m in report.Models)
            {
                var one = m.OperatingPoints.First(p => p.TargetFaPerHour == 1);
                var thr = one.Threshold is { } t ? string.Create(inv, $"; threshold for 1 FA/h: {t} (p = {one.ThresholdProbability:0.000})") : "";
                ctx.Out.WriteLine($"{m.Name}: FRR at 0.5/1/2 FA/h = {m.FrrSummary()}{thr}");
                if (m.OrdinaryStreamHours is { } oh)
                    ctx.Out.WriteLine(string.Create(inv, $"{m.Name}: FRR at 0.5/1/2 FA/h of ordinary audio ({oh:0.00} h, planted confusables excluded) = {m.OrdinaryFrrSummary()}"));
                if (one.FrrLow is { } lo && one.FrrHigh is { } hi)
                {
                    var ord = m.OrdinaryOperatingPoints?.FirstOrDefault(p => p.TargetFaPerHour == 1) is { FrrLow: { } olo, FrrHigh: { } ohi }
                        ? string.Create(inv, $", ordinary audio {olo * 100:0.0}..{ohi * 100:0.0} %") : "";
                    ctx.Out.WriteLine(string.Create(inv,
                        $"{m.Name}: 95 % bootstrap interval of the FRR at 1 FA/h (streams and wake clips redrawn): all streams {lo * 100:0.0}..{hi * 100:0.0} %{ord}"));
                }
            }
            return 0;
        });
        return cmd;
    }
}
