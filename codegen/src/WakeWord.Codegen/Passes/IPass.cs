using WakeWord.Codegen.IR;

namespace WakeWord.Codegen.Passes;

/// <summary>One graph rewrite. Passes never change what the graph computes (checked by the float executor in tests).</summary>
public interface IPass
{
    Graph Run(Graph g);
}

/// <summary>The passes that turn an imported ONNX graph into the kernel-ready graph the quantizer takes.</summary>
public static class PassPipeline
{
    public static IReadOnlyList<IPass> Standard { get; } =
    [
        new FoldBatchNorm(),
        new FuseActivations(),
        new ConvertToNhwc(),
        new SplitBidirectionalLstm(),
        new MapLstmYhToLastStep(),
        new DropNoOps(),
    ];

    public static Graph Run(Graph g)
    {
        foreach (var p in Standard) g = p.Run(g);
        return g;
    }
}
