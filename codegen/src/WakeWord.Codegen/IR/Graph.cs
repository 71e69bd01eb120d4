using System.Collections.Immutable;
using WakeWord.Core;

namespace WakeWord.Codegen.IR;

/// <summary>Element type of an IR tensor: float before quantization, integers after.</summary>
public enum DType
{
    Float32,
    Int8,
    Int16,
    Int32,
}

/// <summary>Memory layout of 4-D feature maps in a graph: ONNX's NCHW after import, NHWC after the layout pass.</summary>
public enum Layout
{
    Nchw,
    Nhwc,
}

/// <summary>
/// Quantization of a tensor: <c>real = Scales[k] * (q - ZeroPoints[k])</c>, per tensor (one entry) or per channel
/// along <see cref="Axis"/>.
/// </summary>
public sealed record QuantParams(ImmutableArray<double> Scales, ImmutableArray<int> ZeroPoints, int Axis = -1)
{
    public static QuantParams PerTensor(double scale, int zeroPoint) => new([scale], [zeroPoint]);

    public bool IsPerChannel => Scales.Length > 1;

    public override string ToString() => IsPerChannel
        ? $"per-channel(axis {Axis}, {Scales.Length} scales {Scales.Min():G3}..{Scales.Max():G3})"
        : $"scale {Scales[0]:G6} zp {ZeroPoints[0]}";
}

/// <summary>
/// A tensor of the graph. Constants carry <see cref="Floats"/> (float weights) or <see cref="Ints"/> (quantized
/// weights, biases); activations carry neither. <see cref="RangeOf"/> names the ONNX tensor whose calibrated value
/// range this tensor has (itself, or the tensor it is a view / layout change / part of).
/// </summary>
public sealed record Tensor(string Name, ImmutableArray<int> Shape, DType Type = DType.Float32)
{
    public ImmutableArray<float>? Floats { get; init; }
    public ImmutableArray<int>? Ints { get; init; }
    public QuantParams? Quant { get; init; }
    public string? RangeOf { get; init; }
    /// <summary>True when this tensor holds an ONNX NCHW tensor of the same name stored as NHWC (set by the layout pass).</summary>
    public bool NhwcOfOnnx { get; init; }

    public bool IsConstant => Floats.HasValue || Ints.HasValue;

    public int Elements
    {
        get
        {
            var n = 1;
            foreach (var d in Shape) n *= d;
            return n;
        }
    }

    public string ShapeText => "[" + string.Join(",", Shape) + "]";

    public static Tensor Const(string name, ImmutableArray<int> shape, float[] values)
    {
        var t = new Tensor(name, shape) { Floats = ImmutableArray.Create(values) };
        if (t.Elements != values.Length) throw new WakeWordException($"tensor '{name}': {values.Length} values for shape {t.ShapeText}");
        return t;
    }
}

/// <summary>One operation. Inputs/outputs name tensors of the graph; an empty name is an absent optional operand.</summary>
public sealed record Node(string Name, OpType Op, ImmutableArray<string> Inputs, ImmutableArray<string> Outputs, OpAttrs Attrs)
{
    public string Input(int i) => i < Inputs.Length ? Inputs[i] : "";
    public string Output(int i) => i < Outputs.Length ? Outputs[i] : "";
}

/// <summary>
/// The immutable IR graph: tensors by name, nodes in topological (execution) order, graph inputs and outputs,
/// the model metadata (ONNX metadata_props) and the feature-map layout.
/// </summary>
public sealed record Graph(
    ImmutableDictionary<string, Tensor> Tensors,
    ImmutableArray<Node> Nodes,
    ImmutableArray<string> Inputs,
    ImmutableArray<string> Outputs,
    ImmutableDictionary<string, string> Metadata,
    Layout Layout = Layout.Nchw)
{
    public Tensor this[string name] =>
        Tensors.TryGetValue(name, out var t) ? t : throw new WakeWordException($"IR: no tensor '{name}'");

    /// <summary>Nodes that read <paramref name="tensor"/>.</summary>
    public IEnumerable<Node> Consumers(string tensor) => Nodes.Where(n => n.Inputs.Contains(tensor));

    /// <summary>The node that writes <paramref name="tensor"/>, or null for inputs and constants.</summary>
    public Node? Producer(string tensor) => Nodes.FirstOrDefault(n => n.Outputs.Contains(tensor));

    /// <summary>True when <paramref name="tensor"/> is read by no node and is not a graph output.</summary>
    public bool IsUnused(string tensor) => !Outputs.Contains(tensor) && !Nodes.Any(n => n.Inputs.Contains(tensor));

    /// <summary>Drops tensors no node or graph input/output mentions.</summary>
    public Graph Prune()
    {
        var used = new HashSet<string>(Inputs.Concat(Outputs));
        foreach (var n in Nodes)
        {
            used.UnionWith(n.Inputs);
            used.UnionWith(n.Outputs);
        }
        return this with { Tensors = Tensors.Where(kv => used.Contains(kv.Key)).ToImmutableDictionary() };
    }

    /// <summary>A name not yet used by any tensor or node, built from <paramref name="stem"/>.</summary>
    public string FreshName(string stem)
    {
        if (!Tensors.ContainsKey(stem) && Nodes.All(n => n.Name != stem)) return stem;
        for (var i = 1; ; i++)
        {
            var s = $"{stem}_{i}";
            if (!Tensors.ContainsKey(s) && Nodes.All(n => n.Name != s)) return s;
        }
    }
}
