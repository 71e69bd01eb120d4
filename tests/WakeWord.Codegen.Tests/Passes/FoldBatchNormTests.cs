using NUnit.Framework;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Passes;
using WakeWord.Codegen.Tests.Import;
using WakeWord.Core;

namespace WakeWord.Codegen.Tests.Passes;

[TestFixture]
public class FoldBatchNormTests
{
    [Test]
    public void FoldBatchNorm_RemovesEveryBatchNorm_AndKeepsTheFunction()
    {
        var g = PassTestUtil.Variant(new Variant(BatchNorm: true));
        Assert.That(g.Nodes.Count(n => n.Op == OpType.BatchNorm), Is.EqualTo(1));
        var after = new FoldBatchNorm().Run(g);
        Assert.That(after.Nodes.Any(n => n.Op == OpType.BatchNorm), Is.False);
        Assert.That(after.Nodes.Count, Is.EqualTo(g.Nodes.Length - 1));
        Assert.That(after.Tensors.ContainsKey("bn.mean"), Is.False, "BN constants are pruned");
        PassTestUtil.AssertSameFunction(g, after);
    }

    [Test]
    public void FoldBatchNorm_AfterAReluIsRefused_NamingTheNode()
    {
        var g = PassTestUtil.Variant(new Variant(BatchNorm: true));
        // Put the BN behind the Relu that follows it: it no longer has a Conv to fold into.
        var relu = g.Nodes.Single(n => n.Name == "a2");
        var bn = g.Nodes.Single(n => n.Op == OpType.BatchNorm);
        var nodes = g.Nodes.Select(n => n.Name == bn.Name ? relu with { Inputs = [bn.Inputs[0]], Outputs = ["tmp"] }
            : n.Name == relu.Name ? bn with { Inputs = bn.Inputs.SetItem(0, "tmp"), Outputs = relu.Outputs } : n).ToList();
        var bad = g with { Nodes = [.. nodes], Tensors = g.Tensors.Add("tmp", g[bn.Outputs[0]] with { Name = "tmp" }) };
        var e = Assert.Throws<WakeWordException>(() => new FoldBatchNorm().Run(bad))!;
        Assert.That(e.Message, Does.Contain("node 'bn'"));
    }
}
