using System.Text.Json;
using WakeWord.Core;
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Model;

namespace WakeWord.Sim.Runtime;

/// <summary>
/// A firmware package as the simulator sees it: model.json, frontend.json and runtime.json, the same
/// files the package's C headers were generated from, and the inference slices from manifest.json
/// (the layer schedule split over hops, <c>WW_MODEL_NUM_SLICES</c> in ww_model.h).
/// </summary>
public sealed record FirmwarePackage(string Dir, QuantizedModel Model, FrontendConfig Frontend, RuntimeConfig Runtime)
{
    /// <summary>First layer of each inference slice, ascending from 0 (one slice = [0]).</summary>
    public IReadOnlyList<int> SliceFirstLayers { get; init; } = [0];

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
        var slices = ReadSliceFirstLayers(dir, model.Layers.Length);
        if (slices.Count > rt.InferEvery)
            throw new WakeWordException($"{Path.Combine(dir, ManifestFile)}: slices: {slices.Count} inference slices but runtime.json inferEvery is {rt.InferEvery}");
        return new FirmwarePackage(dir, model, fe, rt) { SliceFirstLayers = slices };
    }

    public const string ManifestFile = "manifest.json";

    /// <summary>
    /// The "slices" array of manifest.json (each with "firstLayer" and "lastLayer"), checked to cover layers
    /// 0..layers-1 contiguously; [0] when the manifest has none (packages made before slicing).
    /// </summary>
    public static IReadOnlyList<int> ReadSliceFirstLayers(string dir, int layers)
    {
        var path = Path.Combine(dir, ManifestFile);
        if (!File.Exists(path)) return [0];
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new WakeWordException($"{path}: not valid JSON ({e.Message})", e);
        }
        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("slices", out var arr)) return [0];
            if (arr.ValueKind != JsonValueKind.Array || arr.GetArrayLength() == 0)
                throw new WakeWordException($"{path}: slices must be a non-empty array");
            var firsts = new List<int>();
            var next = 0;
            foreach (var s in arr.EnumerateArray())
            {
                if (s.ValueKind != JsonValueKind.Object
                    || !s.TryGetProperty("firstLayer", out var f) || f.ValueKind != JsonValueKind.Number || !f.TryGetInt32(out var first)
                    || !s.TryGetProperty("lastLayer", out var l) || l.ValueKind != JsonValueKind.Number || !l.TryGetInt32(out var last))
                    throw new WakeWordException($"{path}: slices[{firsts.Count}] needs integer firstLayer and lastLayer");
                if (first != next || last < first || last >= layers)
                    throw new WakeWordException($"{path}: slices[{firsts.Count}] covers layers {first}..{last}; expected to start at {next} and end before {layers}");
                firsts.Add(first);
                next = last + 1;
            }
            if (next != layers) throw new WakeWordException($"{path}: slices end at layer {next - 1}, the model has {layers} layers");
            return firsts;
        }
    }

    /// <summary>A fresh model runner (one arena, not shared), sliced as the package's ww_model.c.</summary>
    public IModelRunner CreateRunner() => new ModelExecutorRunner(Model, SliceFirstLayers);
}

/// <summary>The generated model's C# twin (<see cref="ModelExecutor"/>) behind the runtime's model interface.</summary>
public sealed class ModelExecutorRunner : IModelRunner
{
    private readonly ModelExecutor _exec;
    private readonly int[] _sliceFirst;

    /// <param name="model">The quantized model with its plan.</param>
    /// <param name="sliceFirstLayers">First layer of each slice (ww_model_invoke_slice); null = one slice.</param>
    public ModelExecutorRunner(QuantizedModel model, IReadOnlyList<int>? sliceFirstLayers = null)
    {
        _exec = new ModelExecutor(model);
        Quantizer = new FeatureQuantizer(model.FeatureQuantizer, model.Rounding);
        LayerWork = Work(model);
        _sliceFirst = sliceFirstLayers is { Count: > 0 } s ? [.. s] : [0];
        for (var k = 0; k < _sliceFirst.Length; k++)
            if ((k == 0 && _sliceFirst[k] != 0) || (k > 0 && _sliceFirst[k] <= _sliceFirst[k - 1]) || _sliceFirst[k] >= Math.Max(1, model.Layers.Length))
                throw new WakeWordException($"inference slices: first layers {string.Join(",", _sliceFirst)} must rise from 0 within {model.Layers.Length} layers");
    }

    /// <summary>
    /// The cost model's kind and units of work of each layer (<see cref="CostModel.CyclesPerUnit"/>): "conv_first"
    /// (a convolution with one input channel), "conv", "lstm", "fc" count MACs; "subtract_mean" its input
    /// elements; "copy" (time reverse, select step, concat) its output bytes; "softmax" its elements; "other"
    /// (views, requantize, pooling) counts 0. Shared by the simulator's estimate and the slice planner.
    /// </summary>
    public static (string Kind, long Units)[] Work(QuantizedModel model)
    {
        var work = new (string, long)[model.Layers.Length];
        for (var i = 0; i < model.Layers.Length; i++)
        {
            var l = model.Layers[i];
            var output = model.Tensors[l.Output];
            work[i] = l switch
            {
                ConvLayerBase => (InputChannels(model, l) == 1 ? "conv_first" : "conv", ModelStats.Macs(model, i)),
                LstmUnidirectionalLayer => ("lstm", ModelStats.Macs(model, i)),
                FullyConnectedLayer or FullyConnectedS16Layer => ("fc", ModelStats.Macs(model, i)),
                SubtractMeanLayer => ("subtract_mean", model.Tensors[l.Inputs[0]].Elements),
                TimeReverseLayer or SelectStepLayer or ConcatLayer => ("copy", output.Bytes),
                SoftmaxLayer => ("softmax", output.Elements),
                _ => ("other", 0L),
            };
        }
        return work;
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
    public IReadOnlyList<(string Kind, long Units)> LayerWork { get; }
    public IReadOnlyList<int> SliceFirstLayers => _sliceFirst;

    public int Invoke(ReadOnlySpan<sbyte> input, Span<sbyte> probs, LayerHook? hook) =>
        _exec.Invoke(input, probs, hook == null ? null : (layer, name, data) => hook(layer, name, data));

    public int InvokeSlice(int slice, ReadOnlySpan<sbyte> input, Span<sbyte> probs, LayerHook? hook)
    {
        if (slice < 0 || slice >= _sliceFirst.Length) return IModelRunner.ErrSlice;
        if (slice == 0)
        {
            if (input.Length != InputFrames * InputFeatures)
                throw new WakeWordException($"model input must have {InputFrames}x{InputFeatures} values, got {input.Length}");
            input.CopyTo(_exec.Input);
        }
        var end = slice + 1 < _sliceFirst.Length ? _sliceFirst[slice + 1] : _exec.Model.Layers.Length;
        return _exec.InvokeLayers(_sliceFirst[slice], end, probs, hook == null ? null : (layer, name, data) => hook(layer, name, data));
    }
}
