using NUnit.Framework;
using WakeWord.Codegen.Import;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Tests.Import;

namespace WakeWord.Codegen.Tests.Passes;

internal static class PassTestUtil
{
    public static Graph Default() => OnnxImporter.Load(TestUtil.DefaultModelPath);

    public static Graph Variant(Variant v) => OnnxImporter.Import(VariantModels.Build(v), "variant.onnx");

    /// <summary>Runs both graphs on the same random inputs (the single input channel makes NCHW and NHWC bytes equal) and compares outputs.</summary>
    public static void AssertSameFunction(Graph before, Graph after, double tol = 1e-5)
    {
        var n = before[before.Inputs[0]].Elements;
        Assert.That(after[after.Inputs[0]].Elements, Is.EqualTo(n));
        for (var seed = 1; seed <= 2; seed++)
        {
            var x = TestUtil.RandomInput(n, seed);
            TestUtil.AssertClose(TestUtil.Output(after, x), TestUtil.Output(before, x), tol, $"output, seed {seed}");
        }
    }
}
