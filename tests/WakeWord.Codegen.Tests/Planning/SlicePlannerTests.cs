using NUnit.Framework;
using WakeWord.Codegen.Emission;
using WakeWord.Codegen.Planning;
using WakeWord.Codegen.Tests.Model;
using WakeWord.Codegen.Tests.Package;
using WakeWord.Core;
using WakeWord.Sim.Runtime;

namespace WakeWord.Codegen.Tests.Planning;

/// <summary>The inference slice planner: optimal contiguous partition, the auto rule, the limits.</summary>
[TestFixture]
public class SlicePlannerTests
{
    /// <summary>Smallest largest slice over every way to cut <paramref name="costs"/> into <paramref name="n"/> non-empty runs.</summary>
    private static long BruteForceBest(long[] costs, int n)
    {
        var best = long.MaxValue;
        void Cut(int start, int left, long maxSoFar)
        {
            if (left == 1)
            {
                long sum = 0;
                for (var i = start; i < costs.Length; i++) sum += costs[i];
                best = Math.Min(best, Math.Max(maxSoFar, sum));
                return;
            }
            long run = 0;
            for (var end = start; end <= costs.Length - left; end++)
            {
                run += costs[end];
                Cut(end + 1, left - 1, Math.Max(maxSoFar, run));
            }
        }
        Cut(0, n, 0);
        return best;
    }

    [Test]
    public void Partition_HandMadeCosts_GivesTheKnownOptimalCuts()
    {
        // 9 | 1 1 1 | 9: the heavy ends each alone, the light middle together.
        Assert.That(SlicePlanner.Partition([9, 1, 1, 1, 9], 3), Is.EqualTo(new[] { 0, 1, 4 }));
        // Two equal halves.
        Assert.That(SlicePlanner.Partition([1, 2, 3, 3, 2, 1], 2), Is.EqualTo(new[] { 0, 3 }));
        // One slice: everything; as many slices as layers: one layer each.
        Assert.That(SlicePlanner.Partition([5, 6, 7], 1), Is.EqualTo(new[] { 0 }));
        Assert.That(SlicePlanner.Partition([5, 6, 7], 3), Is.EqualTo(new[] { 0, 1, 2 }));
        // Zero-cost layers (reshapes) do not disturb the split.
        Assert.That(SlicePlanner.MaxSlice([0, 4, 0, 0, 4, 0, 4], SlicePlanner.Partition([0, 4, 0, 0, 4, 0, 4], 3)), Is.EqualTo(4));
    }

    [Test]
    public void Partition_RandomSmallCostLists_LargestSliceEqualsBruteForceOptimum()
    {
        var rng = new Random(7);
        for (var trial = 0; trial < 300; trial++)
        {
            var costs = new long[rng.Next(1, 10)];
            for (var i = 0; i < costs.Length; i++) costs[i] = rng.Next(0, 4) == 0 ? 0 : rng.Next(1, 2_000_000);
            var n = rng.Next(1, costs.Length + 1);
            var firsts = SlicePlanner.Partition(costs, n);
            Assert.That(firsts, Has.Length.EqualTo(n), $"trial {trial}");
            Assert.That(firsts[0], Is.Zero);
            for (var k = 1; k < n; k++) Assert.That(firsts[k], Is.GreaterThan(firsts[k - 1]), $"trial {trial}: slices must be non-empty and contiguous");
            Assert.That(firsts[^1], Is.LessThan(costs.Length));
            Assert.That(SlicePlanner.MaxSlice(costs, firsts), Is.EqualTo(BruteForceBest(costs, n)),
                $"trial {trial}: costs {string.Join(",", costs)} in {n} slices");
        }
    }

