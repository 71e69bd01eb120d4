using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Google.Protobuf;
using WakeWord.Codegen.IR;
using WakeWord.Core;
using WakeWord.Onnx.Proto;

namespace WakeWord.Codegen.Import;

/// <summary>
/// Reads a float ONNX model into the IR with every shape inferred. Anything the firmware cannot run is refused with
/// a one-line <see cref="WakeWordException"/> naming the file, node, op type and attribute: unsupported operators or
/// attributes, dynamic or absurd shapes, a wrong input rank, NaN/Inf weights, a truncated or non-ONNX file.
/// </summary>
public static class OnnxImporter
{
    /// <summary>Largest accepted dimension and element count: beyond these a model cannot fit any target.</summary>
    public const int MaxDim = 1 << 16;
    public const int MaxElements = 1 << 24;

    /// <summary>Reads and parses an .onnx file.</summary>
    public static ModelProto ReadModel(string path)
    {
        if (!File.Exists(path)) throw new WakeWordException($"{path}: no such file");
        return ParseModel(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses ONNX protobuf bytes; a truncated or foreign file gives a one-line error naming <paramref name="source"/>.</summary>
    public static ModelProto ParseModel(byte[] bytes, string source)
    {
        ModelProto m;
        try
        {
            m = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new WakeWordException($"{source}: not a valid ONNX file (truncated or corrupt protobuf: {e.Message.Split('\n')[0]})", e);
        }
        if (m.Graph == null || m.Graph.Node.Count == 0)
            throw new WakeWordException($"{source}: not a valid ONNX file (no graph or no nodes; truncated?)");
        return m;
    }

    /// <summary>The IR name of an ONNX node: its own name, or "&lt;op&gt;_&lt;index&gt;" when it has none.</summary>
    public static string NodeName(NodeProto n, int index) => n.Name.Length > 0 ? n.Name : $"{n.OpType}_{index}";

    /// <summary>
    /// The name given to an LSTM's hidden sequence Y when the ONNX node leaves it out: the int8 kernel writes Y,
    /// and calibration asks ONNX Runtime for it under this name (<see cref="Quantization.FloatReference"/>).
    /// </summary>
    public static string ImplicitLstmY(string nodeName) => nodeName + "__Y";

    /// <summary>Reads <paramref name="path"/> and imports it.</summary>
    public static Graph Load(string path) => Import(ReadModel(path), Path.GetFileName(path));

    /// <summary>Imports a parsed model; <paramref name="source"/> names it in errors.</summary>
    public static Graph Import(ModelProto model, string source) => new Reader(model, source).Run();

    private sealed class Reader(ModelProto model, string source)
    {
        private readonly Dictionary<string, Tensor> _tensors = new();
        private readonly Dictionary<string, float[]> _floatConst = new();
        private readonly Dictionary<string, long[]> _intConst = new();
        private readonly Dictionary<string, ImmutableArray<int>> _constShape = new();
        private readonly Dictionary<string, string> _alias = new();
        /// <summary>ReduceMean outputs waiting for the Sub that takes them from their own input.</summary>
        private readonly Dictionary<string, (string Source, int Axis)> _means = new();
        private readonly List<Node> _nodes = new();
        private readonly HashSet<string> _usedConst = new();
        private string _node = "";
        private string _op = "";
        private int _opset = 13;

        private WakeWordException Error(string what) => new($"{source}: node '{_node}' ({_op}): {what}");

        /// <summary>
        /// Names end up in errors, generated C comments and identifiers: a name with a control character (a line
        /// break, say) is refused up front, echoed escaped, so no later message can span two lines.
        /// </summary>
        private void RefuseUnprintableNames(GraphProto g)
        {
            void Check(string what, string name)
            {
                if (!Printable.IsPrintable(name))
                    throw new WakeWordException($"{Printable.Escape(source)}: {what} '{Printable.Escape(name)}' contains a control character");
            }
            foreach (var t in g.Initializer) Check("initializer", t.Name);
            foreach (var v in g.Input) Check("graph input", v.Name);
            foreach (var v in g.Output) Check("graph output", v.Name);
            foreach (var n in g.Node)
            {
                Check("node", n.Name);
                Check("op type of node", n.OpType);
                foreach (var i in n.Input) Check("input of node", i);
                foreach (var o in n.Output) Check("output of node", o);
                foreach (var a in n.Attribute) Check("attribute of node", a.Name);
            }
        }

        public Graph Run()
        {
            var g = model.Graph;
            foreach (var o in model.OpsetImport)
                if (o.Domain is "" or "ai.onnx") _opset = (int)o.Version;
            RefuseUnprintableNames(g);
            foreach (var init in g.Initializer) ReadConstant(init, init.Name);
            var inputs = g.Input.Where(i => !_floatConst.ContainsKey(i.Name) && !_intConst.ContainsKey(i.Name)).ToList();
            if (inputs.Count != 1)
                throw new WakeWordException($"{source}: the graph has {inputs.Count} non-constant inputs, expected exactly one (the features)");
            var input = inputs[0];
            var shape = StaticShape(input, "input");
            if (shape.Length != 4 || shape[0] != 1 || shape[1] != 1)
                throw new WakeWordException($"{source}: input '{input.Name}' has shape [{string.Join(",", shape)}] (rank {shape.Length}), expected rank 4 [1,1,frames,features]");
            if (input.Type.TensorType.ElemType != (int)TensorProto.Types.DataType.Float)
                throw new WakeWordException($"{source}: input '{input.Name}' is not float");
            _tensors[input.Name] = new Tensor(input.Name, [.. shape]) { RangeOf = input.Name };

            var index = 0;
            foreach (var n in g.Node)
            {
                _node = NodeName(n, index);
                _op = n.OpType;
                index++;
                if (n.Domain is not ("" or "ai.onnx")) throw Error($"operator domain '{n.Domain}' is not supported");
                if (n.Output.Count == 0 || (n.OpType != "LSTM" && n.Output[0].Length == 0)) throw Error("the node has no output");
                foreach (var o in n.Output)
                    if (o.Length > 0 && (_tensors.ContainsKey(o) || _alias.ContainsKey(o) || _floatConst.ContainsKey(o) || _intConst.ContainsKey(o)))
                        throw Error($"output '{o}' is already defined (each tensor must be produced once)");
                try
                {
                    ImportNode(n);
                }
                catch (Exception e) when (e is ArgumentOutOfRangeException or KeyNotFoundException or IndexOutOfRangeException or InvalidOperationException or OverflowException)
                {
                    // A malformed node the specific checks did not anticipate: still one line naming the node.
                    throw Error($"malformed node ({e.GetType().Name})");
                }
            }

            var outputs = new List<string>();
            foreach (var o in g.Output)
            {
                var name = Resolve(o.Name);
                if (!_tensors.ContainsKey(name))
                    throw new WakeWordException($"{source}: graph output '{o.Name}' is not produced by any supported node");
                outputs.Add(name);
            }
            var meta = model.MetadataProps.ToImmutableDictionary(p => p.Key, p => p.Value);
            return new Graph(_tensors.ToImmutableDictionary(), [.. _nodes], [input.Name], [.. outputs], meta).Prune();
        }

        // ---- constants -------------------------------------------------------------------------------

        private void ReadConstant(TensorProto t, string name)
        {
            if (t.DataLocation == TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0)
                throw new WakeWordException($"{source}: tensor '{name}' uses external data; save the model as one file");
            long count = 1;
            foreach (var d in t.Dims)
            {
                if (d < 0 || d > MaxDim) throw new WakeWordException($"{source}: tensor '{name}' has an absurd dimension {d}");
                count *= d;
                if (count > MaxElements) throw new WakeWordException($"{source}: tensor '{name}' has an absurd size ({count}+ elements)");
            }
            var shape = t.Dims.Select(d => (int)d).ToImmutableArray();
            switch ((TensorProto.Types.DataType)t.DataType)
            {
                case TensorProto.Types.DataType.Float:
                {
                    var v = t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray() : t.FloatData.ToArray();
                    if (v.Length != count)
                        throw new WakeWordException($"{source}: tensor '{name}' holds {v.Length} values for dims [{string.Join(",", t.Dims)}] (truncated?)");
                    for (var i = 0; i < v.Length; i++)
                        if (!float.IsFinite(v[i]))
                            throw new WakeWordException($"{source}: tensor '{name}' element {i} is {v[i]} (weights must be finite)");
                    _floatConst[name] = v;
                    break;
                }
                case TensorProto.Types.DataType.Int64:
                    _intConst[name] = t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, long>(t.RawData.Span).ToArray() : t.Int64Data.ToArray();
                    if (_intConst[name].Length != count) throw new WakeWordException($"{source}: tensor '{name}' value count does not match its dims");
                    break;
                case TensorProto.Types.DataType.Int32:
                    _intConst[name] = (t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, int>(t.RawData.Span).ToArray() : t.Int32Data.ToArray())
                        .Select(x => (long)x).ToArray();
                    if (_intConst[name].Length != count) throw new WakeWordException($"{source}: tensor '{name}' value count does not match its dims");
                    break;
                default:
                    throw new WakeWordException($"{source}: tensor '{name}' has data type {(TensorProto.Types.DataType)t.DataType}; only float weights and int32/int64 shapes are supported");
            }
            _constShape[name] = shape;
        }

        private string Resolve(string name) => _alias.TryGetValue(name, out var a) ? a : name;

        private Tensor Act(NodeProto n, int i)
        {
            if (i >= n.Input.Count || n.Input[i].Length == 0) throw Error($"input {i} is missing");
            var name = Resolve(n.Input[i]);
            if (_tensors.TryGetValue(name, out var t) && !t.IsConstant) return t;
            if (_means.ContainsKey(name))
                throw Error($"input '{name}' is a ReduceMean output; a mean is only supported subtracted from its own input, Sub(x, ReduceMean(x))");
            if (_floatConst.ContainsKey(name) || _intConst.ContainsKey(name))
                throw Error($"input '{name}' is a constant; constant folding of data inputs is not supported");
            throw Error($"input '{name}' is not produced by an earlier node");
        }

        private bool Has(NodeProto n, int i) => i < n.Input.Count && n.Input[i].Length > 0;

        private float[] FloatConst(NodeProto n, int i, string role, out ImmutableArray<int> shape)
        {
            if (!Has(n, i)) throw Error($"{role} (input {i}) is missing");
            var name = Resolve(n.Input[i]);
            if (!_floatConst.TryGetValue(name, out var v)) throw Error($"{role} '{name}' must be a float constant (initializer)");
            shape = _constShape[name];
            _usedConst.Add(name);
            return v;
        }

        private long[] IntConst(NodeProto n, int i, string role)
        {
            if (!Has(n, i)) throw Error($"{role} (input {i}) is missing");
            var name = Resolve(n.Input[i]);
            if (!_intConst.TryGetValue(name, out var v)) throw Error($"{role} '{name}' must be an int64 constant");
            return v;
        }

        private string AddWeight(string name, ImmutableArray<int> shape, float[] values)
        {
            if (!_tensors.ContainsKey(name)) _tensors[name] = Tensor.Const(name, shape, values);
            return name;
        }

        private string NewActivation(string name, int[] shape)
        {
            foreach (var d in shape)
                if (d <= 0 || d > MaxDim) throw Error($"output '{name}' would have an absurd shape [{string.Join(",", shape)}]");
            long e = 1;
            foreach (var d in shape) e *= d;
            if (e > MaxElements) throw Error($"output '{name}' would have an absurd size ({e} elements)");
            _tensors[name] = new Tensor(name, [.. shape]) { RangeOf = name };
            return name;
        }

        private void Emit(OpType op, IEnumerable<string> inputs, IEnumerable<string> outputs, OpAttrs attrs, string? name = null) =>
            _nodes.Add(new Node(name ?? _node, op, [.. inputs], [.. outputs], attrs));

        // ---- attributes ------------------------------------------------------------------------------

        private static AttributeProto? Attr(NodeProto n, string name) => n.Attribute.FirstOrDefault(a => a.Name == name);

        private long Int(NodeProto n, string name, long dflt) => Attr(n, name) is { } a ? a.I : dflt;

        private float Float(NodeProto n, string name, float dflt) => Attr(n, name) is { } a ? a.F : dflt;

        private string Str(NodeProto n, string name, string dflt) => Attr(n, name) is { } a ? a.S.ToStringUtf8() : dflt;

        private long[]? Ints(NodeProto n, string name) => Attr(n, name) is { } a ? a.Ints.ToArray() : null;

        private void Allow(NodeProto n, params string[] names)
        {
            foreach (var a in n.Attribute)
                if (!names.Contains(a.Name)) throw Error($"attribute '{a.Name}' is not supported");
        }

        private void Require(NodeProto n, string attr, long value, long dflt)
        {
            var v = Int(n, attr, dflt);
            if (v != value) throw Error($"attribute {attr}={v} is not supported (only {value})");
        }

        // ---- nodes -----------------------------------------------------------------------------------

        private void ImportNode(NodeProto n)
        {
            switch (n.OpType)
            {
                case "Conv": Conv(n); break;
                case "Relu": Allow(n); Clip(n, 0f, float.PositiveInfinity); break;
                case "Clip": ClipNode(n); break;
                case "MaxPool": Pool(n, OpType.MaxPool); break;
                case "AveragePool": Pool(n, OpType.AveragePool); break;
                case "GlobalAveragePool":
                {
                    Allow(n);
                    var x = Act(n, 0);
                    Need4(x);
                    var s = x.Shape;
                    Emit(OpType.GlobalAveragePool, [x.Name], [NewActivation(n.Output[0], [s[0], s[1], 1, 1])], OpAttrs.None);
                    break;
                }
                case "Reshape": Reshape(n); break;
                case "Flatten":
                {
                    Allow(n, "axis");
                    var x = Act(n, 0);
                    var axis = (int)Int(n, "axis", 1);
                    if (axis < 0) axis += x.Shape.Length;
                    if (axis < 0 || axis > x.Shape.Length) throw Error($"attribute axis={axis} is out of range");
                    var outer = 1;
                    for (var i = 0; i < axis; i++) outer *= x.Shape[i];
                    ReshapeTo(x, n.Output[0], [outer, x.Elements / outer]);
                    break;
                }
                case "Squeeze": Squeeze(n, squeeze: true); break;
                case "Unsqueeze": Squeeze(n, squeeze: false); break;
                case "Transpose":
                {
                    Allow(n, "perm");
                    var x = Act(n, 0);
                    var perm = Ints(n, "perm")?.Select(p => (int)p).ToArray()
                        ?? Enumerable.Range(0, x.Shape.Length).Reverse().ToArray();
                    if (perm.Length != x.Shape.Length || perm.Order().Where((p, i) => p != i).Any())
                        throw Error($"attribute perm=[{string.Join(",", perm)}] is not a permutation of rank {x.Shape.Length}");
                    Emit(OpType.Transpose, [x.Name], [NewActivation(n.Output[0], perm.Select(p => x.Shape[p]).ToArray())], new TransposeAttrs([.. perm]));
                    break;
                }
                case "Concat":
                {
                    Allow(n, "axis");
                    var xs = Enumerable.Range(0, n.Input.Count).Select(i => Act(n, i)).ToList();
                    var rank = xs[0].Shape.Length;
                    var axis = Axis(Int(n, "axis", 0), rank);
                    var shape = xs[0].Shape.ToArray();
                    shape[axis] = 0;
                    foreach (var x in xs)
                    {
                        if (x.Shape.Length != rank) throw Error("inputs have different ranks");
                        for (var d = 0; d < rank; d++)
                            if (d != axis && x.Shape[d] != xs[0].Shape[d]) throw Error($"input '{x.Name}' {x.ShapeText} does not match {xs[0].ShapeText} off axis {axis}");
                        shape[axis] += x.Shape[axis];
                    }
                    Emit(OpType.Concat, xs.Select(x => x.Name), [NewActivation(n.Output[0], shape)], new AxisAttrs(axis));
                    break;
                }
                case "Slice": Slice(n); break;
                case "Gather": Gather(n); break;
                case "LSTM": Lstm(n); break;
                case "Gemm": Gemm(n); break;
                case "MatMul": MatMul(n); break;
                case "Add": AddBias(n); break;
                case "ReduceMean": ReduceMean(n); break;
                case "Sub": SubtractMean(n); break;
                case "Softmax":
                {
                    Allow(n, "axis");
                    var x = Act(n, 0);
                    var axis = Axis(Int(n, "axis", _opset >= 13 ? -1 : 1), x.Shape.Length);
                    for (var d = axis + 1; d < x.Shape.Length; d++)
                        if (x.Shape[d] != 1) throw Error($"attribute axis={axis} is not supported (softmax must run over the last dimension)");
                    Emit(OpType.Softmax, [x.Name], [NewActivation(n.Output[0], [.. x.Shape])], new AxisAttrs(axis));
                    break;
                }
                case "BatchNormalization": BatchNorm(n); break;
                case "Identity":
                case "Dropout":
                    if (n.OpType == "Dropout" && Has(n, 2)) throw Error("training_mode input is not supported");
                    if (n.Output.Count > 1 && n.Output[1].Length > 0) throw Error("the mask output is not supported");
                    _alias[n.Output[0]] = Act(n, 0).Name;
                    break;
                case "Constant":
                {
                    Allow(n, "value");
                    var v = Attr(n, "value") ?? throw Error("only the 'value' attribute is supported");
                    ReadConstant(v.T, n.Output[0]);
                    break;
                }
                default:
                    throw Error("unsupported operator");
            }
        }

        private int Axis(long axis, int rank)
        {
            var a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= rank) throw Error($"attribute axis={axis} is out of range for rank {rank}");
            return (int)a;
        }

        private void Need4(Tensor x)
        {
            if (x.Shape.Length != 4) throw Error($"input '{x.Name}' has rank {x.Shape.Length}, expected 4 (NCHW)");
        }

        private Window ReadWindow(NodeProto n, int kh, int kw)
        {
            var autoPad = Str(n, "auto_pad", "NOTSET");
            if (autoPad is not ("NOTSET" or "VALID")) throw Error($"attribute auto_pad={autoPad} is not supported (export explicit pads)");
            var k = Ints(n, "kernel_shape") ?? [kh, kw];
            if (k.Length != 2) throw Error($"attribute kernel_shape has {k.Length} dims; only 2-D windows are supported");
            var s = Ints(n, "strides") ?? [1, 1];
            var p = Ints(n, "pads") ?? [0, 0, 0, 0];
            var d = Ints(n, "dilations") ?? [1, 1];
            if (s.Length != 2 || p.Length != 4 || d.Length != 2) throw Error("attributes strides/pads/dilations must be 2-D");
            if (k.Any(v => v <= 0 || v > 64) || s.Any(v => v <= 0 || v > 64) || p.Any(v => v < 0 || v > 64) || d.Any(v => v <= 0 || v > 64))
                throw Error("attributes kernel_shape/strides/pads/dilations have absurd values");
            return new Window((int)k[0], (int)k[1], (int)s[0], (int)s[1], (int)p[0], (int)p[1], (int)p[2], (int)p[3], (int)d[0], (int)d[1]);
        }

        private void Conv(NodeProto n)
        {
            Allow(n, "kernel_shape", "strides", "pads", "dilations", "group", "auto_pad");
            Require(n, "group", 1, 1);
            var x = Act(n, 0);
            Need4(x);
            var w = FloatConst(n, 1, "weight", out var ws);
            if (ws.Length != 4) throw Error($"weight has rank {ws.Length}; only 2-D convolutions are supported");
            if (ws[1] != x.Shape[1]) throw Error($"weight {string.Join("x", ws)} expects {ws[1]} input channels, input '{x.Name}' has {x.Shape[1]}");
            var win = ReadWindow(n, ws[2], ws[3]);
            if (win.KernelH != ws[2] || win.KernelW != ws[3]) throw Error("attribute kernel_shape does not match the weight");
            var inputs = new List<string> { x.Name, AddWeight(n.Input[1], ws, w) };
            if (Has(n, 2))
            {
                var b = FloatConst(n, 2, "bias", out var bs);
                if (b.Length != ws[0]) throw Error($"bias has {b.Length} values for {ws[0]} filters");
                inputs.Add(AddWeight(n.Input[2], [ws[0]], b));
            }
            var oh = win.OutH(x.Shape[2]);
            var ow = win.OutW(x.Shape[3]);
            if (oh <= 0 || ow <= 0) throw Error($"the window does not fit the input {x.ShapeText}");
            Emit(OpType.Conv, inputs, [NewActivation(n.Output[0], [x.Shape[0], ws[0], oh, ow])], new ConvAttrs(win, ActRange.None));
        }

        private void Pool(NodeProto n, OpType op)
        {
            if (op == OpType.MaxPool)
            {
                Allow(n, "kernel_shape", "strides", "pads", "dilations", "auto_pad", "ceil_mode", "storage_order");
                Require(n, "storage_order", 0, 0);
                if (n.Output.Count > 1 && n.Output[1].Length > 0) throw Error("the Indices output is not supported");
            }
            else
            {
                Allow(n, "kernel_shape", "strides", "pads", "auto_pad", "ceil_mode", "count_include_pad");
            }
            Require(n, "ceil_mode", 0, 0);
            var x = Act(n, 0);
            Need4(x);
            if (Attr(n, "kernel_shape") == null) throw Error("attribute kernel_shape is required");
            var win = ReadWindow(n, 1, 1);
            if (win.DilationH != 1 || win.DilationW != 1) throw Error("attribute dilations is not supported (only 1)");
            if (op == OpType.AveragePool && Int(n, "count_include_pad", 0) != 0 && win.PadTop + win.PadLeft + win.PadBottom + win.PadRight > 0)
                throw Error("attribute count_include_pad=1 with padding is not supported");
            var oh = win.OutH(x.Shape[2]);
            var ow = win.OutW(x.Shape[3]);
            if (oh <= 0 || ow <= 0) throw Error($"the window does not fit the input {x.ShapeText}");
            Emit(op, [x.Name], [NewActivation(n.Output[0], [x.Shape[0], x.Shape[1], oh, ow])], new PoolAttrs(win, ActRange.None));
        }

        private void Clip(NodeProto n, float min, float max)
        {
            var x = Act(n, 0);
            Emit(OpType.Clip, [x.Name], [NewActivation(n.Output[0], [.. x.Shape])], new ClipAttrs(min, max));
        }

        private void ClipNode(NodeProto n)
        {
            Allow(n, "min", "max");
            float min = Float(n, "min", float.NegativeInfinity), max = Float(n, "max", float.PositiveInfinity);
            if (Has(n, 1)) min = FloatConst(n, 1, "min", out _).Single();
            if (Has(n, 2)) max = FloatConst(n, 2, "max", out _).Single();
            if (!(min <= max)) throw Error($"min {min} is above max {max}");
            Clip(n, min, max);
        }

        private void ReshapeTo(Tensor x, string output, int[] shape)
        {
            long e = 1;
            foreach (var d in shape) e *= d;
            if (e != x.Elements) throw Error($"cannot reshape {x.ShapeText} to [{string.Join(",", shape)}]");
            Emit(OpType.Reshape, [x.Name], [NewActivation(output, shape)], OpAttrs.None);
        }

        private void Reshape(NodeProto n)
        {
            Allow(n, "allowzero");
            Require(n, "allowzero", 0, 0);
            var x = Act(n, 0);
            var spec = IntConst(n, 1, "shape");
            var shape = new int[spec.Length];
            var infer = -1;
            long known = 1;
            for (var i = 0; i < spec.Length; i++)
            {
                if (spec[i] == -1)
                {
                    if (infer >= 0) throw Error("shape has more than one -1");
                    infer = i;
                    continue;
                }
                if (spec[i] == 0)
                {
                    if (i >= x.Shape.Length) throw Error($"shape copies dimension {i} that the input lacks");
                    shape[i] = x.Shape[i];
                }
                else if (spec[i] < 0 || spec[i] > MaxDim) throw Error($"shape has an absurd dimension {spec[i]}");
                else shape[i] = (int)spec[i];
                known *= shape[i];
            }
            if (infer >= 0)
            {
                if (known == 0 || x.Elements % known != 0) throw Error($"cannot reshape {x.ShapeText} to [{string.Join(",", spec)}]");
                shape[infer] = (int)(x.Elements / known);
            }
            ReshapeTo(x, n.Output[0], shape);
        }

        private void Squeeze(NodeProto n, bool squeeze)
        {
            Allow(n, "axes");
            var x = Act(n, 0);
            var axes = Has(n, 1) ? IntConst(n, 1, "axes") : Ints(n, "axes");
            var shape = x.Shape.ToList();
            if (squeeze)
            {
                var rank = shape.Count;
                var drop = axes?.Select(a => Axis(a, rank)).ToHashSet() ?? Enumerable.Range(0, rank).Where(i => shape[i] == 1).ToHashSet();
                foreach (var a in drop)
                    if (shape[a] != 1) throw Error($"cannot squeeze axis {a} of size {shape[a]}");
                shape = shape.Where((_, i) => !drop.Contains(i)).ToList();
            }
            else
            {
                if (axes == null) throw Error("axes are required");
                var rank = shape.Count + axes.Length;
                foreach (var a in axes.Select(a => Axis(a, rank)).Order()) shape.Insert(a, 1);
            }
            ReshapeTo(x, n.Output[0], [.. shape]);
        }

        private void Slice(NodeProto n)
        {
            Allow(n);
            var x = Act(n, 0);
            var starts = IntConst(n, 1, "starts");
            var ends = IntConst(n, 2, "ends");
            var axes = Has(n, 3) ? IntConst(n, 3, "axes") : Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            var steps = Has(n, 4) ? IntConst(n, 4, "steps") : Enumerable.Repeat(1L, starts.Length).ToArray();
            if (starts.Length != ends.Length || axes.Length != starts.Length || steps.Length != starts.Length)
                throw Error("starts/ends/axes/steps differ in length");
            var cur = x;
            var sliced = new List<(int Axis, int Start, int End)>();
            for (var i = 0; i < starts.Length; i++)
            {
                if (steps[i] != 1) throw Error($"step {steps[i]} is not supported (only 1)");
                var a = Axis(axes[i], x.Shape.Length);
                var dim = x.Shape[a];
                long s = starts[i] < 0 ? starts[i] + dim : starts[i];
                long e = ends[i] < 0 ? ends[i] + dim : ends[i];
                s = Math.Clamp(s, 0, dim);
                e = Math.Clamp(e, 0, dim);
                if (e <= s) throw Error($"slice of axis {a} is empty");
                if (s != 0 || e != dim) sliced.Add((a, (int)s, (int)e));
            }
            if (sliced.Count == 0)
            {
                ReshapeTo(cur, n.Output[0], [.. cur.Shape]);
                return;
            }
            for (var i = 0; i < sliced.Count; i++)
            {
                var (a, s, e) = sliced[i];
                var shape = cur.Shape.ToArray();
                shape[a] = e - s;
                var outName = i == sliced.Count - 1 ? n.Output[0] : $"{n.Output[0]}_part{i}";
                Emit(OpType.Slice, [cur.Name], [NewActivation(outName, shape)], new SliceAttrs(a, s, e), i == 0 ? _node : $"{_node}_{i}");
                cur = _tensors[outName];
            }
        }

        private void Gather(NodeProto n)
        {
            Allow(n, "axis");
            var x = Act(n, 0);
            var axis = Axis(Int(n, "axis", 0), x.Shape.Length);
            var idxName = Resolve(n.Input[1]);
            var idx = IntConst(n, 1, "indices");
            var scalar = _constShape[idxName].Length == 0;
            var dim = x.Shape[axis];
            var norm = idx.Select(i => i < 0 ? i + dim : i).ToArray();
            if (norm.Any(i => i < 0 || i >= dim)) throw Error($"index out of range for axis {axis} of size {dim}");
            for (var i = 1; i < norm.Length; i++)
                if (norm[i] != norm[i - 1] + 1) throw Error("only contiguous ascending indices are supported");
            if (_constShape[idxName].Length > 1) throw Error("indices of rank > 1 are not supported");
            var shape = x.Shape.ToArray();
            shape[axis] = norm.Length;
            var sliceOut = scalar ? n.Output[0] + "_sel" : n.Output[0];
            Emit(OpType.Slice, [x.Name], [NewActivation(sliceOut, shape)], new SliceAttrs(axis, (int)norm[0], (int)norm[^1] + 1));
            if (scalar)
                ReshapeTo(_tensors[sliceOut], n.Output[0], shape.Where((_, i) => i != axis).ToArray());
        }

        private void Lstm(NodeProto n)
        {
            Allow(n, "hidden_size", "direction", "activations", "layout", "input_forget");
            Require(n, "layout", 0, 0);
            Require(n, "input_forget", 0, 0);
            var x = Act(n, 0);
            if (x.Shape.Length != 3) throw Error($"input '{x.Name}' has rank {x.Shape.Length}, expected 3 [seq, batch, input]");
            var dir = Str(n, "direction", "forward") switch
            {
                "forward" => LstmDirection.Forward,
                "reverse" => LstmDirection.Reverse,
                "bidirectional" => LstmDirection.Bidirectional,
                var d => throw Error($"attribute direction={d} is not supported"),
            };
            var nd = dir == LstmDirection.Bidirectional ? 2 : 1;
            var h = (int)Int(n, "hidden_size", 0);
            if (h <= 0 || h > 1024) throw Error($"attribute hidden_size={h} is missing or absurd");
            if (Attr(n, "activations") is { } acts)
            {
                var names = acts.Strings.Select(s => s.ToStringUtf8()).ToArray();
                for (var i = 0; i < names.Length; i++)
                    if (!string.Equals(names[i], (i % 3) == 0 ? "Sigmoid" : "Tanh", StringComparison.OrdinalIgnoreCase))
                        throw Error($"attribute activations=[{string.Join(",", names)}] is not supported (only the defaults Sigmoid, Tanh, Tanh)");
            }
            var t = x.Shape[0];
            var batch = x.Shape[1];
            var inSize = x.Shape[2];
            var w = FloatConst(n, 1, "W", out var wsh);
            var r = FloatConst(n, 2, "R", out var rsh);
            if (!wsh.SequenceEqual([nd, 4 * h, inSize])) throw Error($"W has shape [{string.Join(",", wsh)}], expected [{nd},{4 * h},{inSize}]");
            if (!rsh.SequenceEqual([nd, 4 * h, h])) throw Error($"R has shape [{string.Join(",", rsh)}], expected [{nd},{4 * h},{h}]");
            var inputs = new List<string> { x.Name, AddWeight(n.Input[1], wsh, w), AddWeight(n.Input[2], rsh, r) };
            if (Has(n, 3))
            {
                var b = FloatConst(n, 3, "B", out var bsh);
                if (!bsh.SequenceEqual([nd, 8 * h])) throw Error($"B has shape [{string.Join(",", bsh)}], expected [{nd},{8 * h}]");
                inputs.Add(AddWeight(n.Input[3], bsh, b));
            }
            if (Has(n, 4)) throw Error("input sequence_lens is not supported (all sequences have the full length)");
            foreach (var (i, role) in new[] { (5, "initial_h"), (6, "initial_c"), (7, "P (peepholes)") })
                if (Has(n, i) && FloatConst(n, i, role, out _).Any(v => v != 0f)) throw Error($"input {role} is not supported unless all zero");
            if (n.Output.Count > 2 && n.Output[2].Length > 0) throw Error("output Y_c is not supported");
            var outs = new List<string>
            {
                NewActivation(n.Output.Count > 0 && n.Output[0].Length > 0 ? n.Output[0] : ImplicitLstmY(_node), [t, nd, batch, h]),
                n.Output.Count > 1 && n.Output[1].Length > 0 ? NewActivation(n.Output[1], [nd, batch, h]) : "",
            };
            Emit(OpType.Lstm, inputs, outs, new LstmAttrs(h, dir));
        }

        private void Gemm(NodeProto n)
        {
            Allow(n, "alpha", "beta", "transA", "transB");
            if (Float(n, "alpha", 1f) != 1f || Float(n, "beta", 1f) != 1f) throw Error("attributes alpha/beta other than 1 are not supported");
            Require(n, "transA", 0, 0);
            var x = Act(n, 0);
            if (x.Shape.Length != 2) throw Error($"input '{x.Name}' has rank {x.Shape.Length}, expected 2");
            var w = FloatConst(n, 1, "B", out var ws);
            if (ws.Length != 2) throw Error("B must be 2-D");
            var transB = Int(n, "transB", 0) != 0;
            var (nOut, k) = transB ? (ws[0], ws[1]) : (ws[1], ws[0]);
            if (k != x.Shape[1]) throw Error($"B [{string.Join(",", ws)}] does not match input {x.ShapeText}");
            var wName = transB ? AddWeight(n.Input[1], ws, w) : AddWeight(n.Input[1] + "_T", [nOut, k], Transpose2(w, k, nOut));
            var inputs = new List<string> { x.Name, wName };
            if (Has(n, 2))
            {
                var c = FloatConst(n, 2, "C", out var cs);
                if (c.Length == 1) c = Enumerable.Repeat(c[0], nOut).ToArray();
                if (c.Length != nOut || cs.Length > 2 || (cs.Length == 2 && cs[0] != 1)) throw Error($"C [{string.Join(",", cs)}] must broadcast as a bias of {nOut}");
                inputs.Add(AddWeight(n.Input[2] + (c.Length == _floatConst[Resolve(n.Input[2])].Length ? "" : "_b"), [nOut], c));
            }
            Emit(OpType.Gemm, inputs, [NewActivation(n.Output[0], [x.Shape[0], nOut])], new GemmAttrs(ActRange.None));
        }

        private void MatMul(NodeProto n)
        {
            Allow(n);
            var x = Act(n, 0);
            var w = FloatConst(n, 1, "B", out var ws);
            if (ws.Length != 2) throw Error("B must be a 2-D constant");
            var (k, nOut) = (ws[0], ws[1]);
            if (x.Shape[^1] != k) throw Error($"B [{k},{nOut}] does not match input {x.ShapeText}");
            var shape = x.Shape.ToArray();
            shape[^1] = nOut;
            Emit(OpType.Gemm, [x.Name, AddWeight(n.Input[1] + "_T", [nOut, k], Transpose2(w, k, nOut))], [NewActivation(n.Output[0], shape)], new GemmAttrs(ActRange.None));
        }

        /// <summary>Add is accepted as the bias of the MatMul or Gemm right before it: it becomes that node's bias.</summary>
        /// <summary>Remembers a mean over one axis (keepdims=1); only <see cref="SubtractMean"/> may read it.</summary>
        private void ReduceMean(NodeProto n)
        {
            Allow(n, "axes", "keepdims", "noop_with_empty_axes");
            var x = Act(n, 0);
            var axes = Has(n, 1) ? IntConst(n, 1, "axes") : Ints(n, "axes");
            if (axes is not { Length: 1 }) throw Error("only a mean over exactly one axis is supported (axes with one value)");
            if (Int(n, "keepdims", 1) != 1) throw Error("attribute keepdims=0 is not supported (the mean must be subtracted from its input)");
            var axis = Axis(axes[0], x.Shape.Length);
            if (x.Shape[axis] < 1) throw Error($"axis {axis} of '{x.Name}' is empty");
            _means[n.Output[0]] = (x.Name, axis);
        }

        /// <summary>Sub(x, ReduceMean(x, axes=[a], keepdims=1)): x minus its mean along a.</summary>
        private void SubtractMean(NodeProto n)
        {
            Allow(n);
            if (n.Input.Count != 2) throw Error($"expects 2 inputs, has {n.Input.Count}");
            var m = Resolve(n.Input[1]);
            if (!_means.TryGetValue(m, out var mean))
                throw Error("Sub is only supported as x - ReduceMean(x) over one axis (a per-window mean normalization)");
            var x = Act(n, 0);
            if (x.Name != mean.Source) throw Error($"subtracts the mean of '{mean.Source}' from '{x.Name}'; only x - ReduceMean(x) is supported");
            Emit(OpType.SubtractMean, [x.Name], [NewActivation(n.Output[0], [.. x.Shape])], new AxisAttrs(mean.Axis));
        }

        private void AddBias(NodeProto n)
        {
            Allow(n);
            if (n.Input.Count != 2) throw Error($"expects 2 inputs, has {n.Input.Count}");
            var a = Resolve(n.Input[0]);
            var b = Resolve(n.Input[1]);
            if (_floatConst.ContainsKey(a)) (a, b) = (b, a);
            var prodIndex = _nodes.FindLastIndex(m => m.Outputs.Contains(a));
            if (prodIndex < 0 || _nodes[prodIndex].Op != OpType.Gemm || _nodes[prodIndex].Inputs.Length > 2 || !_floatConst.ContainsKey(b))
                throw Error("Add is only supported as a constant bias right after MatMul/Gemm");
            var prod = _nodes[prodIndex];
            var nOut = _tensors[prod.Inputs[1]].Shape[0];
            var bias = _floatConst[b];
            var bs = _constShape[b];
            if (bias.Length == 1) bias = Enumerable.Repeat(bias[0], nOut).ToArray();
            if (bias.Length != nOut || (bs.Length > 0 && bs[^1] != bias.Length && bs[^1] != 1)) throw Error($"bias '{b}' does not broadcast to {nOut} outputs");
            var y = _tensors[a];
            _tensors.Remove(a);
            _nodes[prodIndex] = prod with
            {
                Name = prod.Name,
                Inputs = prod.Inputs.Add(AddWeight(b, [nOut], bias)),
                Outputs = [NewActivation(n.Output[0], [.. y.Shape])],
            };
        }

        private void BatchNorm(NodeProto n)
        {
            Allow(n, "epsilon", "momentum", "training_mode", "spatial");
            Require(n, "training_mode", 0, 0);
            if (n.Output.Count > 1 && n.Output.Skip(1).Any(o => o.Length > 0)) throw Error("training outputs are not supported");
            var x = Act(n, 0);
            if (x.Shape.Length < 2) throw Error($"input '{x.Name}' has rank {x.Shape.Length}");
            var c = x.Shape[1];
            var inputs = new List<string> { x.Name };
            for (var i = 1; i <= 4; i++)
            {
                var v = FloatConst(n, i, new[] { "", "scale", "B", "mean", "var" }[i], out _);
                if (v.Length != c) throw Error($"input {i} has {v.Length} values for {c} channels");
                inputs.Add(AddWeight(n.Input[i], [c], v));
            }
            Emit(OpType.BatchNorm, inputs, [NewActivation(n.Output[0], [.. x.Shape])], new BatchNormAttrs(Float(n, "epsilon", 1e-5f)));
        }

        private static float[] Transpose2(float[] w, int rows, int cols)
        {
            var t = new float[w.Length];
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
            return t;
        }

        private int[] StaticShape(ValueInfoProto v, string role)
        {
            var tt = v.Type?.TensorType;
            if (tt?.Shape == null) throw new WakeWordException($"{source}: {role} '{v.Name}' has no shape (dynamic shapes are not supported)");
            var shape = new int[tt.Shape.Dim.Count];
            for (var i = 0; i < shape.Length; i++)
            {
                var d = tt.Shape.Dim[i];
                if (d.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || d.DimValue <= 0)
                    throw new WakeWordException($"{source}: {role} '{v.Name}' dimension {i} is dynamic ('{d.DimParam}'); export with a fixed shape");
                if (d.DimValue > MaxDim) throw new WakeWordException($"{source}: {role} '{v.Name}' dimension {i} is absurd ({d.DimValue})");
                shape[i] = (int)d.DimValue;
            }
            return shape;
        }
    }
}
