using System.Collections.Immutable;
using WakeWord.Codegen.IR;
using WakeWord.Core;

namespace WakeWord.Codegen.Passes;

/// <summary>
/// Folds each inference BatchNormalization into the Conv or Gemm that feeds it:
/// <c>w' = w · s</c>, <c>b' = (b - mean) · s + beta</c> with <c>s = gamma / sqrt(var + eps)</c> per output channel.
/// A BatchNorm that follows anything else is refused (no kernel runs it).
/// </summary>
public sealed class FoldBatchNorm : IPass
{
    public Graph Run(Graph g)
    {
        var nodes = g.Nodes.ToList();
        var tensors = g.Tensors.ToBuilder();
        for (var i = 0; i < nodes.Count; i++)
        {
            var bn = nodes[i];
            if (bn.Op != OpType.BatchNorm) continue;
            var pi = nodes.FindIndex(n => n.Outputs.Contains(bn.Inputs[0]));
            var p = pi >= 0 ? nodes[pi] : null;
            var single = p != null && nodes.Count(n => n.Inputs.Contains(bn.Inputs[0])) == 1 && !g.Outputs.Contains(bn.Inputs[0]);
            if (p == null || !single || p.Op is not (OpType.Conv or OpType.Gemm) ||
                (p.Attrs is ConvAttrs c && !c.Activation.IsNone) || (p.Attrs is GemmAttrs ga && !ga.Activation.IsNone))
                throw new WakeWordException($"node '{bn.Name}' (BatchNormalization): can only be folded into the Conv/Gemm right before it");
            var eps = ((BatchNormAttrs)bn.Attrs).Epsilon;
            var gamma = g[bn.Inputs[1]].Floats!.Value;
            var beta = g[bn.Inputs[2]].Floats!.Value;
            var mean = g[bn.Inputs[3]].Floats!.Value;
            var var_ = g[bn.Inputs[4]].Floats!.Value;
            var wT = g[p.Inputs[1]];
            var w = wT.Floats!.Value.ToArray();
            var outCh = wT.Shape[0];
            if (gamma.Length != outCh) throw new WakeWordException($"node '{bn.Name}' (BatchNormalization): {gamma.Length} channels, '{p.Name}' has {outCh}");
            var per = w.Length / outCh;
            var bias = p.Inputs.Length > 2 && p.Inputs[2].Length > 0 ? g[p.Inputs[2]].Floats!.Value.ToArray() : new float[outCh];
            for (var o = 0; o < outCh; o++)
            {
                var s = gamma[o] / Math.Sqrt(var_[o] + (double)eps);
                for (var k = 0; k < per; k++) w[o * per + k] = (float)(w[o * per + k] * s);
                bias[o] = (float)((bias[o] - mean[o]) * s + beta[o]);
            }
            var wName = Fresh(tensors, p.Inputs[1] + "_bn");
            var bName = Fresh(tensors, p.Name + "_bias_bn");
            tensors[wName] = Tensor.Const(wName, wT.Shape, w);
            tensors[bName] = Tensor.Const(bName, [outCh], bias);
            tensors.Remove(p.Outputs[0]);
            nodes[pi] = p with { Inputs = [p.Inputs[0], wName, bName], Outputs = [bn.Outputs[0]] };
            nodes.RemoveAt(i);
            i--;
        }
        return (g with { Nodes = [.. nodes], Tensors = tensors.ToImmutable() }).Prune();
    }

    internal static string Fresh(ImmutableDictionary<string, Tensor>.Builder t, string stem)
    {
        if (!t.ContainsKey(stem)) return stem;
        for (var i = 1; ; i++)
            if (!t.ContainsKey($"{stem}_{i}")) return $"{stem}_{i}";
    }
}
