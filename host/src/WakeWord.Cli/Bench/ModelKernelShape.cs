using WakeWord.Codegen;
using WakeWord.Codegen.Import;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Passes;
using WakeWord.Core;
using WakeWord.Sim.Kernels;
using WakeWord.Sim.Kernels.Bench;

namespace WakeWord.Cli.Bench;

/// <summary>
/// The layer shapes <c>bench-kernels</c> and <c>bench</c> time: the convolutions, LSTMs and fully connected layers of a
/// model's kernel-ready graph (ONNX import, then <see cref="PassPipeline.Standard"/>, as <c>generate</c> sees it), so
/// the kernel figures always describe the shipped default model.
/// </summary>
public static class ModelKernelShape
{
    /// <summary>The shipped default model's shapes (<see cref="GenerateService.DefaultModelPath"/>).</summary>
    public static KernelBenchShape Default() => FromModel(GenerateService.DefaultModelPath);

    public static KernelBenchShape FromModel(string onnxPath)
    {
        var g = PassPipeline.Run(OnnxImporter.Load(onnxPath));
        var source = Path.GetRelativePath(RepoPaths.Root, Path.GetFullPath(onnxPath)).Replace('\\', '/');
        if (source.StartsWith("..", StringComparison.Ordinal)) source = Path.GetFileName(onnxPath);
        var convs = new List<ConvShape>();
        var lstms = new List<LstmShape>();
        var fcs = new List<FcShape>();
        foreach (var n in g.Nodes)
        {
            switch (n.Op)
            {
                case OpType.Conv:
                {
                    var w = ((ConvAttrs)n.Attrs).Window;
                    int[] x = Rank(g, n.Input(0), 4, source, n), f = Rank(g, n.Input(1), 4, source, n), y = Rank(g, n.Output(0), 4, source, n);
                    if (x[0] != 1 || w.DilationH != 1 || w.DilationW != 1)
                        throw new WakeWordException($"{source}: node {n.Name}: the kernel bench covers batch 1, dilation 1 convolutions");
                    convs.Add(new ConvShape(n.Name, new Dims(1, x[1], x[2], x[3]), new Dims(f[0], f[1], f[2], f[3]), new Dims(1, y[1], y[2], y[3]),
                        w.StrideH, w.StrideW, w.PadTop, w.PadLeft));
                    break;
                }
                case OpType.Lstm:
                {
                    var a = (LstmAttrs)n.Attrs;
                    int[] x = Rank(g, n.Input(0), 3, source, n);
                    if (a.Directions != 1 || x[1] != 1)
                        throw new WakeWordException($"{source}: node {n.Name}: the kernel bench covers unidirectional batch-1 LSTMs");
                    lstms.Add(new LstmShape(n.Name, x[0], x[2], a.Hidden));
                    break;
                }
                case OpType.Gemm:
                {
                    int[] w = Rank(g, n.Input(1), 2, source, n);
                    fcs.Add(new FcShape(n.Name, w[1], w[0]));
                    break;
                }
            }
        }
        return new KernelBenchShape(source, convs, lstms, fcs);
    }

    private static int[] Rank(Graph g, string tensor, int rank, string source, Node n)
    {
        var shape = g[tensor].Shape;
        if (shape.Length != rank)
            throw new WakeWordException($"{source}: node {n.Name}: tensor {tensor} has rank {shape.Length}, the kernel bench expects {rank}");
        return shape.ToArray();
    }
}
