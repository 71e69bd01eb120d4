using System.Collections.Immutable;
using WakeWord.Codegen.IR;
using WakeWord.Core;

namespace WakeWord.Codegen.Passes;

/// <summary>
/// Converts 4-D feature maps from ONNX's NCHW to the NHWC layout CMSIS-NN uses (conv weights OIHW → OHWI).
/// A chain of Transpose/Reshape nodes that leaves the 4-D world (e.g. conv maps → LSTM sequence) is replaced by
/// one data-free Reshape of the NHWC buffer when the element order it produces differs from the NHWC order only
/// by a permutation inside the last dimension; that permutation is then absorbed into the weight columns of the
/// LSTM input (W) or the fully connected layer reading the result. Anything else is refused.
/// </summary>
public sealed class ConvertToNhwc : IPass
{
    private static readonly int[] ToNhwc = [0, 2, 3, 1];   // NHWC dim i = NCHW dim ToNhwc[i]
    private static readonly int[] AxisMap = [0, 3, 1, 2];  // NCHW axis a = NHWC axis AxisMap[a]

    public Graph Run(Graph g)
    {
        if (g.Layout == Layout.Nhwc) return g;
        var tensors = g.Tensors.ToBuilder();
        var nhwc = new HashSet<string>();
        var nodes = new List<Node>();
        var pendingPerms = new Dictionary<string, int[]>(); // tensor -> column permutation its readers must absorb
        var renames = new Dictionary<string, string>();     // relaid-out tensor -> its new name

        void MakeNhwc(string name)
        {
            var t = tensors[name];
            tensors[name] = t with { Shape = [.. ToNhwc.Select(d => t.Shape[d])], NhwcOfOnnx = true };
            nhwc.Add(name);
        }

        foreach (var i in g.Inputs)
            if (g[i].Shape.Length == 4) MakeNhwc(i);

        var src = g.Nodes;
        var consumed = new HashSet<int>();
        for (var ni = 0; ni < src.Length; ni++)
        {
            if (consumed.Contains(ni)) continue;
            var n = src[ni];
            var inNhwc = n.Inputs.Length > 0 && nhwc.Contains(n.Inputs[0]);
            if (pendingPerms.Count > 0)
                foreach (var inp in n.Inputs.Skip(1))
                    if (pendingPerms.ContainsKey(inp)) throw Refuse(n, $"reads '{inp}' as a weight operand");
            if (n.Inputs.Length > 0 && pendingPerms.TryGetValue(n.Inputs[0], out var colPerm))
            {
                var absorbed = Absorb(n, colPerm, g, tensors);
                nodes.Add(absorbed with { Inputs = absorbed.Inputs.SetItem(0, renames[n.Inputs[0]]) });
                continue;
            }
            if (!inNhwc)
            {
                if (n.Inputs.Any(nhwc.Contains)) throw Refuse(n, "mixes NCHW and NHWC operands");
                nodes.Add(n);
                continue;
            }
            switch (n.Op)
            {
                case OpType.Conv:
                {
                    var w = tensors[n.Inputs[1]];
                    var wNew = FoldBatchNorm.Fresh(tensors, n.Inputs[1] + "_ohwi");
                    var data = new float[w.Elements];
                    FloatExecutor.Transpose(w.Floats!.Value.ToArray(), [.. w.Shape], ToNhwc, data);
                    tensors[wNew] = Tensor.Const(wNew, [.. ToNhwc.Select(d => w.Shape[d])], data);
                    nodes.Add(n with { Inputs = n.Inputs.SetItem(1, wNew) });
                    MakeNhwc(n.Outputs[0]);
                    break;
                }
                case OpType.MaxPool:
                case OpType.AveragePool:
                case OpType.GlobalAveragePool:
                case OpType.Clip:
                case OpType.BatchNorm:
                    nodes.Add(n);
                    MakeNhwc(n.Outputs[0]);
                    break;
                case OpType.Concat:
                case OpType.Reverse:
                case OpType.SubtractMean:
                {
                    if (!n.Inputs.All(nhwc.Contains)) throw Refuse(n, "mixes NCHW and NHWC operands");
                    nodes.Add(n with { Attrs = new AxisAttrs(AxisMap[((AxisAttrs)n.Attrs).Axis]) });
                    MakeNhwc(n.Outputs[0]);
                    break;
                }
                case OpType.Slice:
                {
                    var a = (SliceAttrs)n.Attrs;
                    nodes.Add(n with { Attrs = a with { Axis = AxisMap[a.Axis] } });
                    MakeNhwc(n.Outputs[0]);
                    break;
                }
                case OpType.Transpose:
                case OpType.Reshape:
                {
                    // Follow the chain of layout-only nodes while each intermediate has exactly one reader.
                    var chain = new List<Node> { n };
                    consumed.Add(ni);
                    while (true)
                    {
                        var last = chain[^1].Outputs[0];
                        if (g.Outputs.Contains(last)) break;
                        var readers = Enumerable.Range(0, src.Length).Where(k => src[k].Inputs.Contains(last)).ToList();
                        if (readers.Count != 1 || src[readers[0]].Op is not (OpType.Transpose or OpType.Reshape)) break;
                        chain.Add(src[readers[0]]);
                        consumed.Add(readers[0]);
                    }
                    var x = n.Inputs[0];
                    var end = chain[^1].Outputs[0];
                    var endShape = g[end].Shape;
                    if (endShape.Length == 4) throw Refuse(n, "re-arranges a 4-D feature map");
                    var map = IndexMap(g, x, chain);
                    var f = endShape[^1];
                    var perm = map.Take(f).ToArray();
                    for (var e = 0; e < map.Length; e++)
                        if (map[e] != e / f * f + perm[e % f])
                            throw Refuse(n, $"produces {g[end].ShapeText} in an element order no data-free reshape of the NHWC map gives");
                    var identity = perm.Select((p, k) => p == k).All(b => b);
                    if (identity)
                    {
                        nodes.Add(new Node(chain[^1].Name, OpType.Reshape, [x], [end], OpAttrs.None));
                        break;
                    }
                    if (g.Outputs.Contains(end)) throw Refuse(n, "makes a graph output whose element order would change");
                    // Same values in another order: a new name, so no one mistakes it for the ONNX tensor.
                    var renamed = FoldBatchNorm.Fresh(tensors, end + "_nhwc");
                    tensors[renamed] = tensors[end] with { Name = renamed };
                    tensors.Remove(end);
                    nodes.Add(new Node(chain[^1].Name, OpType.Reshape, [x], [renamed], OpAttrs.None));
                    pendingPerms[end] = perm;
                    renames[end] = renamed;
                    break;
                }
                default:
                    throw Refuse(n, "reads a 4-D feature map and has no NHWC form");
            }
        }
        return (g with { Nodes = [.. nodes], Tensors = tensors.ToImmutable(), Layout = Layout.Nhwc }).Prune();
    }

