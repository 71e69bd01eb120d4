using WakeWord.Core;
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Model;

namespace WakeWord.Sim.Runtime;

/// <summary>
/// A firmware package as the simulator sees it: model.json, frontend.json and runtime.json, the same
/// files the package's C headers were generated from.
/// </summary>
public sealed record FirmwarePackage(string Dir, QuantizedModel Model, FrontendConfig Frontend, RuntimeConfig Runtime)
{
    public static FirmwarePackage Load(string dir)
    {
        if (!Directory.Exists(dir)) throw new WakeWordException($"{dir}: package folder not found");
        string Need(string name)
        {
            var p = Path.Combine(dir, name);
            if (!File.Exists(p)) throw new WakeWordException($"{p}: missing from the package (run wakeword generate)");
            return p;
        }
        var model = ModelJson.Load(Need(ModelJson.FileName));
        var fe = FrontendConfig.Load(Need("frontend.json"));
        var rt = RuntimeConfig.Load(Need("runtime.json"));
        return new FirmwarePackage(dir, model, fe, rt);
    }

    /// <summary>A fresh model runner (one arena, not shared).</summary>
    public IModelRunner CreateRunner() => new ModelExecutorRunner(Model);
}

/// <summary>The generated model's C# twin (<see cref="ModelExecutor"/>) behind the runtime's model interface.</summary>
public sealed class ModelExecutorRunner : IModelRunner
{
    private readonly ModelExecutor _exec;

    public ModelExecutorRunner(QuantizedModel model)
    {
        _exec = new ModelExecutor(model);
        Quantizer = new FeatureQuantizer(model.FeatureQuantizer, model.Rounding);
        var macs = new List<(string, long)>();
        var firstConv = true;
        for (var i = 0; i < model.Layers.Length; i++)
        {
            var l = model.Layers[i];
            var kind = l.Op switch
            {
                var op when op.StartsWith("conv", StringComparison.Ordinal) || op.StartsWith("depthwise", StringComparison.Ordinal) => firstConv && InputChannels(model, l) == 1 ? "conv_first" : "conv",
                var op when op.StartsWith("lstm", StringComparison.Ordinal) => "lstm",
                var op when op.StartsWith("fully_connected", StringComparison.Ordinal) => "fc",
                _ => "other",
            };
            if (kind.StartsWith("conv", StringComparison.Ordinal)) firstConv = false;
            macs.Add((kind, ModelStats.Macs(model, i)));
        }
        LayerMacs = macs;
    }

    private static int InputChannels(QuantizedModel m, Layer l)
    {
        var shape = m.Tensors[l.Inputs[0]].Shape;
        return shape.Length == 0 ? 0 : shape[^1];
    }

    public int InputFrames => _exec.InputFrames;
    public int InputFeatures => _exec.InputFeatures;
    public int NumClasses => _exec.NumClasses;
    public FeatureQuantizer Quantizer { get; }
    public IReadOnlyList<(string Kind, long Macs)> LayerMacs { get; }

    public int Invoke(ReadOnlySpan<sbyte> input, Span<sbyte> probs, LayerHook? hook) =>
        _exec.Invoke(input, probs, hook == null ? null : (layer, name, data) => hook(layer, name, data));
}
