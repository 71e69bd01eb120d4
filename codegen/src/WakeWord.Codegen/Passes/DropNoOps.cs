using WakeWord.Codegen.IR;

namespace WakeWord.Codegen.Passes;

/// <summary>
/// Removes what moves no data: a Transpose that only moves size-1 dimensions becomes a Reshape; chains of
/// Reshapes collapse into one; a Reshape to the same shape disappears; nodes whose outputs nobody reads are dropped.
/// </summary>
public sealed class DropNoOps : IPass
{
    public Graph Run(Graph g)
    {
        var nodes = g.Nodes.ToList();
        // Transposes that keep the order of all dimensions larger than 1 are reshapes.
        for (var i = 0; i < nodes.Count; i++)
            if (nodes[i].Op == OpType.Transpose && MovesNoData(g[nodes[i].Inputs[0]].Shape.ToArray(), ((TransposeAttrs)nodes[i].Attrs).Perm.ToArray()))
                nodes[i] = nodes[i] with { Op = OpType.Reshape, Attrs = OpAttrs.None };

        bool changed;
        do
        {
            changed = false;
            for (var i = 0; i < nodes.Count && !changed; i++)
            {
                var n = nodes[i];
                if (n.Op != OpType.Reshape) continue;
                var x = n.Inputs[0];
                var readers = nodes.Where(m => m.Inputs.Contains(x)).ToList();
                var producer = nodes.FindIndex(m => m.Op == OpType.Reshape && m.Outputs[0] == x);
                if (producer >= 0 && readers.Count == 1 && !g.Outputs.Contains(x))
                {
                    // Reshape(Reshape(a)) = Reshape(a)
                    nodes[i] = n with { Inputs = [nodes[producer].Inputs[0]] };
                    nodes.RemoveAt(producer);
                    changed = true;
                }
                else if (g[x].Shape.SequenceEqual(g[n.Outputs[0]].Shape) && !g.Outputs.Contains(n.Outputs[0]))
                {
                    var y = n.Outputs[0];
                    for (var k = 0; k < nodes.Count; k++)
                        if (nodes[k].Inputs.Contains(y)) nodes[k] = nodes[k] with { Inputs = [.. nodes[k].Inputs.Select(s => s == y ? x : s)] };
                    nodes.RemoveAt(i);
                    changed = true;
                }
            }
            // Dead nodes: no output is read or is a graph output.
            for (var i = nodes.Count - 1; i >= 0; i--)
            {
                var n = nodes[i];
                if (n.Outputs.All(o => o.Length == 0 || (!g.Outputs.Contains(o) && !nodes.Any(m => m.Inputs.Contains(o)))))
                {
                    nodes.RemoveAt(i);
                    changed = true;
                }
            }
        } while (changed);
        return (g with { Nodes = [.. nodes] }).Prune();
    }

    /// <summary>True when the permutation keeps the relative order of every dimension of size above 1.</summary>
    public static bool MovesNoData(int[] shape, int[] perm)
    {
        var last = -1;
        foreach (var p in perm)
        {
            if (shape[p] == 1) continue;
            if (p < last) return false;
            last = p;
        }
        return true;
    }
}
