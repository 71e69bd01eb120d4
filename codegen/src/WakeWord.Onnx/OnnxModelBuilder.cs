using System.Runtime.InteropServices;
using Google.Protobuf;
using WakeWord.Core;
using WakeWord.Onnx.Proto;

namespace WakeWord.Onnx;

/// <summary>
/// Writes ONNX models by hand: graph inputs and outputs, float initializers (stored as little-endian raw_data),
/// nodes with typed attributes and metadata. Used by the trainer's export, the default-model generator and tests.
/// </summary>
public sealed class OnnxModelBuilder
{
    private readonly GraphProto _graph;
    private readonly ModelProto _model;

    public OnnxModelBuilder(string graphName, long opset = 17, string producer = "wakeword")
    {
        _graph = new GraphProto { Name = graphName };
        _model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = producer,
            ProducerVersion = "1",
            Graph = _graph,
        };
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
    }

    /// <summary>The graph being built, for edits the helpers do not cover.</summary>
    public GraphProto Graph => _graph;

    /// <summary>Adds a float graph input. A negative dimension becomes a symbolic (dynamic) dimension.</summary>
    public string Input(string name, params long[] shape)
    {
        _graph.Input.Add(ValueInfo(name, shape));
        return name;
    }

    /// <summary>Adds a float graph output; pass no shape to leave it to shape inference.</summary>
    public string Output(string name, params long[] shape)
    {
        _graph.Output.Add(ValueInfo(name, shape));
        return name;
    }

    /// <summary>Adds a float initializer of the given dims; <paramref name="data"/> is row-major.</summary>
    public string Initializer(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        long count = 1;
        foreach (var d in dims) count *= d;
        if (count != data.Length)
            throw new WakeWordException($"initializer '{name}': {data.Length} values for dims [{string.Join(",", dims)}]");
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data));
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>Adds an int64 initializer (shapes, axes, indices).</summary>
    public string InitializerInt64(string name, ReadOnlySpan<long> data, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.AddRange(dims);
        t.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data));
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>Adds a node; use the <c>Attr</c> helpers for attributes. An empty input name means "absent".</summary>
    public NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var n = new NodeProto { OpType = opType, Name = name };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        n.Attribute.AddRange(attributes);
        _graph.Node.Add(n);
        return n;
    }

    public void Metadata(string key, string value) =>
        _model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });

    public ModelProto Build() => _model;

    public static AttributeProto Attr(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attr(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attr(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Attr(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto AttrStrings(string name, params string[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        foreach (var v in values) a.Strings.Add(ByteString.CopyFromUtf8(v));
        return a;
    }

    /// <summary>Writes the model to <paramref name="path"/> atomically.</summary>
    public static void Save(ModelProto model, string path) =>
        AtomicOutput.WriteFile(path, tmp => File.WriteAllBytes(tmp, model.ToByteArray()));

    private static ValueInfoProto ValueInfo(string name, long[] shape)
    {
        var tt = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float };
        if (shape.Length > 0)
        {
            tt.Shape = new TensorShapeProto();
            for (var i = 0; i < shape.Length; i++)
                tt.Shape.Dim.Add(shape[i] >= 0
                    ? new TensorShapeProto.Types.Dimension { DimValue = shape[i] }
                    : new TensorShapeProto.Types.Dimension { DimParam = $"d{i}" });
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tt } };
    }
}
