using NUnit.Framework;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Passes;
using WakeWord.Codegen.Tests.Import;

namespace WakeWord.Codegen.Tests.Passes;

[TestFixture]
public class SplitBidirectionalLstmTests
{
    [Test]
    public void Split_Bidirectional_GivesTwoForwardLstmsAndOneTimeReverse()
    {
        var g = PassTestUtil.Default();
        var after = new SplitBidirectionalLstm().Run(g);
        var lstms = after.Nodes.Where(n => n.Op == OpType.Lstm).ToList();
        Assert.That(lstms, Has.Count.EqualTo(2));
        Assert.That(lstms.Select(l => ((LstmAttrs)l.Attrs).Direction), Is.All.EqualTo(LstmDirection.Forward));
        Assert.That(lstms.Select(l => after[l.Inputs[1]].Shape[0]), Is.All.EqualTo(1));
        var rev = after.Nodes.Single(n => n.Op == OpType.Reverse);
        Assert.That(rev.Inputs[0], Is.EqualTo("seq_in"));
        Assert.That(lstms[1].Inputs[0], Is.EqualTo(rev.Outputs[0]));
        Assert.That(after.Nodes.Single(n => n.Outputs.Contains("lstm_Y_h")).Op, Is.EqualTo(OpType.Concat));
        Assert.That(lstms.Select(l => after[l.Outputs[0]].RangeOf), Is.All.EqualTo("lstm_Y"), "both directions share the Y range");
        PassTestUtil.AssertSameFunction(g, after);
    }

    [Test]
    public void Split_Bidirectional_WhenYIsRead_ConcatsTimeOrderedDirections()
    {
        var g = PassTestUtil.Variant(new Variant(Select: Selection.SliceLast));
        var after = new SplitBidirectionalLstm().Run(g);
        Assert.That(after.Nodes.Count(n => n.Op == OpType.Reverse), Is.EqualTo(2), "input and backward output are reversed");
        Assert.That(after.Nodes.Single(n => n.Outputs.Contains("Y")).Op, Is.EqualTo(OpType.Concat));
        PassTestUtil.AssertSameFunction(g, after);
    }

    [TestCase(Selection.YhTranspose)]
    [TestCase(Selection.GatherLast)]
    public void Split_Reverse_BecomesForwardOnReversedInput(Selection s)
    {
        var g = PassTestUtil.Variant(new Variant(Direction: "reverse", Select: s));
        var after = new SplitBidirectionalLstm().Run(g);
        Assert.That(after.Nodes.Where(n => n.Op == OpType.Lstm).Select(l => ((LstmAttrs)l.Attrs).Direction), Is.EqualTo(new[] { LstmDirection.Forward }));
        PassTestUtil.AssertSameFunction(g, after);
    }

    [Test]
    public void Split_LeavesForwardLstmsAlone()
    {
        var g = PassTestUtil.Variant(new Variant(Direction: "forward"));
        Assert.That(new SplitBidirectionalLstm().Run(g).Nodes, Is.EqualTo(g.Nodes));
    }
}
