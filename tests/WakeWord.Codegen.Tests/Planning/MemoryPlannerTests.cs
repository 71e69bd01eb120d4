using NUnit.Framework;
using WakeWord.Codegen.Planning;
using WakeWord.Codegen.Tests.Model;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Tests.Planning;

[TestFixture]
public class MemoryPlannerTests
{
    /// <summary>True when no two buffers alive at the same step share a byte.</summary>
    private static void AssertNoLiveOverlap(MemoryPlanner p, IReadOnlyList<(int Size, int First, int Last)> bufs)
    {
        for (var i = 0; i < bufs.Count; i++)
        {
            Assert.That(p.Offset(i) % p.Alignment, Is.Zero, $"buffer {i} misaligned");
            Assert.That(p.Offset(i) + bufs[i].Size, Is.LessThanOrEqualTo(p.ArenaBytes), $"buffer {i} outside the arena");
            for (var j = i + 1; j < bufs.Count; j++)
            {
                var timeOverlap = bufs[i].First <= bufs[j].Last && bufs[j].First <= bufs[i].Last;
                var memOverlap = p.Offset(i) < p.Offset(j) + bufs[j].Size && p.Offset(j) < p.Offset(i) + bufs[i].Size;
                Assert.That(timeOverlap && memOverlap && bufs[i].Size > 0 && bufs[j].Size > 0, Is.False,
                    $"buffers {i} and {j} are alive together and overlap:\n{p.Render()}");
            }
        }
    }

    [Test]
    public void Planner_ChainOfLayers_ReusesMemoryAndMeetsLowerBound()
    {
        // a -> b -> c -> d: each buffer lives two steps, so two slots of the largest pair suffice.
        var bufs = new List<(int, int, int)> { (1000, 0, 1), (2000, 1, 2), (1000, 2, 3), (500, 3, 4) };
        var p = new MemoryPlanner(16);
        foreach (var (s, f, l) in bufs) p.AddBuffer(s, f, l);
        AssertNoLiveOverlap(p, bufs);
        Assert.That(p.LowerBoundBytes, Is.EqualTo(3008)); // 1008 (1000 aligned) + 2000 at steps 1 and 2
        Assert.That(p.ArenaBytes, Is.EqualTo(p.LowerBoundBytes));
    }

    [Test]
    public void Planner_DisjointLifetimes_ShareOffsetZero()
    {
        var p = new MemoryPlanner(16);
        p.AddBuffer(64, 0, 0);
        p.AddBuffer(64, 1, 1);
        p.AddBuffer(32, 2, 2);
        Assert.That(new[] { p.Offset(0), p.Offset(1), p.Offset(2) }, Is.EqualTo(new[] { 0, 0, 0 }));
        Assert.That(p.ArenaBytes, Is.EqualTo(64));
    }

    [Test]
    public void Planner_AllAliveTogether_StacksBuffersAligned()
    {
        var bufs = new List<(int, int, int)> { (10, 0, 5), (20, 0, 5), (3, 0, 5) };
        var p = new MemoryPlanner(8);
        foreach (var (s, f, l) in bufs) p.AddBuffer(s, f, l);
        AssertNoLiveOverlap(p, bufs);
        Assert.That(p.ArenaBytes, Is.EqualTo(24 + 16 + 8));
        Assert.That(p.LowerBoundBytes, Is.EqualTo(48));
    }

    [Test]
    public void Planner_SmallBufferFillsGapLeftByLargeOnes()
    {
        // Two large buffers at different times take offset 0; a small one alive with both must go above,
        // and a small one alive with neither reuses offset 0.
        var bufs = new List<(int, int, int)> { (100, 0, 1), (100, 2, 3), (16, 1, 2), (16, 4, 4) };
        var p = new MemoryPlanner(4);
        foreach (var (s, f, l) in bufs) p.AddBuffer(s, f, l);
        AssertNoLiveOverlap(p, bufs);
        Assert.That(p.Offset(0), Is.Zero);
        Assert.That(p.Offset(1), Is.Zero);
        Assert.That(p.Offset(2), Is.EqualTo(100));
        Assert.That(p.Offset(3), Is.Zero);
        Assert.That(p.ArenaBytes, Is.EqualTo(116));
    }

