using NUnit.Framework;
using WakeWord.Codegen.Import;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Quantization;
using WakeWord.Onnx;

namespace WakeWord.Codegen.Tests.Import;

[TestFixture]
public class OnnxImporterTests
{
    [Test]
    public void DefaultModel_Imports_WithTheDocumentedShapes()
    {
        var g = OnnxImporter.Load(TestUtil.DefaultModelPath);
        Assert.That(g["features"].Shape, Is.EqualTo(new[] { 1, 1, 98, 24 }));
        Assert.That(g["relu1_out"].Shape, Is.EqualTo(new[] { 1, 8, 49, 12 }));
        Assert.That(g["relu2_out"].Shape, Is.EqualTo(new[] { 1, 16, 25, 6 }));
        Assert.That(g["seq_t"].Shape, Is.EqualTo(new[] { 25, 1, 16, 6 }));
        Assert.That(g["seq_in"].Shape, Is.EqualTo(new[] { 25, 1, 96 }));
        Assert.That(g["lstm_Y"].Shape, Is.EqualTo(new[] { 25, 2, 1, 32 }));
        Assert.That(g["lstm_Y_h"].Shape, Is.EqualTo(new[] { 2, 1, 32 }));
        Assert.That(g["fc_in"].Shape, Is.EqualTo(new[] { 1, 64 }));
        Assert.That(g["probs"].Shape, Is.EqualTo(new[] { 1, 4 }));
        Assert.That(g.Outputs, Is.EqualTo(new[] { "probs" }));
        Assert.That(g.Metadata[CrnnMetadata.ClassesKey], Is.EqualTo("wake,speech,background,confusable"));
        Assert.That(g.Metadata[CrnnMetadata.MeanKey].Split(',').Length, Is.EqualTo(24));
        Assert.That(g.Nodes.Select(n => n.Op), Is.EqualTo(new[]
        {
            OpType.SubtractMean, OpType.Conv, OpType.Clip, OpType.Conv, OpType.Clip, OpType.Transpose, OpType.Reshape,
            OpType.Lstm, OpType.Transpose, OpType.Reshape, OpType.Gemm, OpType.Softmax,
        }));
        Assert.That(g["features_centered"].Shape, Is.EqualTo(new[] { 1, 1, 98, 24 }), "the window mean, over the frames");
    }

    [Test]
    public void DefaultModel_FloatExecutor_MatchesOnnxRuntime_OnEveryIntermediate()
    {
        var model = OnnxImporter.ReadModel(TestUtil.DefaultModelPath);
        var g = OnnxImporter.Import(model, "crnn.onnx");
        using var ort = new FloatReference(model, exposeIntermediates: true);
        for (var seed = 1; seed <= 2; seed++)
        {
            var x = TestUtil.RandomInput(98 * 24, seed);
            var expected = ort.Run(x);
            var actual = FloatExecutor.Run(g, x);
            var compared = 0;
            foreach (var (name, value) in expected)
            {
                if (!actual.TryGetValue(name, out var mine)) continue;
                TestUtil.AssertClose(mine, value, 2e-4, $"seed {seed} tensor '{name}'");
                compared++;
            }
            Assert.That(compared, Is.GreaterThanOrEqualTo(10));
            Assert.That(expected["probs"].Max() - expected["probs"].Min(), Is.GreaterThan(1e-3), "random weights give non-uniform posteriors");
        }
    }

    [Test]
    public void LstmWithoutY_GetsAnImplicitY_ThatOnnxRuntimeAlsoReports()
    {
        var model = OnnxImporter.ReadModel(TestUtil.DefaultModelPath);
        model.Graph.Node.Single(n => n.OpType == "LSTM").Output[0] = "";
        var g = OnnxImporter.Import(model, "no_y.onnx");
        var y = OnnxImporter.ImplicitLstmY("lstm");
        Assert.That(g[y].Shape, Is.EqualTo(new[] { 25, 2, 1, 32 }));
        using var ort = new FloatReference(model, exposeIntermediates: true);
        Assert.That(ort.OutputNames, Does.Contain(y));
        var x = TestUtil.RandomInput(98 * 24, 5);
        TestUtil.AssertClose(FloatExecutor.Run(g, x)[y], ort.Run(x)[y], 2e-4, "implicit Y");
    }

    private static IEnumerable<Variant> Variants() =>
    [
        new(Direction: "forward"),
        new(Direction: "reverse"),
        new(Direction: "bidirectional", MaxPool: true),
        new(Direction: "forward", AvgPool: true, BatchNorm: true),
        new(Relu6: true, Select: Selection.GatherLast),
        new(Direction: "reverse", Select: Selection.SliceLast, Head: HeadKind.MatMulAdd),
        new(Select: Selection.SliceLast, BatchNorm: true, Relu6: true),
        new(Body: Body.GlobalPoolFlatten, Head: HeadKind.MatMulAdd),
        new(Body: Body.ConvFlatten, MaxPool: true),
        new(WindowMean: true),
        new(Direction: "forward", MaxPool: true, WindowMean: true),
    ];

    [TestCaseSource(nameof(Variants))]
    public void Variant_Imports_WithCorrectShapes_AndMatchesOnnxRuntime(Variant v)
    {
        var model = VariantModels.Build(v);
        var g = OnnxImporter.Import(model, "variant.onnx");
        Assert.That(g[g.Outputs[0]].Shape, Is.EqualTo(new[] { 1, VariantModels.Classes }));
        if (v.Body == Body.Lstm)
        {
            var nd = v.Direction == "bidirectional" ? 2 : 1;
            var t = v.MaxPool ? 5 : v.AvgPool ? 5 : 10;
            var lstm = g.Nodes.Single(n => n.Op == OpType.Lstm);
            Assert.That(g[lstm.Inputs[0]].Shape[0], Is.EqualTo(t), "sequence length");
            Assert.That(g["Y"].Shape, Is.EqualTo(new[] { t, nd, 1, v.Hidden }));
            Assert.That(g["Y_h"].Shape, Is.EqualTo(new[] { nd, 1, v.Hidden }));
        }
        if (v.Head == HeadKind.MatMulAdd)
            Assert.That(g.Nodes.Single(n => n.Op == OpType.Gemm).Inputs.Length, Is.EqualTo(3), "Add became the MatMul bias");
        if (v.WindowMean)
            Assert.That(g.Nodes.Single(n => n.Op == OpType.SubtractMean).Attrs, Is.EqualTo(new AxisAttrs(2)), "ReduceMean + Sub became one SubtractMean over the frames");
        using var ort = new FloatReference(model, exposeIntermediates: true);
        var x = TestUtil.RandomInput(v.Frames * v.Features, 3);
        var expected = ort.Run(x);
        var actual = FloatExecutor.Run(g, x);
        foreach (var (name, value) in expected)
            if (actual.TryGetValue(name, out var mine)) TestUtil.AssertClose(mine, value, 2e-4, $"{v}: '{name}'");
    }
}
