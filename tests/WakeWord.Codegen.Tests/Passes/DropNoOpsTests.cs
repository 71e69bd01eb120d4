using NUnit.Framework;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Passes;
using WakeWord.Codegen.Tests.Import;

namespace WakeWord.Codegen.Tests.Passes;

[TestFixture]
public class DropNoOpsTests
{
    [Test]
    public void DropNoOps_TransposeOfSizeOneDims_AndReshapeChain_BecomeOneReshape()
    {
        var g = PassTestUtil.Default();
        var after = new DropNoOps().Run(g);
        Assert.That(after.Nodes.Count(n => n.Op == OpType.Transpose), Is.EqualTo(1), "the data-moving to_seq transpose stays");
        var fcIn = after.Producer("fc_in")!;
        Assert.That(fcIn.Op, Is.EqualTo(OpType.Reshape));
        Assert.That(fcIn.Inputs[0], Is.EqualTo("lstm_Y_h"));
        PassTestUtil.AssertSameFunction(g, after);
    }

    [Test]
    public void DropNoOps_RemovesDeadNodes_AndSameShapeReshapes()
    {
        var g = PassTestUtil.Default();
        var dead = new Node("dead", OpType.Clip, ["relu1_out"], ["dead_out"], new ClipAttrs(0, 1));
        var same = new Node("same", OpType.Reshape, ["logits"], ["logits2"], OpAttrs.None);
        var sm = g.Nodes.Single(n => n.Op == OpType.Softmax);
        var afterRelu1 = g.Nodes.IndexOf(g.Nodes.Single(x => x.Outputs.Contains("relu1_out"))) + 1;
        var nodes = g.Nodes.Insert(afterRelu1, dead).Insert(g.Nodes.IndexOf(sm) + 1, same).Replace(sm, sm with { Inputs = ["logits2"] });
        var g2 = g with
        {
            Nodes = nodes,
            Tensors = g.Tensors.Add("dead_out", new Tensor("dead_out", [1, 8, 49, 12])).Add("logits2", new Tensor("logits2", g.Tensors["logits"].Shape)),
        };
        var after = new DropNoOps().Run(g2);
        Assert.That(after.Nodes.Any(n => n.Name is "dead" or "same"), Is.False);
        Assert.That(after.Tensors.ContainsKey("dead_out"), Is.False);
        PassTestUtil.AssertSameFunction(g2, after);
    }

    [TestCase(new[] { 2, 1, 32 }, new[] { 1, 0, 2 }, true)]
    [TestCase(new[] { 2, 3, 32 }, new[] { 1, 0, 2 }, false)]
    [TestCase(new[] { 1, 16, 49, 12 }, new[] { 2, 0, 1, 3 }, false)]
    [TestCase(new[] { 1, 1, 49, 12 }, new[] { 1, 2, 0, 3 }, true)]
    public void MovesNoData_IsTrueOnlyWhenNonUnitDimsKeepTheirOrder(int[] shape, int[] perm, bool expected) =>
        Assert.That(DropNoOps.MovesNoData(shape, perm), Is.EqualTo(expected));
}
