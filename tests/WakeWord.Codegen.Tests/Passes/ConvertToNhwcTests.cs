using NUnit.Framework;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Passes;
using WakeWord.Codegen.Tests.Import;
using WakeWord.Core;

namespace WakeWord.Codegen.Tests.Passes;

[TestFixture]
public class ConvertToNhwcTests
{
    [Test]
    public void ConvertToNhwc_DefaultModel_ReshapesWithoutTranspose_AndPermutesLstmColumns()
    {
        var g = PassTestUtil.Default();
        var after = new ConvertToNhwc().Run(g);
        Assert.That(after.Layout, Is.EqualTo(Layout.Nhwc));
        Assert.That(after["features"].Shape, Is.EqualTo(new[] { 1, 98, 24, 1 }));
        Assert.That(after["relu2_out"].Shape, Is.EqualTo(new[] { 1, 25, 6, 16 }));
        Assert.That(after.Nodes.Count(n => n.Op == OpType.Transpose), Is.EqualTo(1), "only the Y_h transpose remains");
        var lstm = after.Nodes.Single(n => n.Op == OpType.Lstm);
        var seq = after.Producer(lstm.Inputs[0])!;
        Assert.That(seq.Op, Is.EqualTo(OpType.Reshape));
        Assert.That(seq.Inputs[0], Is.EqualTo("relu2_out"));
        Assert.That(lstm.Inputs[0], Is.EqualTo("seq_in_nhwc"), "reordered data gets a name of its own");
        Assert.That(after[lstm.Inputs[0]].RangeOf, Is.EqualTo("seq_in"));
        Assert.That(after.Tensors.ContainsKey("seq_in"), Is.False);
        // The LSTM input column of (channel c, width w) moves from c*6+w to w*16+c.
        var wOld = g["lstm.W"].Floats!.Value;
        var wNew = after[lstm.Inputs[1]].Floats!.Value;
        for (var c = 0; c < 16; c++)
            for (var w = 0; w < 6; w++)
                Assert.That(wNew[5 * 96 + w * 16 + c], Is.EqualTo(wOld[5 * 96 + c * 6 + w]));
        // Conv weights are OHWI.
        var w2 = after[after.Nodes.Single(n => n.Name == "conv2").Inputs[1]];
        Assert.That(w2.Shape, Is.EqualTo(new[] { 16, 3, 3, 8 }));
        Assert.That(w2.Floats!.Value[((3 * 3 + 1) * 3 + 2) * 8 + 5], Is.EqualTo(g["conv2.weight"].Floats!.Value[((3 * 8 + 5) * 3 + 1) * 3 + 2]));
        PassTestUtil.AssertSameFunction(g, after);
    }

    [TestCase(Body.ConvFlatten)]
    [TestCase(Body.GlobalPoolFlatten)]
    public void ConvertToNhwc_FlattenIntoFullyConnected_KeepsTheFunction(Body body)
    {
        var g = PassTestUtil.Variant(new Variant(Body: body, MaxPool: true));
        var after = new ConvertToNhwc().Run(g);
        Assert.That(after.Nodes.Any(n => n.Op == OpType.Transpose), Is.False);
        PassTestUtil.AssertSameFunction(g, after);
    }

    [Test]
    public void ConvertToNhwc_WithPoolsAndBatchNorm_KeepsTheFunction()
    {
        var g = PassTestUtil.Variant(new Variant(Direction: "reverse", AvgPool: true, MaxPool: true, BatchNorm: true));
        PassTestUtil.AssertSameFunction(g, new ConvertToNhwc().Run(g));
    }

    [Test]
    public void ConvertToNhwc_SoftmaxOnAFeatureMap_IsRefusedNamingTheNode()
    {
        var g = PassTestUtil.Default();
        var n = new Node("bad_softmax", OpType.Softmax, ["relu1_out"], ["sm"], new AxisAttrs(3));
        var g2 = g with
        {
            Nodes = g.Nodes.Insert(g.Nodes.IndexOf(g.Nodes.Single(x => x.Outputs.Contains("relu1_out"))) + 1, n),
            Tensors = g.Tensors.Add("sm", new Tensor("sm", [1, 8, 49, 12])),
            Outputs = g.Outputs.Add("sm"),
        };
        var e = Assert.Throws<WakeWordException>(() => new ConvertToNhwc().Run(g2))!;
        Assert.That(e.Message, Does.Contain("node 'bad_softmax' (Softmax)"));
    }
}
