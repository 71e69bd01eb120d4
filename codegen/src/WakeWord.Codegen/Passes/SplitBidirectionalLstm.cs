using System.Collections.Immutable;
using WakeWord.Codegen.IR;

namespace WakeWord.Codegen.Passes;

/// <summary>
/// Turns every bidirectional or reverse LSTM into forward ones, as CMSIS-NN runs only forward
/// unidirectional LSTMs: the backward direction becomes Reverse(X) → forward LSTM (its weights) → Reverse(Y).
/// A bidirectional node's Y is the Concat of both directions on axis 1 and Y_h the Concat on axis 0.
/// All hidden outputs keep the calibrated range of the original Y (they share one quantization).
/// </summary>
public sealed class SplitBidirectionalLstm : IPass
{
    public Graph Run(Graph g)
    {
        var tensors = g.Tensors.ToBuilder();
        var nodes = new List<Node>();
        foreach (var n in g.Nodes)
        {
            if (n.Op != OpType.Lstm || ((LstmAttrs)n.Attrs).Direction == LstmDirection.Forward)
            {
                nodes.Add(n);
                continue;
            }
            var a = (LstmAttrs)n.Attrs;
            var x = g[n.Inputs[0]];
            int t = x.Shape[0], batch = x.Shape[1], h = a.Hidden;
            var yName = n.Output(0);
            var yhName = n.Output(1);
            var range = yName.Length > 0 ? g[yName].RangeOf : g[yhName].RangeOf;
            var yUsed = yName.Length > 0 && !g.IsUnused(yName);
            var yhUsed = yhName.Length > 0 && !g.IsUnused(yhName);
            var dirs = a.Direction == LstmDirection.Bidirectional ? new[] { 0, 1 } : new[] { 0 };
            var ys = new List<string>();
            var yhs = new List<string>();
            foreach (var d in dirs)
            {
                var backward = a.Direction == LstmDirection.Reverse || d == 1;
                var tag = backward ? "bwd" : "fwd";
                var name = Unique(tensors, $"{n.Name}_{tag}");
                var inputs = new List<string> { x.Name };
                for (var k = 1; k < n.Inputs.Length; k++)
                    inputs.Add(n.Inputs[k].Length == 0 ? "" : Direction(tensors, g[n.Inputs[k]], d, a.Directions, $"{name}_{"?WRB"[k]}"));
                if (backward)
                {
                    var xr = Unique(tensors, $"{x.Name}_rev");
                    tensors[xr] = new Tensor(xr, x.Shape) { RangeOf = x.RangeOf };
                    nodes.Add(new Node(Unique(tensors, $"{n.Name}_reverse_in"), OpType.Reverse, [x.Name], [xr], new AxisAttrs(0)));
                    inputs[0] = xr;
                }
                var y = Unique(tensors, $"{name}_Y");
                var yh = Unique(tensors, $"{name}_Y_h");
                tensors[y] = new Tensor(y, [t, 1, batch, h]) { RangeOf = range };
                tensors[yh] = new Tensor(yh, [1, batch, h]) { RangeOf = range };
                nodes.Add(new Node(name, OpType.Lstm, [.. inputs], [y, yhUsed ? yh : ""], new LstmAttrs(h, LstmDirection.Forward)));
                if (!yhUsed) tensors.Remove(yh);
                if (backward && yUsed)
                {
                    var yb = Unique(tensors, $"{name}_Y_timeorder");
                    tensors[yb] = new Tensor(yb, [t, 1, batch, h]) { RangeOf = range };
                    nodes.Add(new Node(Unique(tensors, $"{n.Name}_reverse_out"), OpType.Reverse, [y], [yb], new AxisAttrs(0)));
                    y = yb;
                }
                ys.Add(y);
                yhs.Add(yh);
            }
            if (yUsed) nodes.Add(Join(ys, yName, 1, n.Name + "_concat_Y"));
            if (yhUsed) nodes.Add(Join(yhs, yhName, 0, n.Name + "_concat_Y_h"));
            foreach (var o in n.Outputs)
                if (o.Length > 0 && tensors.TryGetValue(o, out var ot)) tensors[o] = ot with { RangeOf = range };
        }
        return (g with { Nodes = [.. nodes], Tensors = tensors.ToImmutable() }).Prune();
    }

    private static Node Join(List<string> parts, string output, int axis, string name) =>
        parts.Count == 1
            ? new Node(name, OpType.Reshape, [parts[0]], [output], OpAttrs.None)
            : new Node(name, OpType.Concat, [.. parts], [output], new AxisAttrs(axis));

    private static string Direction(ImmutableDictionary<string, Tensor>.Builder tensors, Tensor w, int d, int nd, string stem)
    {
        var per = w.Elements / nd;
        var name = Unique(tensors, stem);
        tensors[name] = Tensor.Const(name, w.Shape.SetItem(0, 1), w.Floats!.Value.Skip(d * per).Take(per).ToArray());
        return name;
    }

    private static string Unique(ImmutableDictionary<string, Tensor>.Builder tensors, string stem) => FoldBatchNorm.Fresh(tensors, stem);
}
