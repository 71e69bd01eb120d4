using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using WakeWord.Codegen.Import;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Passes;
using WakeWord.Core;
using WakeWord.Onnx;
using WakeWord.Onnx.Proto;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Quantization;

/// <summary>Choices of the quantizer (the <c>generate</c> command's options).</summary>
public sealed record QuantizerOptions
{
    /// <summary>Range method for every tensor without an entry in <see cref="TensorMethods"/>.</summary>
    public CalibrationMethod Method { get; init; } = CalibrationMethod.MinMax;
    /// <summary>Upper percentile for <see cref="CalibrationMethod.Percentile"/> (the lower one is 100 minus it).</summary>
    public double Percentile { get; init; } = 99.99;
    /// <summary>Per-tensor method overrides, by IR or ONNX tensor name.</summary>
    public IReadOnlyDictionary<string, CalibrationMethod> TensorMethods { get; init; } = ImmutableDictionary<string, CalibrationMethod>.Empty;
    /// <summary>Layers (ONNX node names) to keep in int16 (CMSIS-NN s16 kernels).</summary>
    public IReadOnlySet<string> Int16Layers { get; init; } = ImmutableHashSet<string>.Empty;
    public RequantRounding Rounding { get; init; } = RequantRounding.Double;
}

/// <summary>
/// Float ONNX → quantized model: import, standard passes, calibration on feature windows through ONNX Runtime
/// (every intermediate as a graph output) and the C# float executor (LSTM cell states, tensors that exist only
/// after the passes), then the CMSIS-NN int8 scheme: symmetric per-channel int8 weights, int32 biases,
/// asymmetric per-tensor int8 activations, 8x8_16 LSTMs, softmax output 1/256 with zero point -128.
/// </summary>
public static class Quantizer
{
    /// <summary>Quantizes <paramref name="onnxPath"/> and measures the result on <paramref name="validation"/> windows (int16 features).</summary>
    public static (QuantizedModel Model, QuantizationReport Report) Quantize(string onnxPath, IReadOnlyList<short[]> calibration,
        IReadOnlyList<short[]> validation, QuantizerOptions? options = null)
    {
        var bytes = File.Exists(onnxPath) ? File.ReadAllBytes(onnxPath) : throw new WakeWordException($"{onnxPath}: no such file");
        var name = Path.GetFileName(onnxPath);
        var proto = OnnxImporter.ParseModel(bytes, name);
        var q = QuantizeModel(proto, name, Convert.ToHexStringLower(SHA256.HashData(bytes)), calibration, options ?? new QuantizerOptions(), out var graph, out var irNames);
        var report = QuantizationReport.Measure(proto, graph, q, irNames, validation, calibration.Count, options ?? new QuantizerOptions());
        return (q, report);
    }

