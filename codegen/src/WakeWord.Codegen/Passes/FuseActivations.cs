using WakeWord.Codegen.IR;

namespace WakeWord.Codegen.Passes;

/// <summary>
/// Fuses Relu / ReLU6 / Clip into the Conv, Gemm or pool that feeds it (the kernels clamp with their activation
/// range), when that producer's output has no other reader. The fused op writes the Clip's output tensor.
/// </summary>
public sealed class FuseActivations : IPass
{
    public Graph Run(Graph g)
    {
        var nodes = g.Nodes.ToList();
        var tensors = g.Tensors.ToBuilder();
        for (var i = 0; i < nodes.Count; i++)
        {
            var clip = nodes[i];
            if (clip.Op != OpType.Clip) continue;
            var x = clip.Inputs[0];
            var pi = nodes.FindIndex(n => n.Outputs.Length > 0 && n.Outputs[0] == x);
            if (pi < 0 || g.Outputs.Contains(x) || nodes.Count(n => n.Inputs.Contains(x)) != 1) continue;
            var p = nodes[pi];
            var c = (ClipAttrs)clip.Attrs;
            OpAttrs? fused = p.Attrs switch
            {
                ConvAttrs a => a with { Activation = Narrow(a.Activation, c) },
                GemmAttrs a => a with { Activation = Narrow(a.Activation, c) },
                PoolAttrs a when p.Op == OpType.MaxPool || a.Activation.IsNone => a with { Activation = Narrow(a.Activation, c) },
                _ => null,
            };
            if (fused == null) continue;
            nodes[pi] = p with { Outputs = [clip.Outputs[0]], Attrs = fused };
            tensors.Remove(x);
            nodes.RemoveAt(i);
            i--;
        }
        return g with { Nodes = [.. nodes], Tensors = tensors.ToImmutable() };
    }

    private static ActRange Narrow(ActRange a, ClipAttrs c) => new(Math.Max(a.Min, c.Min), Math.Min(a.Max, c.Max));
}
