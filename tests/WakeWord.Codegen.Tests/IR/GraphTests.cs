using System.Collections.Immutable;
using NUnit.Framework;
using WakeWord.Codegen.IR;

namespace WakeWord.Codegen.Tests.IR;

[TestFixture]
public class GraphTests
{
    private static Graph Chain(params (OpType Op, OpAttrs Attrs, int[] OutShape)[] steps)
    {
        var tensors = ImmutableDictionary.CreateBuilder<string, Tensor>();
        tensors["x"] = new Tensor("x", [2, 3, 4]);
        var nodes = new List<Node>();
        var prev = "x";
        for (var i = 0; i < steps.Length; i++)
        {
            var name = $"t{i}";
            tensors[name] = new Tensor(name, [.. steps[i].OutShape]);
            nodes.Add(new Node($"n{i}", steps[i].Op, [prev], [name], steps[i].Attrs));
            prev = name;
        }
        return new Graph(tensors.ToImmutable(), [.. nodes], ["x"], [prev], ImmutableDictionary<string, string>.Empty);
    }

    private static readonly float[] X = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();

    [Test]
    public void Transpose_MovesElementsByPermutation()
    {
        var g = Chain((OpType.Transpose, new TransposeAttrs([2, 0, 1]), [4, 2, 3]));
        var y = FloatExecutor.Run(g, X)["t0"];
        // y[k, i, j] = x[i, j, k]
        Assert.That(y[(1 * 2 + 1) * 3 + 2], Is.EqualTo(X[(1 * 3 + 2) * 4 + 1]));
        Assert.That(y.Order(), Is.EqualTo(X));
    }

    [Test]
    public void Reverse_Slice_Concat_FollowTheirAxes()
    {
        var g = Chain((OpType.Reverse, new AxisAttrs(0), [2, 3, 4]), (OpType.Slice, new SliceAttrs(1, 1, 3), [2, 2, 4]));
        var y = FloatExecutor.Run(g, X)["t1"];
        Assert.That(y.Take(4), Is.EqualTo(new float[] { 16, 17, 18, 19 }), "time step 1 reversed first, row 1");
        var tensors = g.Tensors.Add("c", new Tensor("c", [2, 4, 4]));
        var cat = g with { Nodes = g.Nodes.Add(new Node("cat", OpType.Concat, ["t1", "t1"], ["c"], new AxisAttrs(1))), Tensors = tensors, Outputs = ["c"] };
        var c = FloatExecutor.Run(cat, X)["c"];
        Assert.That(c.Skip(8).Take(8), Is.EqualTo(y.Take(8)), "second copy follows the first within each outer row");
    }

    [Test]
    public void Prune_DropsUnreferencedTensors_AndFreshNameAvoidsCollisions()
    {
        var g = Chain((OpType.Reshape, OpAttrs.None, [6, 4]));
        var extra = g with { Tensors = g.Tensors.Add("orphan", new Tensor("orphan", [1])) };
        Assert.That(extra.Prune().Tensors.ContainsKey("orphan"), Is.False);
        Assert.That(extra.FreshName("orphan"), Is.EqualTo("orphan_1"));
        Assert.That(extra.FreshName("n0"), Is.EqualTo("n0_1"), "node names count too");
        Assert.That(extra.FreshName("new"), Is.EqualTo("new"));
    }

    [Test]
    public void Tensor_Const_RefusesAValueCountThatDoesNotMatchTheShape() =>
        Assert.Throws<WakeWord.Core.WakeWordException>(() => Tensor.Const("w", [2, 2], [1f, 2f, 3f]));
}
