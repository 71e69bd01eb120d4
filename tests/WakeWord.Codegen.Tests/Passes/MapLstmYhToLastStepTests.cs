using NUnit.Framework;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Passes;
using WakeWord.Codegen.Tests.Import;
using WakeWord.Core;

namespace WakeWord.Codegen.Tests.Passes;

[TestFixture]
public class MapLstmYhToLastStepTests
{
    [Test]
    public void MapYh_ForwardLstm_ReadsTheLastStepOfY()
    {
        var g = PassTestUtil.Variant(new Variant(Direction: "forward"));
        var after = new MapLstmYhToLastStep().Run(g);
        var lstm = after.Nodes.Single(n => n.Op == OpType.Lstm);
        Assert.That(lstm.Outputs, Is.EqualTo(new[] { "Y" }), "the LSTM writes only Y");
        var slice = after.Nodes.Single(n => n.Op == OpType.Slice);
        Assert.That(slice.Inputs[0], Is.EqualTo("Y"));
        Assert.That(slice.Attrs, Is.EqualTo(new SliceAttrs(0, 9, 10)));
        Assert.That(after.Producer("Y_h")!.Op, Is.EqualTo(OpType.Reshape));
        PassTestUtil.AssertSameFunction(g, after);
    }

    [Test]
    public void MapYh_AfterSplit_HandlesBothDirections()
    {
        var g = new SplitBidirectionalLstm().Run(PassTestUtil.Default());
        var after = new MapLstmYhToLastStep().Run(g);
        Assert.That(after.Nodes.Where(n => n.Op == OpType.Lstm).Select(n => n.Outputs.Length), Is.All.EqualTo(1));
        Assert.That(after.Nodes.Count(n => n.Op == OpType.Slice), Is.EqualTo(2));
        PassTestUtil.AssertSameFunction(g, after);
    }

    [Test]
    public void MapYh_OnAnUnsplitBidirectionalLstm_IsRefused()
    {
        var e = Assert.Throws<WakeWordException>(() => new MapLstmYhToLastStep().Run(PassTestUtil.Default()))!;
        Assert.That(e.Message, Does.Contain("node 'lstm' (LSTM)"));
    }
}