    /// <summary>The quantization alone (no report); <paramref name="graph"/> is the kernel-ready float graph it quantized.</summary>
    public static QuantizedModel QuantizeModel(ModelProto proto, string source, string sha256, IReadOnlyList<short[]> calibration,
        QuantizerOptions options, out Graph graph, out IReadOnlyDictionary<int, string> irNames)
    {
        if (calibration.Count == 0) throw new WakeWordException($"{source}: calibration needs at least one feature window");
        var g = PassPipeline.Run(OnnxImporter.Import(proto, source));
        graph = g;
        var int16Nodes = Int16Nodes(g, proto, source, options.Int16Layers);
        var input = g[g.Inputs[0]];
        int frames = input.Shape[1], features = input.Shape[2];
        var norm = FeatureNormalization.FromMetadata(g.Metadata, features, source);
        foreach (var w in calibration)
            if (w.Length != frames * features) throw new WakeWordException($"{source}: a calibration window has {w.Length} values, the model takes {frames}x{features}");

        // ---- calibration ----
        var stats = new Dictionary<string, TensorStats>();
        var cellMax = new Dictionary<string, double>();
        var activations = g.Tensors.Values.Where(t => !t.IsConstant).Select(t => t.Name).ToList();
        using (var ort = new FloatReference(proto, exposeIntermediates: true))
        {
            var ortNames = ort.OutputNames.ToHashSet();
            foreach (var w in calibration)
            {
                var x = norm.Normalize(w);
                var fromOrt = ort.Run(x);
                var fromIr = FloatExecutor.Run(g, x, cellMax);
                foreach (var t in activations)
                {
                    var src = g[t].RangeOf;
                    var values = src != null && ortNames.Contains(src) ? fromOrt[src] : fromIr[t];
                    if (!stats.TryGetValue(t, out var s)) stats[t] = s = new TensorStats();
                    s.Add(values);
                }
            }
        }

        // ---- ranges, shared by views (reshape, slice, reverse, concat, pools) ----
        var parent = activations.ToDictionary(t => t, t => t);
        string Find(string t) => parent[t] == t ? t : parent[t] = Find(parent[t]);
        foreach (var n in g.Nodes)
            if (n.Op is OpType.Reshape or OpType.Slice or OpType.Reverse or OpType.Concat or OpType.MaxPool or OpType.AveragePool or OpType.GlobalAveragePool)
                foreach (var i in n.Inputs) parent[Find(i)] = Find(n.Outputs[0]);
        var groupRange = new Dictionary<string, (double Lo, double Hi)>();
        foreach (var t in activations)
        {
            var method = options.TensorMethods.TryGetValue(t, out var m) ? m
                : g[t].RangeOf is { } r && options.TensorMethods.TryGetValue(r, out m) ? m : options.Method;
            var (lo, hi) = stats[t].Range(method, options.Percentile);
            var root = Find(t);
            groupRange[root] = groupRange.TryGetValue(root, out var cur) ? (Math.Min(cur.Lo, lo), Math.Max(cur.Hi, hi)) : (lo, hi);
        }
        var quant = new Dictionary<string, (double Scale, int Zp)>();
        foreach (var t in activations)
        {
            var (lo, hi) = groupRange[Find(t)];
            quant[t] = QuantMath.Asymmetric(lo, hi);
        }
        foreach (var n in g.Nodes.Where(n => n.Op == OpType.Softmax)) quant[n.Outputs[0]] = (1.0 / 256, -128);
        // Symmetric int16 scales (zero point 0) for the tensors around layers kept in int16.
        var scale16 = new Dictionary<string, double>();
        foreach (var n in int16Nodes)
            foreach (var t in new[] { n.Inputs[0], n.Outputs[0] })
            {
                var (lo, hi) = groupRange[Find(t)];
                scale16[t] = QuantMath.SymmetricScale(Math.Max(Math.Abs(lo), Math.Abs(hi)), short.MaxValue);
            }
        // int8 copies are needed where a tensor made by an int16 layer is read by an int8 layer or is the output.
        var int8Readers = new HashSet<string>(g.Outputs);
        foreach (var n in g.Nodes.Where(n => !int16Nodes.Contains(n)))
            foreach (var i in n.Inputs) int8Readers.Add(i);

        // ---- tensors and layers ----
        var b = new ModelBuilder(g, quant, scale16, int16Nodes, int8Readers);
        var inId = b.Tensor(input.Name);
        foreach (var n in g.Nodes) b.Add(n, cellMax);
        var (sIn, zIn) = quant[input.Name];
        var fq = new FeatureQuantizer
        {
            Offset = norm.Mean.Select(mu => -(int)Math.Round(mu, MidpointRounding.AwayFromZero)).ToArray(),
            Multiplier = new int[features],
            Shift = new int[features],
            InputZeroPoint = zIn,
        };
        for (var c = 0; c < features; c++) (fq.Multiplier[c], fq.Shift[c]) = QuantMath.QuantizeMultiplier(1.0 / (norm.Std[c] * sIn));
        g.Metadata.TryGetValue(CrnnMetadata.ClassesKey, out var classes);
        g.Metadata.TryGetValue(CrnnMetadata.PhraseKey, out var phrase);
        var outT = g[g.Outputs[0]];
        var model = new QuantizedModel
        {
            SourceSha256 = sha256,
            SourceName = source,
            ClassNames = (classes ?? string.Join(",", Enumerable.Range(0, outT.Elements).Select(i => $"class{i}"))).Split(','),
            Phrase = phrase ?? "",
            Rounding = options.Rounding,
            InputFrames = frames,
            InputFeatures = features,
            Tensors = [.. b.Tensors],
            Layers = [.. b.Layers],
            InputTensor = inId,
            OutputTensor = b.Tensor(g.Outputs[0]),
            FeatureQuantizer = fq,
        };
        ModelValidator.Validate(model, source);
        irNames = b.IrNames;
        return model;
    }

