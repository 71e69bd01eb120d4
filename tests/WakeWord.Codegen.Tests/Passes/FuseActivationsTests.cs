using NUnit.Framework;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Passes;
using WakeWord.Codegen.Tests.Import;

namespace WakeWord.Codegen.Tests.Passes;

[TestFixture]
public class FuseActivationsTests
{
    [Test]
    public void FuseActivations_MovesReluIntoTheConvRange_AndKeepsTheFunction()
    {
        var g = PassTestUtil.Default();
        var after = new FuseActivations().Run(g);
        Assert.That(after.Nodes.Any(n => n.Op == OpType.Clip), Is.False);
        var convs = after.Nodes.Where(n => n.Op == OpType.Conv).ToList();
        Assert.That(convs.Select(c => ((ConvAttrs)c.Attrs).Activation), Is.All.EqualTo(new ActRange(0, float.PositiveInfinity)));
        Assert.That(convs.Select(c => c.Outputs[0]), Is.EqualTo(new[] { "relu1_out", "relu2_out" }), "the fused conv writes the Relu's tensor");
        PassTestUtil.AssertSameFunction(g, after);
    }

    [Test]
    public void FuseActivations_Relu6_BecomesRangeZeroToSix()
    {
        var g = PassTestUtil.Variant(new Variant(Relu6: true, MaxPool: true));
        var after = new FuseActivations().Run(g);
        Assert.That(after.Nodes.Any(n => n.Op == OpType.Clip), Is.False);
        Assert.That(((ConvAttrs)after.Nodes.First(n => n.Name == "conv1").Attrs).Activation, Is.EqualTo(new ActRange(0, 6)));
        PassTestUtil.AssertSameFunction(g, after);
    }

    [Test]
    public void FuseActivations_LeavesAClipWhoseInputHasTwoReaders()
    {
        var g = PassTestUtil.Default();
        var conv2 = g.Nodes.Single(n => n.Name == "conv2");
        // A second reader of conv1's raw output: the Relu must stay a separate node.
        var extra = new Node("probe", OpType.Clip, ["conv1_out"], ["probe_out"], new ClipAttrs(-1, 1));
        var nodes = g.Nodes.Insert(g.Nodes.IndexOf(conv2), extra);
        var g2 = g with { Nodes = nodes, Tensors = g.Tensors.Add("probe_out", new Tensor("probe_out", [1, 8, 49, 12])), Outputs = g.Outputs.Add("probe_out") };
        var after = new FuseActivations().Run(g2);
        Assert.That(after.Nodes.Any(n => n.Name == "relu1"), Is.True);
        Assert.That(after.Nodes.Any(n => n.Name == "relu2"), Is.False);
    }
}