    [Test]
    public void Auto_NeverExceedsInferEvery_AndIsTheFewestThatFit()
    {
        var m = TestModels.DefaultShape(seed: 23);
        foreach (var inferEvery in new[] { 1, 2, 3, 10 })
        {
            var runtime = RuntimeConfig.Default with { InferEvery = inferEvery };
            var plan = SlicePlanner.Plan(m, null, runtime);
            Assert.That(plan.Count, Is.InRange(1, inferEvery), $"inferEvery {inferEvery}");
        }
        // A cost model 100x slower per MAC cannot fit any split: auto stays within InferEvery and the layer count.
        var slow = RuntimeConfig.Default with
        {
            Cost = RuntimeConfig.Default.Cost with { ConvCyclesPerMac = 310, FirstConvCyclesPerMac = 1400, LstmCyclesPerMac = 260, FcCyclesPerMac = 300 },
        };
        var heavy = SlicePlanner.Plan(m, null, slow);
        Assert.That(heavy.Count, Is.InRange(1, Math.Min(slow.InferEvery, m.Layers.Length)));
        Assert.That(heavy.Reason, Does.Contain("no split"));
        // The rule, restated: the fewest slices whose estimated worst hop fits 75 % of 2.4 M cycles; when none
        // within the cap does, the fewest that reach the smallest largest slice.
        foreach (var (model, runtime) in new[] { (m, RuntimeConfig.Default), (m, slow), (TestModels.Tiny(seed: 1), RuntimeConfig.Default) })
        {
            var plan = SlicePlanner.Plan(model, null, runtime);
            var costs = SlicePlanner.LayerCycles(model, runtime.Cost);
            var hop = runtime.Cost.FrontendCyclesPerHop + runtime.Cost.RuntimeCyclesPerHop;
            var budget = SlicePlanner.AutoHopFraction * SlicePlanner.AutoClockHz * SlicePlanner.HopSeconds;
            var cap = Math.Min(runtime.InferEvery, costs.Length);
            var best = Enumerable.Range(1, cap).Select(k => SlicePlanner.MaxSlice(costs, SlicePlanner.Partition(costs, k))).ToList();
            var fits = best.FindIndex(v => hop + v <= budget);
            var expected = fits >= 0 ? fits + 1 : best.IndexOf(best.Min()) + 1;
            Assert.That(plan.Count, Is.EqualTo(expected), plan.Reason);
            Assert.That(plan.MaxCycles, Is.EqualTo(best[expected - 1]));
        }
    }

    [Test]
    public void LayerCycles_FirstConvWithOneInputChannel_UsesFirstConvCost()
    {
        var m = TestModels.DefaultShape(seed: 23);
        var cost = RuntimeConfig.Default.Cost;
        var cycles = SlicePlanner.LayerCycles(m, cost);
        var conv1Macs = WakeWord.Sim.Model.ModelStats.Macs(m, 0);
        Assert.That(m.Tensors[m.Layers[0].Inputs[0]].Shape[^1], Is.EqualTo(1), "the first conv reads one channel");
        Assert.That(cycles[0], Is.EqualTo((long)Math.Round(conv1Macs * cost.FirstConvCyclesPerMac + cost.LayerCallCycles, MidpointRounding.AwayFromZero)));
    }