    /// <summary>
    /// The IR nodes named in <paramref name="names"/> (ONNX node names), checked: each must exist and be a Conv or a
    /// Gemm (the ops with a CMSIS-NN s16 kernel); otherwise a one-line error naming the layer and why.
    /// </summary>
    private static HashSet<Node> Int16Nodes(Graph g, ModelProto proto, string source, IReadOnlySet<string> names)
    {
        var nodes = new HashSet<Node>();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var matches = g.Nodes.Where(n => n.Name == name).ToList();
            if (matches.Count == 0 && proto.Graph?.Node.FirstOrDefault(n => n.Name == name) is { } onnxNode)
                throw new WakeWordException($"{source}: int16 layer '{name}' ({onnxNode.OpType}): no s16 kernel runs this operation (only Conv and Gemm/MatMul can be kept in int16)");
            if (matches.Count == 0)
            {
                var candidates = g.Nodes.Where(n => n.Op is OpType.Conv or OpType.Gemm).Select(n => n.Name);
                throw new WakeWordException($"{source}: int16 layer '{name}': no node of that name in the model (conv/FC nodes: {string.Join(", ", candidates)})");
            }
            foreach (var n in matches)
            {
                if (n.Op is not (OpType.Conv or OpType.Gemm))
                    throw new WakeWordException($"{source}: int16 layer '{name}' ({n.Op}): no s16 kernel runs this operation (only Conv and Gemm/MatMul can be kept in int16)");
                nodes.Add(n);
            }
        }
        return nodes;
    }

    /// <summary>Turns kernel-ready IR nodes into <see cref="Layer"/> records with their integer parameters.</summary>
    private sealed class ModelBuilder(Graph g, Dictionary<string, (double Scale, int Zp)> quant, Dictionary<string, double> scale16,
        HashSet<Node> int16Nodes, HashSet<string> int8Readers)
    {
        private readonly Dictionary<string, int> _ids = new();
        private readonly Dictionary<string, int> _ids16 = new();
        private readonly HashSet<string> _names = new();
        public List<TensorInfo> Tensors { get; } = new();
        public List<Layer> Layers { get; } = new();
        public IReadOnlyDictionary<int, string> IrNames => _ids.Concat(_ids16).ToDictionary(kv => kv.Value, kv => kv.Key);

        /// <summary>The int16 tensor of <paramref name="irName"/>; made from its int8 tensor by a requantize layer the first time.</summary>
        private int Tensor16(string irName, string node)
        {
            if (_ids16.TryGetValue(irName, out var id)) return id;
            var src = Tensor(irName);
            var (s8, z8) = quant[irName];
            id = NewTensor16(irName);
            var (m, sh) = QuantMath.QuantizeMultiplier(s8 / scale16[irName]);
            Layers.Add(new RequantizeLayer
            {
                Name = CName("l_" + irName + "_to_s16"), OnnxNode = node, Inputs = [src], Output = id,
                InputOffset = -z8, Multiplier = m, Shift = sh, OutputOffset = 0, ActivationMin = short.MinValue, ActivationMax = short.MaxValue,
            });
            return id;
        }

        private int NewTensor16(string irName)
        {
            var id = Tensors.Count;
            Tensors.Add(new TensorInfo { Id = id, Name = CName(irName + "_s16"), Shape = g[irName].Shape.ToArray(), Type = ElementType.Int16, Scale = scale16[irName], ZeroPoint = 0 });
            _ids16[irName] = id;
            return id;
        }

        /// <summary>
        /// A Conv or Gemm kept in int16 (CMSIS-NN s16 kernels): symmetric int16 input and output, symmetric int8
        /// weights (per channel for conv, per tensor for FC), int64 bias; an int16→int8 requantize follows when an
        /// int8 layer reads the output.
        /// </summary>
        private void AddS16(Node n)
        {
            string x = n.Inputs[0], y = n.Outputs[0];
            var inId = Tensor16(x, n.Name);
            double sx = scale16[x], sy = scale16[y];
            var outId = NewTensor16(y);
            var layerName = CName("l_" + n.Name);
            var w = g[n.Inputs[1]];
            var wf = w.Floats!.Value.AsSpan();
            int o = w.Shape[0], per = w.Elements / o;
            var bias = n.Inputs.Length > 2 && n.Inputs[2].Length > 0 ? g[n.Inputs[2]].Floats!.Value.ToArray() : new float[o];
            var wq = new sbyte[w.Elements];
            var bq = new long[o];
            static long Bias64(double b, double scale) => (long)Math.Clamp(Math.Round(b / scale, MidpointRounding.AwayFromZero), -(double)(1L << 47), (double)(1L << 47));
            if (n.Op == OpType.Conv)
            {
                var a = (ConvAttrs)n.Attrs;
                var mult = new int[o];
                var shift = new int[o];
                for (var c = 0; c < o; c++)
                {
                    var sw = QuantMath.WeightScale(wf.Slice(c * per, per));
                    QuantMath.QuantizeWeights(wf.Slice(c * per, per), sw).CopyTo(wq, c * per);
                    bq[c] = Bias64(bias[c], sx * sw);
                    (mult[c], shift[c]) = QuantMath.QuantizeMultiplier(sx * sw / sy);
                }
                var (amin, amax) = QuantMath.ActivationRange(a.Activation.Min, a.Activation.Max, sy, 0, short.MinValue, short.MaxValue);
                var win = a.Window;
                Layers.Add(new Conv2DS16Layer
                {
                    Name = layerName, OnnxNode = n.Name, Inputs = [inId], Output = outId,
                    Weights = wq, WeightShape = [.. w.Shape], Bias = bq, Multiplier = mult, Shift = shift,
                    InputOffset = 0, OutputOffset = 0, StrideH = win.StrideH, StrideW = win.StrideW,
                    PadH = win.PadTop, PadW = win.PadLeft, DilationH = win.DilationH, DilationW = win.DilationW,
                    ActivationMin = amin, ActivationMax = amax,
                });
            }
            else
            {
                var a = (GemmAttrs)n.Attrs;
                var sw = QuantMath.WeightScale(wf);
                QuantMath.QuantizeWeights(wf, sw).CopyTo(wq, 0);
                for (var c = 0; c < o; c++) bq[c] = Bias64(bias[c], sx * sw);
                var (mult, shift) = QuantMath.QuantizeMultiplier(sx * sw / sy);
                var (amin, amax) = QuantMath.ActivationRange(a.Activation.Min, a.Activation.Max, sy, 0, short.MinValue, short.MaxValue);
                Layers.Add(new FullyConnectedS16Layer
                {
                    Name = layerName, OnnxNode = n.Name, Inputs = [inId], Output = outId,
                    Weights = wq, InputDepth = per, OutputDepth = o, Bias = bq, Multiplier = mult, Shift = shift,
                    ActivationMin = amin, ActivationMax = amax,
                });
            }
            if (int8Readers.Contains(y))
            {
                var (s8, z8) = quant[y];
                var (m, sh) = QuantMath.QuantizeMultiplier(sy / s8);
                Layers.Add(new RequantizeLayer
                {
                    Name = CName(layerName + "_to_s8"), OnnxNode = n.Name, Inputs = [outId], Output = Tensor(y),
                    InputOffset = 0, Multiplier = m, Shift = sh, OutputOffset = z8, ActivationMin = -128, ActivationMax = 127,
                });
            }
        }

        public int Tensor(string irName) => _ids.TryGetValue(irName, out var id) ? id : NewTensor(irName, g[irName].Shape.ToArray(), quant[irName]);

        private int NewTensor(string irName, int[] shape, (double Scale, int Zp) q)
        {
            var id = Tensors.Count;
            Tensors.Add(new TensorInfo { Id = id, Name = CName(irName), Shape = shape, Type = ElementType.Int8, Scale = q.Scale, ZeroPoint = q.Zp });
            _ids[irName] = id;
            return id;
        }

        private string CName(string s)
        {
            var sb = new StringBuilder();
            foreach (var ch in s) sb.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '_');
            if (sb.Length == 0 || char.IsAsciiDigit(sb[0])) sb.Insert(0, 't');
            var name = sb.ToString();
            for (var i = 1; !_names.Add(name); i++) name = $"{sb}_{i}";
            return name;
        }

        private WakeWordException Unsupported(Node n, string why) => new($"node '{n.Name}' ({n.Op}): {why}");

        public void Add(Node n, Dictionary<string, double> cellMax)
        {
            if (int16Nodes.Contains(n))
            {
                AddS16(n);
                return;
            }
            var x = n.Inputs[0];
            var y = n.Outputs[0];
            var (sx, zx) = quant[x];
            var (sy, zy) = quant[y];
            var inId = Tensor(x);
            var layerName = CName("l_" + n.Name);
            switch (n.Op)
            {
                case OpType.Conv:
                {
                    var a = (ConvAttrs)n.Attrs;
                    var w = g[n.Inputs[1]];
                    var wf = w.Floats!.Value.AsSpan();
                    int o = w.Shape[0], per = w.Elements / o;
                    var bias = n.Inputs.Length > 2 && n.Inputs[2].Length > 0 ? g[n.Inputs[2]].Floats!.Value.ToArray() : new float[o];
                    var wq = new sbyte[w.Elements];
                    var bq = new int[o];
                    var mult = new int[o];
                    var shift = new int[o];
                    for (var c = 0; c < o; c++)
                    {
                        var sw = QuantMath.WeightScale(wf.Slice(c * per, per));
                        QuantMath.QuantizeWeights(wf.Slice(c * per, per), sw).CopyTo(wq, c * per);
                        bq[c] = QuantMath.QuantizeBias(bias[c], sx * sw);
                        (mult[c], shift[c]) = QuantMath.QuantizeMultiplier(sx * sw / sy);
                    }
                    var (amin, amax) = QuantMath.ActivationRange(a.Activation.Min, a.Activation.Max, sy, zy, -128, 127);
                    var win = a.Window;
                    Layers.Add(new Conv2DLayer
                    {
                        Name = layerName, OnnxNode = n.Name, Inputs = [inId], Output = Tensor(y),
                        Weights = wq, WeightShape = [.. w.Shape], Bias = bq, Multiplier = mult, Shift = shift,
                        InputOffset = -zx, OutputOffset = zy, StrideH = win.StrideH, StrideW = win.StrideW,
                        PadH = win.PadTop, PadW = win.PadLeft, DilationH = win.DilationH, DilationW = win.DilationW,
                        ActivationMin = amin, ActivationMax = amax,
                    });
                    break;
                }
                case OpType.Gemm:
                {
                    var a = (GemmAttrs)n.Attrs;
                    var w = g[n.Inputs[1]];
                    var wf = w.Floats!.Value.AsSpan();
                    int o = w.Shape[0], k = w.Shape[1];
                    var bias = n.Inputs.Length > 2 && n.Inputs[2].Length > 0 ? g[n.Inputs[2]].Floats!.Value.ToArray() : new float[o];
                    var wq = new sbyte[w.Elements];
                    var bq = new int[o];
                    var mult = new int[o];
                    var shift = new int[o];
                    for (var c = 0; c < o; c++)
                    {
                        var sw = QuantMath.WeightScale(wf.Slice(c * k, k));
                        QuantMath.QuantizeWeights(wf.Slice(c * k, k), sw).CopyTo(wq, c * k);
                        bq[c] = QuantMath.QuantizeBias(bias[c], sx * sw);
                        (mult[c], shift[c]) = QuantMath.QuantizeMultiplier(sx * sw / sy);
                    }
                    var (amin, amax) = QuantMath.ActivationRange(a.Activation.Min, a.Activation.Max, sy, zy, -128, 127);
                    Layers.Add(new FullyConnectedLayer
                    {
                        Name = layerName, OnnxNode = n.Name, Inputs = [inId], Output = Tensor(y),
                        Weights = wq, InputDepth = k, OutputDepth = o, Bias = bq, PerChannel = true, Multiplier = mult, Shift = shift,
                        InputOffset = -zx, FilterOffset = 0, OutputOffset = zy, ActivationMin = amin, ActivationMax = amax,
                    });
                    break;
                }
                case OpType.MaxPool:
                case OpType.AveragePool:
                case OpType.GlobalAveragePool:
                {
                    var xs = g[x].Shape;
                    var win = n.Attrs is PoolAttrs p ? p.Window : new Window(xs[1], xs[2], 1, 1, 0, 0, 0, 0);
                    var act = n.Attrs is PoolAttrs pa ? pa.Activation : ActRange.None;
                    var (amin, amax) = QuantMath.ActivationRange(act.Min, act.Max, sy, zy, -128, 127);
                    if (n.Op == OpType.MaxPool)
                        Layers.Add(new MaxPoolLayer
                        {
                            Name = layerName, OnnxNode = n.Name, Inputs = [inId], Output = Tensor(y), KernelH = win.KernelH, KernelW = win.KernelW,
                            StrideH = win.StrideH, StrideW = win.StrideW, PadH = win.PadTop, PadW = win.PadLeft, ActivationMin = amin, ActivationMax = amax,
                        });
                    else
                        Layers.Add(new AvgPoolLayer
                        {
                            Name = layerName, OnnxNode = n.Name, Inputs = [inId], Output = Tensor(y), KernelH = win.KernelH, KernelW = win.KernelW,
                            StrideH = win.StrideH, StrideW = win.StrideW, PadH = win.PadTop, PadW = win.PadLeft, ActivationMin = amin, ActivationMax = amax,
                        });
                    break;
                }
                case OpType.Lstm:
                {
                    var a = (LstmAttrs)n.Attrs;
                    var xs = g[x].Shape;
                    int t = xs[0], batch = xs[1], inSize = xs[2], h = a.Hidden;
                    var w = g[n.Inputs[1]].Floats!.Value.AsSpan();
                    var r = g[n.Inputs[2]].Floats!.Value.AsSpan();
                    var bb = n.Inputs.Length > 3 && n.Inputs[3].Length > 0 ? g[n.Inputs[3]].Floats!.Value.ToArray() : new float[8 * h];
                    var gates = new LstmQuantizer.GateInts[4];
                    for (var gi = 0; gi < 4; gi++)
                    {
                        var wg = w.Slice(gi * h * inSize, h * inSize);
                        var rg = r.Slice(gi * h * h, h * h);
                        var swx = QuantMath.WeightScale(wg);
                        var swh = QuantMath.WeightScale(rg);
                        var bias = new int[h];
                        for (var j = 0; j < h; j++) bias[j] = QuantMath.QuantizeBias((double)bb[gi * h + j] + bb[4 * h + gi * h + j], sx * swx);
                        gates[gi] = new LstmQuantizer.GateInts(QuantMath.QuantizeWeights(wg, swx), swx, QuantMath.QuantizeWeights(rg, swh), swh, bias);
                    }
                    var cp = LstmQuantizer.CellScalePower(cellMax.GetValueOrDefault(n.Name));
                    Layers.Add(LstmQuantizer.Layer(layerName, n.Name, inId, Tensor(y), t, batch, inSize, h, gates, sx, zx, sy, zy, cp));
                    break;
                }
                case OpType.Reverse:
                {
                    if (((AxisAttrs)n.Attrs).Axis != 0) throw Unsupported(n, "only the time axis (0) can be reversed");
                    Layers.Add(new TimeReverseLayer { Name = layerName, OnnxNode = n.Name, Inputs = [inId], Output = Tensor(y), TimeSteps = g[x].Shape[0] });
                    break;
                }
                case OpType.Slice:
                {
                    var a = (SliceAttrs)n.Attrs;
                    if (a.Axis != 0 || a.End - a.Start != 1) throw Unsupported(n, "only a single step of the time axis (0) can be selected");
                    Layers.Add(new SelectStepLayer { Name = layerName, OnnxNode = n.Name, Inputs = [inId], Output = Tensor(y), TimeSteps = g[x].Shape[0], Step = a.Start });
                    break;
                }
                case OpType.Concat:
                {
                    // ConcatLayer joins along the last axis: view every operand as [outer, len] first.
                    var axis = ((AxisAttrs)n.Attrs).Axis;
                    var ys = g[y].Shape;
                    var outer = 1;
                    for (var d = 0; d < axis; d++) outer *= ys[d];
                    var ids = new List<int>();
                    foreach (var part in n.Inputs)
                    {
                        var id = Tensor(part);
                        var len = g[part].Elements / outer;
                        if (Tensors[id].Shape[^1] != len || Tensors[id].Elements != outer * len)
                            id = View(id, [outer, len], n.Name, quant[part]);
                        ids.Add(id);
                    }
                    var total = g[y].Elements / outer;
                    if (ys[^1] == total && g[y].Elements == outer * total)
                        Layers.Add(new ConcatLayer { Name = layerName, OnnxNode = n.Name, Inputs = [.. ids], Output = Tensor(y) });
                    else
                    {
                        var flat = NewTensor(y + "_flat", [outer, total], quant[y]);
                        Layers.Add(new ConcatLayer { Name = layerName, OnnxNode = n.Name, Inputs = [.. ids], Output = flat });
                        _ids.Remove(y + "_flat");
                        Layers.Add(new ReshapeLayer { Name = CName(layerName + "_view"), OnnxNode = n.Name, Inputs = [flat], Output = Tensor(y) });
                    }
                    break;
                }
                case OpType.SubtractMean:
                {
                    var axis = ((AxisAttrs)n.Attrs).Axis;
                    var xs = g[x].Shape;
                    int outer = FloatExecutor.Prod(xs, 0, axis), inner = FloatExecutor.Prod(xs, axis + 1, xs.Length), steps = xs[axis];
                    // The kernel scales the exact integer difference by 256 (guard bits for the rounding).
                    var (m, sh) = QuantMath.QuantizeMultiplier(sx / (256.0 * steps * sy));
                    Layers.Add(new SubtractMeanLayer
                    {
                        Name = layerName, OnnxNode = n.Name, Inputs = [inId], Output = Tensor(y),
                        Outer = outer, Steps = steps, Inner = inner, InputOffset = -zx, Multiplier = m, Shift = sh, OutputOffset = zy,
                    });
                    break;
                }
                case OpType.Reshape:
                    Layers.Add(new ReshapeLayer { Name = layerName, OnnxNode = n.Name, Inputs = [inId], Output = Tensor(y) });
                    break;
                case OpType.Softmax:
                {
                    var (m, s, diffMin) = QuantMath.Softmax(sx);
                    var row = g[x].Shape[^1];
                    Layers.Add(new SoftmaxLayer
                    {
                        Name = layerName, OnnxNode = n.Name, Inputs = [inId], Output = Tensor(y),
                        NumRows = g[x].Elements / row, RowSize = row, Multiplier = m, Shift = s, DiffMin = diffMin,
                    });
                    break;
                }
                default:
                    throw Unsupported(n, "no int8 kernel runs this operation (fuse it or remove it before quantizing)");
            }
        }

        private int View(int id, int[] shape, string node, (double Scale, int Zp) q)
        {
            var src = Tensors[id];
            var key = $"{src.Name}_as_{string.Join("x", shape)}";
            var v = NewTensor(key, shape, q);
            Layers.Add(new ReshapeLayer { Name = CName("l_" + key), OnnxNode = node, Inputs = [id], Output = v });
            return v;
        }
    }
}
