using NUnit.Framework;
using WakeWord.Codegen.Tests.Package;
using WakeWord.Core;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Tests.Model;

[TestFixture]
public class ModelExecutorTests
{
    private static sbyte[] Window(QuantizedModel m, int seed)
    {
        var rng = new Random(seed);
        var a = new sbyte[m.InputFrames * m.InputFeatures];
        for (var i = 0; i < a.Length; i++) a[i] = (sbyte)rng.Next(-128, 128);
        return a;
    }

    [Test]
    public void Executor_PlannedArena_GivesTheSameLayersAsTheSequentialLayout()
    {
        // The planned arena reuses memory and reverses in place; end-to-end tensors cannot alias.
        // Equal outputs show the plan never overwrites a tensor that is still needed.
        var m = TestModels.Tiny(seed: 31);
        var planned = new ModelExecutor(TestPackages.Planned(m));
        var sequential = new ModelExecutor(m);
        Assert.That(planned.Plan.ArenaBytes, Is.LessThan(sequential.Plan.ArenaBytes));
        for (var seed = 0; seed < 5; seed++)
        {
            var x = Window(m, seed);
            var a = planned.RunLayers(x);
            var b = sequential.RunLayers(x);
            for (var i = 0; i < a.Length; i++) Assert.That(a[i], Is.EqualTo(b[i]), $"seed {seed} layer {i} ({m.Layers[i].Name})");
        }
    }

    [Test]
    public void Executor_RoundingMode_ChangesSomeOutputs()
    {
        var dbl = new ModelExecutor(TestPackages.Planned(TestModels.Tiny(seed: 32)));
        var sgl = new ModelExecutor(TestPackages.Planned(TestModels.Tiny(seed: 32, rounding: RequantRounding.Single)));
        var differs = 0;
        for (var seed = 0; seed < 20; seed++)
        {
            var x = Window(dbl.Model, seed);
            var a = dbl.RunLayers(x);
            var b = sgl.RunLayers(x);
            for (var i = 0; i < a.Length; i++) if (!a[i].AsSpan().SequenceEqual(b[i])) differs++;
        }
        Assert.That(differs, Is.GreaterThan(0), "single and double rounding gave identical results on every layer");
    }

    [Test]
    public void Executor_Hook_SeesEveryLayerInOrderWithItsOutputSize()
    {
        var m = TestPackages.Planned(TestModels.Tiny(seed: 33));
        var exec = new ModelExecutor(m);
        var seen = new List<(int, string, int)>();
        exec.Run(Window(m, 1), (l, n, d) => seen.Add((l, n, d.Length)));
        Assert.That(seen, Is.EqualTo(m.Layers.Select((l, i) => (i, l.Name, m.Tensors[l.Output].Bytes))));
    }

    [Test]
    public void Executor_TimeReverse_ReversesTheSequence()
    {
        var m = TestPackages.Planned(TestModels.Tiny(seed: 34));
        var outs = new ModelExecutor(m).RunLayers(Window(m, 2));
        var rev = Array.FindIndex(m.Layers, l => l is TimeReverseLayer);
        var seq = outs[Array.FindIndex(m.Layers, l => l is ReshapeLayer)];
        var steps = ((TimeReverseLayer)m.Layers[rev]).TimeSteps;
        var row = seq.Length / steps;
        for (var t = 0; t < steps; t++)
            Assert.That(outs[rev].AsSpan(t * row, row).ToArray(), Is.EqualTo(seq.AsSpan((steps - 1 - t) * row, row).ToArray()), $"step {t}");
    }

    [Test]
    public void Executor_WrongInputSize_IsAUserError()
    {
        var exec = new ModelExecutor(TestModels.Tiny());
        Assert.Throws<WakeWordException>(() => exec.Run(new sbyte[5]));
    }
}
