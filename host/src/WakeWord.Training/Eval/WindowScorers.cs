using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using WakeWord.Core;
using WakeWord.Onnx;
using WakeWord.Sim.Model;
using WakeWord.Sim.Runtime;
using RuntimeQuantizer = WakeWord.Sim.Runtime.FeatureQuantizer;

namespace WakeWord.Training.Eval;

/// <summary>Turns one window of int16 front-end features [frames][features] into the int8 wake posterior.</summary>
internal interface IWindowScorer
{
    string Name { get; }
    sbyte WakePosterior(ReadOnlySpan<short> window);
}

/// <summary>
/// The float ONNX model through ONNX Runtime: features normalized with the model's mean/std metadata, the wake
/// probability mapped to the int8 posterior scale the detector uses (q = round(p * 256) - 128).
/// Thread-safe (ONNX Runtime sessions allow concurrent Run calls).
/// </summary>
internal sealed class OnnxFloatScorer : IWindowScorer, IDisposable
{
    private readonly InferenceSession _session;
    private readonly float[] _mean;
    private readonly float[] _std;
    private readonly int _frames;
    private readonly string _input;
    private readonly string _output;

    public OnnxFloatScorer(string modelPath, CrnnMetadata meta, int frames)
    {
        if (!File.Exists(modelPath)) throw new WakeWordException($"--model {modelPath}: file not found");
        var so = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        try
        {
            _session = new InferenceSession(modelPath, so);
        }
        catch (OnnxRuntimeException e)
        {
            throw new WakeWordException($"{modelPath}: ONNX Runtime cannot load the model ({e.Message.Split('\n')[0]})");
        }
        _mean = meta.FeatureMean.ToArray();
        _std = meta.FeatureStd.ToArray();
        _frames = frames;
        _input = _session.InputMetadata.Keys.First();
        _output = _session.OutputMetadata.ContainsKey(CrnnOnnxBuilder.OutputName) ? CrnnOnnxBuilder.OutputName : _session.OutputMetadata.Keys.Last();
    }

    public string Name => "float";

    public sbyte WakePosterior(ReadOnlySpan<short> window) => (sbyte)RuntimeConfig.ProbabilityToInt8(WakeProbability(window));

    /// <summary>The float model's wake-class probability for one window.</summary>
    public float WakeProbability(ReadOnlySpan<short> window)
    {
        var nf = _mean.Length;
        var x = new float[_frames * nf];
        for (var i = 0; i < x.Length; i++) x[i] = (window[i] - _mean[i % nf]) / _std[i % nf];
        var t = new DenseTensor<float>(x, [1, 1, _frames, nf]);
        using var r = _session.Run([NamedOnnxValue.CreateFromTensor(_input, t)], [_output]);
        return r.First().AsEnumerable<float>().First();
    }

    public void Dispose() => _session.Dispose();
}

/// <summary>
/// Several float models as one detector: the mean of their wake probabilities, mapped to the int8 posterior scale.
/// Each member keeps its own normalization (its model's mean/std metadata); all share the evaluated front end.
/// What an ensemble of teachers gives in streaming is what distilling it into one model can hope for.
/// </summary>
internal sealed class EnsembleFloatScorer(IReadOnlyList<OnnxFloatScorer> members) : IWindowScorer, IDisposable
{
    public string Name => $"ensemble of {members.Count}";

    public sbyte WakePosterior(ReadOnlySpan<short> window)
    {
        var sum = 0.0;
        foreach (var m in members) sum += m.WakeProbability(window);
        return (sbyte)RuntimeConfig.ProbabilityToInt8(sum / members.Count);
    }

    public void Dispose()
    {
        foreach (var m in members) m.Dispose();
    }
}

/// <summary>
/// The int8 model of a generated package through the bit-exact simulator: the package's feature quantizer
/// (<see cref="RuntimeQuantizer"/>), then <see cref="ModelExecutor.Invoke"/>; the wake class's int8 probability is the
/// posterior. One executor per thread (an executor owns one arena).
/// </summary>
internal sealed class Int8Scorer : IWindowScorer
{
    private readonly QuantizedModel _model;
    private readonly RuntimeQuantizer _quantizer;
    private readonly ThreadLocal<(ModelExecutor Exec, sbyte[] Input, sbyte[] Probs)> _local;

    public Int8Scorer(QuantizedModel model)
    {
        _model = model;
        _quantizer = new RuntimeQuantizer(model.FeatureQuantizer, model.Rounding);
        _local = new ThreadLocal<(ModelExecutor, sbyte[], sbyte[])>(() =>
            (new ModelExecutor(_model), new sbyte[_model.InputFrames * _model.InputFeatures], new sbyte[_model.ClassNames.Length]));
    }

    public string Name => "int8";

    public static Int8Scorer FromPackage(string packageDir)
    {
        var path = Path.Combine(packageDir, ModelJson.FileName);
        if (!File.Exists(path)) throw new WakeWordException($"--package {packageDir}: {ModelJson.FileName} not found (run wakeword generate)");
        return new Int8Scorer(ModelJson.Load(path));
    }

    public sbyte WakePosterior(ReadOnlySpan<short> window)
    {
        var (exec, input, probs) = _local.Value;
        var nf = _model.InputFeatures;
        for (var f = 0; f < _model.InputFrames; f++)
            _quantizer.Quantize(window.Slice(f * nf, nf), input.AsSpan(f * nf, nf));
        var status = exec.Invoke(input, probs);
        if (status != 0) throw new WakeWordException($"int8 model: ww_model_invoke returned {status}");
        return probs[0];
    }
}
