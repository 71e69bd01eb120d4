using NUnit.Framework;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Passes;
using WakeWord.Codegen.Tests.Import;

namespace WakeWord.Codegen.Tests.Passes;

[TestFixture]
public class PassPipelineTests
{
    private static IEnumerable<Variant> Variants() =>
    [
        new(),
        new(Direction: "forward", MaxPool: true),
        new(Direction: "reverse", BatchNorm: true, Relu6: true),
        new(Select: Selection.GatherLast, Head: HeadKind.MatMulAdd, AvgPool: true),
        new(Select: Selection.SliceLast),
        new(Body: Body.ConvFlatten, BatchNorm: true),
    ];

    [TestCaseSource(nameof(Variants))]
    public void StandardPasses_LeaveOnlyKernelOps_AndKeepTheFunction(Variant v)
    {
        var g = PassTestUtil.Variant(v);
        var after = PassPipeline.Run(g);
        Assert.That(after.Layout, Is.EqualTo(Layout.Nhwc));
        Assert.That(after.Nodes.Select(n => n.Op), Has.None.AnyOf(OpType.Transpose, OpType.BatchNorm, OpType.Clip));
        Assert.That(after.Nodes.Where(n => n.Op == OpType.Lstm).Select(n => ((LstmAttrs)n.Attrs).Direction), Is.All.EqualTo(LstmDirection.Forward));
        PassTestUtil.AssertSameFunction(g, after, 2e-5);
    }

    [Test]
    public void StandardPasses_DefaultModel_KeepTheFunction()
    {
        var g = PassTestUtil.Default();
        PassTestUtil.AssertSameFunction(g, PassPipeline.Run(g), 2e-5);
    }
}
