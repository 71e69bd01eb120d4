using WakeWord.Codegen.IR;

namespace WakeWord.Codegen.Passes;

/// <summary>
/// The CMSIS-NN LSTM writes only the hidden sequence Y. A forward LSTM's Y_h is the last step of Y, so each Y_h
/// reader is rewired to Slice(Y, axis 0, T-1..T) reshaped to [1,B,H] — a view of Y's last row, no computation.
/// </summary>
public sealed class MapLstmYhToLastStep : IPass
{
    public Graph Run(Graph g)
    {
        var tensors = g.Tensors.ToBuilder();
        var nodes = new List<Node>();
        foreach (var n in g.Nodes)
        {
            if (n.Op != OpType.Lstm || n.Output(1).Length == 0)
            {
                nodes.Add(n);
                continue;
            }
            if (((LstmAttrs)n.Attrs).Direction != LstmDirection.Forward)
                throw new WakeWord.Core.WakeWordException($"node '{n.Name}' (LSTM): split bidirectional/reverse LSTMs before mapping Y_h");
            var y = n.Output(0);
            var yh = g[n.Output(1)];
            var t = g[n.Inputs[0]].Shape[0];
            if (y.Length == 0)
            {
                y = FoldBatchNorm.Fresh(tensors, n.Name + "_Y");
                tensors[y] = new Tensor(y, [t, .. yh.Shape]) { RangeOf = yh.RangeOf };
            }
            nodes.Add(n with { Outputs = [y] });
            var last = FoldBatchNorm.Fresh(tensors, n.Name + "_last");
            tensors[last] = new Tensor(last, [1, .. yh.Shape]) { RangeOf = tensors[y].RangeOf };
            nodes.Add(new Node(n.Name + "_last_step", OpType.Slice, [y], [last], new SliceAttrs(0, t - 1, t)));
            nodes.Add(new Node(n.Name + "_Y_h", OpType.Reshape, [last], [yh.Name], OpAttrs.None));
            tensors[yh.Name] = yh with { RangeOf = tensors[y].RangeOf };
        }
        return g with { Nodes = [.. nodes], Tensors = tensors.ToImmutable() };
    }
}