    [Test]
    public void Planner_RandomLifetimes_NeverOverlapAndNeverBeatTheBound([Values(1, 2, 3, 4, 5, 6, 7, 8)] int seed)
    {
        var rng = new Random(seed);
        var bufs = new List<(int, int, int)>();
        var p = new MemoryPlanner(16);
        for (var i = 0; i < 40; i++)
        {
            var f = rng.Next(0, 30);
            var b = (rng.Next(0, 5000), f, f + rng.Next(0, 6));
            bufs.Add(b);
            p.AddBuffer(b.Item1, b.Item2, b.Item3);
        }
        AssertNoLiveOverlap(p, bufs);
        Assert.That(p.ArenaBytes, Is.GreaterThanOrEqualTo(p.LowerBoundBytes));
    }

    [Test]
    public void Planner_Render_ListsEveryBufferAndTheBound()
    {
        var p = new MemoryPlanner(16);
        p.AddBuffer(100, 0, 1, "conv1_out");
        p.AddBuffer(50, 1, 2, "fc_out");
        var text = p.Render();
        Assert.That(text, Does.Contain("conv1_out"));
        Assert.That(text, Does.Contain("fc_out"));
        Assert.That(text, Does.Contain("arena 176 bytes, lower bound 176 bytes"));
    }

    [Test]
    public void Planner_NegativeLifetime_IsRejected()
    {
        var p = new MemoryPlanner();
        Assert.Throws<WakeWord.Core.WakeWordException>(() => p.AddBuffer(10, 3, 2, "x"));
    }

    private static int TestScratch(QuantizedModel m, int i) => m.Layers[i] switch
    {
        LstmUnidirectionalLayer l => 3 * MemoryPlan.LstmSegmentBytes(l, 16),
        ConvLayerBase c => 2 * ((c.WeightShape[1] * c.WeightShape[2] * c.WeightShape[3] + 3) & ~3) * 2,
        _ => 0,
    };

    [Test]
    public void ModelPlanner_ReshapeAndTimeReverse_ShareTheirInputBytes()
    {
        var m = TestModels.Tiny();
        var (plan, _) = ModelMemoryPlanner.Plan(m, TestScratch);
        var reshape = m.Layers.OfType<ReshapeLayer>().Single();
        var reverse = m.Layers.OfType<TimeReverseLayer>().Single();
        Assert.That(plan.TensorOffsets[reshape.Output], Is.EqualTo(plan.TensorOffsets[reshape.Inputs[0]]));
        Assert.That(plan.TensorOffsets[reverse.Output], Is.EqualTo(plan.TensorOffsets[reverse.Inputs[0]]));
    }

    [Test]
    public void ModelPlanner_TimeReverseWithLaterReader_IsNotInPlace()
    {
        var m = TestModels.Tiny();
        // Move the forward LSTM after the reverse: the reverse is no longer the input's last reader.
        var layers = m.Layers.ToList();
        var fw = layers[3];
        layers.RemoveAt(3);
        layers.Insert(4, fw);
        var moved = m with { Layers = layers.ToArray() };
        ModelValidator.Validate(moved);
        var (plan, _) = ModelMemoryPlanner.Plan(moved, TestScratch);
        var reverse = moved.Layers.OfType<TimeReverseLayer>().Single();
        Assert.That(plan.TensorOffsets[reverse.Output], Is.Not.EqualTo(plan.TensorOffsets[reverse.Inputs[0]]));
    }

    [Test]
    public void ModelPlanner_DefaultCrnn_ArenaWithinBudgetAndFivePercentOfBound()
    {
        var m = TestModels.DefaultShape();
        var (plan, planner) = ModelMemoryPlanner.Plan(m, TestScratch);
        TestContext.Out.WriteLine(planner.Render());
        Assert.That(plan.ArenaBytes, Is.LessThanOrEqualTo(24 * 1024));
        Assert.That(plan.ArenaBytes, Is.LessThanOrEqualTo(plan.LowerBoundBytes * 1.05));
        ModelValidator.Validate(m with { Plan = plan });
    }
}
