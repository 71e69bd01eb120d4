using System.Text;

namespace WakeWord.Codegen.IR;

/// <summary>Renders a graph as text (<c>wakeword ir dump</c>): one line per node with its operand shapes and attributes.</summary>
public static class IrPrinter
{
    public static string Print(Graph g)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"graph layout={g.Layout} nodes={g.Nodes.Length} tensors={g.Tensors.Count}");
        foreach (var i in g.Inputs) sb.AppendLine($"  input  {Describe(g[i])}");
        foreach (var o in g.Outputs) sb.AppendLine($"  output {Describe(g[o])}");
        foreach (var kv in g.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.AppendLine($"  meta   {kv.Key} = {Shorten(kv.Value)}");
        foreach (var n in g.Nodes)
        {
            sb.Append($"  {n.Op,-17} {n.Name,-16} (");
            sb.Append(string.Join(", ", n.Inputs.Select(i => i.Length == 0 ? "-" : Operand(g[i]))));
            sb.Append(") -> (");
            sb.Append(string.Join(", ", n.Outputs.Select(o => o.Length == 0 ? "-" : Operand(g[o]))));
            sb.Append(')');
            var a = Attributes(n.Attrs);
            if (a.Length > 0) sb.Append("  ").Append(a);
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static string Operand(Tensor t)
    {
        var s = $"{t.Name}{t.ShapeText}";
        if (t.Type != DType.Float32) s += ":" + t.Type.ToString().ToLowerInvariant();
        if (t.IsConstant) s = "const " + s;
        if (t.Quant != null) s += " {" + t.Quant + "}";
        return s;
    }

    private static string Describe(Tensor t) => Operand(t);

    private static string Attributes(OpAttrs a) => a switch
    {
        ConvAttrs c => $"{c.Window} act {c.Activation}",
        PoolAttrs p => $"{p.Window} act {p.Activation}",
        ClipAttrs c => $"[{c.Min:G4}, {c.Max:G4}]",
        TransposeAttrs t => t.ToString(),
        AxisAttrs x => $"axis {x.Axis}",
        SliceAttrs s => $"axis {s.Axis} [{s.Start}:{s.End}]",
        LstmAttrs l => $"hidden {l.Hidden} {l.Direction.ToString().ToLowerInvariant()}",
        GemmAttrs g => $"act {g.Activation}",
        BatchNormAttrs b => $"eps {b.Epsilon:G4}",
        _ => "",
    };

    private static string Shorten(string s) => s.Length <= 72 ? s : s[..69] + "...";
}