    private static WakeWordException Refuse(Node n, string why) => new($"node '{n.Name}' ({n.Op}): cannot convert to NHWC: {why}");

    /// <summary>For each element of the chain's output (row-major), its index in the NHWC buffer of <paramref name="x"/>.</summary>
    private static int[] IndexMap(Graph g, string x, List<Node> chain)
    {
        var s = g[x].Shape; // NCHW logical shape
        int nn = s[0], c = s[1], h = s[2], w = s[3];
        var cur = new float[nn * c * h * w];
        for (var b = 0; b < nn; b++)
            for (var ci = 0; ci < c; ci++)
                for (var y = 0; y < h; y++)
                    for (var xi = 0; xi < w; xi++)
                        cur[((b * c + ci) * h + y) * w + xi] = ((b * h + y) * w + xi) * c + ci;
        var shape = s.ToArray();
        foreach (var n in chain)
        {
            if (n.Op == OpType.Transpose)
            {
                var perm = ((TransposeAttrs)n.Attrs).Perm.ToArray();
                var next = new float[cur.Length];
                FloatExecutor.Transpose(cur, shape, perm, next);
                cur = next;
            }
            shape = [.. g[n.Outputs[0]].Shape];
        }
        if (cur.Length > 1 << 24) throw new WakeWordException($"node '{chain[0].Name}': feature map too large to relayout");
        return cur.Select(v => (int)v).ToArray();
    }

    /// <summary>Makes the reader of a column-permuted tensor use permuted weight columns: W'[:, perm[j]] = W[:, j].</summary>
    private static Node Absorb(Node n, int[] perm, Graph g, ImmutableDictionary<string, Tensor>.Builder tensors)
    {
        if (n.Op is not (OpType.Lstm or OpType.Gemm)) throw Refuse(n, "reads a relaid-out feature map but is not an LSTM or fully connected layer");
        var w = tensors[n.Inputs[1]];
        var cols = w.Shape[^1];
        if (cols != perm.Length) throw Refuse(n, "weight columns do not match its input");
        var src = w.Floats!.Value;
        var data = new float[src.Length];
        for (var r = 0; r < src.Length / cols; r++)
            for (var j = 0; j < cols; j++) data[r * cols + perm[j]] = src[r * cols + j];
        var name = FoldBatchNorm.Fresh(tensors, n.Inputs[1] + "_nhwc");
        tensors[name] = Tensor.Const(name, w.Shape, data);
        return n with { Inputs = n.Inputs.SetItem(1, name) };
    }
}
