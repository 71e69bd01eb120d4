using System.Globalization;
using System.Text.RegularExpressions;
using WakeWord.Core;
using WakeWord.Sim.Model;

namespace WakeWord.Sim.Runtime.Targets;

/// <summary>One layer of a <see cref="ModelProfile"/>: what QEMU counted against what the cost model estimates.</summary>
/// <param name="Kind">The cost model's kind (<see cref="ModelExecutorRunner.Work"/>).</param>
/// <param name="Units">Units of work of that kind (MACs, elements or bytes).</param>
/// <param name="Instructions">The most instructions one inference spent in the layer (hook excluded).</param>
/// <param name="Estimated">The package's cost model for the layer (<see cref="CostModel.LayerCycles"/>).</param>
public sealed record LayerProfile(int Index, string Name, string Op, string Kind, long Units, long Instructions, double Estimated);

/// <summary>
/// Instructions per layer of a package's model on one QEMU core, from <c>ww_qemu_profile</c>
/// (firmware/boards/common-qemu/profile): seeded random windows, each inference run slice by slice, each layer
/// counted from the previous layer's hook to its own. Set against the package's cost model, it shows where the
/// estimates of the slice planner and the simulator stand.
/// </summary>
public sealed partial record ModelProfile(string Target, IReadOnlyList<LayerProfile> Layers, long MaxInferenceInstructions, int Runs)
{
    public const int DefaultRuns = 4;

    public long LayerInstructions => Layers.Sum(l => l.Instructions);

    public double EstimatedInstructions => Layers.Sum(l => l.Estimated);

    /// <summary>Builds and runs <c>ww_qemu_profile</c> in <paramref name="build"/> (configured for <paramref name="qemu"/> and the package).</summary>
    public static ModelProfile Measure(TargetDefinition qemu, TargetBuild build, string packageDir, int runs = DefaultRuns)
    {
        var model = ModelJson.Load(Path.Combine(packageDir, ModelJson.FileName));
        var runtimeJson = Path.Combine(packageDir, "runtime.json");
        var cost = File.Exists(runtimeJson) ? RuntimeConfig.Load(runtimeJson).Cost : RuntimeConfig.Default.Cost;
        build.Build("ww_qemu_profile");
        var r = new QemuRunner(qemu).Run(build.Program("ww_qemu_profile").Executable, ["--runs", runs.ToString(CultureInfo.InvariantCulture)]);
        if (r.ExitCode != 0)
            throw new WakeWordException($"ww_qemu_profile on {qemu.Name} failed with exit code {r.ExitCode}: {(r.StdOut + r.StdErr).Trim()}");
        return FromOutput(qemu.Name, r.StdOut, model, cost);
    }

    /// <summary>Reads ww_qemu_profile's output: one "layer index=I max=N total=T" line per layer of <paramref name="model"/>.</summary>
    public static ModelProfile FromOutput(string target, string output, QuantizedModel model, CostModel cost)
    {
        var max = new long?[model.Layers.Length];
        foreach (Match m in LayerLine().Matches(output))
        {
            var i = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (i < 0 || i >= max.Length)
                throw new WakeWordException($"ww_qemu_profile on {target}: layer {i} outside the model's {max.Length} layers (a package built for another model?)");
            max[i] = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        }
        var missing = Array.FindIndex(max, v => v is null);
        if (missing >= 0) throw new WakeWordException($"ww_qemu_profile on {target} printed no count for layer {missing} ({model.Layers[missing].Name})");
        var counters = QemuRunner.ParseCounters(output);
        if (!counters.TryGetValue("max_inference_instructions", out var inference) || !counters.TryGetValue("runs", out var runs))
            throw new WakeWordException($"ww_qemu_profile on {target} printed no max_inference_instructions= or runs=");
        var work = ModelExecutorRunner.Work(model);
        var layers = new List<LayerProfile>();
        for (var i = 0; i < max.Length; i++)
            layers.Add(new LayerProfile(i, model.Layers[i].Name, model.Layers[i].Op, work[i].Kind, work[i].Units, max[i]!.Value,
                cost.LayerCycles(work[i].Kind, work[i].Units)));
        return new ModelProfile(target, layers, (long)inference, (int)runs);
    }

    [GeneratedRegex(@"^layer index=([0-9]+) max=([0-9]+) total=[0-9]+\s*$", RegexOptions.Multiline)]
    private static partial Regex LayerLine();
}
