using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using WakeWord.Core;
using WakeWord.Onnx.Proto;

namespace WakeWord.Codegen.Quantization;

/// <summary>
/// Runs the float ONNX model with ONNX Runtime: the float reference for calibration, per-layer SQNR and accuracy
/// reports. With <c>exposeIntermediates</c> every node output becomes a graph output, so one run returns every
/// intermediate tensor by its ONNX name.
/// </summary>
public sealed class FloatReference : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _outputs;

    public FloatReference(ModelProto model, bool exposeIntermediates = false)
    {
        var m = model.Clone();
        if (exposeIntermediates)
        {
            var have = new HashSet<string>(m.Graph.Output.Select(o => o.Name));
            for (var i = 0; i < m.Graph.Node.Count; i++)
            {
                var lstm = m.Graph.Node[i];
                if (lstm.OpType != "LSTM") continue;
                if (lstm.Output.Count == 0) lstm.Output.Add("");
                if (lstm.Output[0].Length == 0) lstm.Output[0] = WakeWord.Codegen.Import.OnnxImporter.ImplicitLstmY(WakeWord.Codegen.Import.OnnxImporter.NodeName(lstm, i));
            }
            foreach (var n in m.Graph.Node)
                foreach (var o in n.Output)
                    if (o.Length > 0 && have.Add(o))
                        m.Graph.Output.Add(new ValueInfoProto
                        {
                            Name = o,
                            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
                        });
        }
        try
        {
            using var opts = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, IntraOpNumThreads = 1 };
            _session = new InferenceSession(m.ToByteArray(), opts);
        }
        catch (OnnxRuntimeException e)
        {
            throw new WakeWordException($"ONNX Runtime cannot load the model: {e.Message.Split('\n')[0]}", e);
        }
        var input = _session.InputMetadata.Single();
        InputName = input.Key;
        InputShape = input.Value.Dimensions.Select(d => (long)d).ToArray();
        _outputs = _session.OutputMetadata.Keys.ToArray();
    }

    public string InputName { get; }
    public long[] InputShape { get; }
    public IReadOnlyList<string> OutputNames => _outputs;

    /// <summary>Runs one input (row-major, the model's input shape); returns every output by name.</summary>
    public Dictionary<string, float[]> Run(float[] input)
    {
        using var x = OrtValue.CreateTensorValueFromMemory(input, InputShape);
        using var run = new RunOptions();
        using var results = _session.Run(run, [InputName], [x], _outputs);
        var d = new Dictionary<string, float[]>(_outputs.Length);
        var i = 0;
        foreach (var r in results) d[_outputs[i++]] = r.GetTensorDataAsSpan<float>().ToArray();
        return d;
    }

    public void Dispose() => _session.Dispose();
}