    [Test]
    public void LayerCycles_WindowMeanCopiesAndSoftmax_CostTheirElements_ViewsOnlyTheCall()
    {
        var g = WakeWord.Codegen.Import.OnnxImporter.Load(WakeWord.Codegen.Tests.Import.TestUtil.DefaultModelPath);
        var norm = WakeWord.Codegen.Quantization.FeatureNormalization.FromMetadata(g.Metadata, 24, "crnn.onnx");
        var m = WakeWord.Codegen.Quantization.Quantizer.Quantize(WakeWord.Codegen.Tests.Import.TestUtil.DefaultModelPath,
            WakeWord.Codegen.Quantization.CalibrationData.Synthetic(norm, 16, 11), WakeWord.Codegen.Quantization.CalibrationData.Synthetic(norm, 8, 12)).Model;
        var cost = RuntimeConfig.Default.Cost;
        var cycles = SlicePlanner.LayerCycles(m, cost);
        for (var i = 0; i < m.Layers.Length; i++)
        {
            var l = m.Layers[i];
            var y = m.Tensors[l.Output];
            double? expected = l switch
            {
                WakeWord.Sim.Model.SubtractMeanLayer => m.Tensors[l.Inputs[0]].Elements * cost.SubtractMeanCyclesPerElement,
                WakeWord.Sim.Model.TimeReverseLayer or WakeWord.Sim.Model.SelectStepLayer or WakeWord.Sim.Model.ConcatLayer => y.Bytes * cost.CopyCyclesPerByte,
                WakeWord.Sim.Model.SoftmaxLayer => y.Elements * cost.SoftmaxCyclesPerElement,
                WakeWord.Sim.Model.ReshapeLayer => 0,
                _ => null,
            };
            if (expected is { } e)
                Assert.That(cycles[i], Is.EqualTo((long)Math.Round(e + cost.LayerCallCycles, MidpointRounding.AwayFromZero)), l.Name);
        }
        Assert.That(m.Layers.OfType<WakeWord.Sim.Model.SubtractMeanLayer>().Count(), Is.EqualTo(1), "the default model starts with the window mean");
    }

    [TestCase(0)]
    [TestCase(11)]
    public void Explicit_OutsideOneToInferEvery_IsAOneLineErrorNamingTheOption(int n)
    {
        var e = Assert.Throws<WakeWordException>(() => SlicePlanner.Plan(TestModels.DefaultShape(seed: 23), n, RuntimeConfig.Default));
        Assert.That(e!.Message, Does.StartWith($"--infer-slices {n}: must be 1..10").And.Not.Contain("\n"));
    }

    [Test]
    public void ParseOption_AutoOrNumber_ElseError()
    {
        Assert.That(SlicePlanner.ParseOption("auto"), Is.Null);
        Assert.That(SlicePlanner.ParseOption("4"), Is.EqualTo(4));
        Assert.Throws<WakeWordException>(() => SlicePlanner.ParseOption("four"));
    }

    [Test]
    public void Emitted_SlicedModel_OneFunctionPerSliceAndManifestAndReportListTheRanges()
    {
        var m = TestModels.DefaultShape(seed: 23);
        var options = TestPackages.AutoSliced(m);
        var plan = options.Slices!;
        var files = WakeWord.Codegen.Package.PackageWriter.Build(TestPackages.Contents(m, options: options));
        string Text(string name) => System.Text.Encoding.UTF8.GetString(files[name]);
        Assert.That(Text(ModelEmitter.ModelHeader), Does.Contain($"#define WW_MODEL_NUM_SLICES {plan.Count}\n"));
        var c = Text(ModelEmitter.ModelSource);
        for (var k = 0; k < plan.Count; k++)
        {
            Assert.That(c, Does.Contain($"static int32_t ww_model_slice_{k}(ww_layer_hook_fn hook, void *user)"));
            Assert.That(c, Does.Contain($"/* Slice {k} of {plan.Count}: layers {plan.First(k)}..{plan.Last(k)} ("));
            Assert.That(c, Does.Contain($"case {k}: /* layers {plan.First(k)}..{plan.Last(k)} */"));
        }
        Assert.That(Text("report.txt"), Does.Contain($"Inference slices ({plan.Count}, one per hop"));
        var slices = FirmwarePackageSlices(files, m.Layers.Length);
        Assert.That(slices, Is.EqualTo(plan.FirstLayers));
    }

    /// <summary>The simulator's reading of the manifest's slices (what it runs per hop).</summary>
    private static IReadOnlyList<int> FirmwarePackageSlices(SortedDictionary<string, byte[]> files, int layers)
    {
        var dir = Path.Combine(RepoPaths.WorkDir("codegen-tests"), "slices-manifest");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "manifest.json"), files["manifest.json"]);
        return FirmwarePackage.ReadSliceFirstLayers(dir, layers);
    }
}
