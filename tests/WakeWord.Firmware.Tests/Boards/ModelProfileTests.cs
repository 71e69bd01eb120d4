using NUnit.Framework;
using WakeWord.Core;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Targets;

namespace WakeWord.Firmware.Tests.Boards;

/// <summary>Reading ww_qemu_profile's output (the QEMU run itself: SlicedInferenceTests).</summary>
[TestFixture]
public sealed class ModelProfileTests
{
    private static WakeWord.Sim.Model.QuantizedModel Model() => FirmwarePackage.Load(GeneratedPackageTests.DefaultPackage).Model;

    [Test]
    public void FromOutput_TakesEachLayersMax_AndSetsTheCostModelBesideIt()
    {
        var m = Model();
        var lines = string.Concat(Enumerable.Range(0, m.Layers.Length).Select(i => $"layer index={i} max={1000 + i} total={4000 + 4 * i}\n"));
        var p = ModelProfile.FromOutput("qemu-m4", lines + "slice index=0 max=1\nruns=4\ncounter_overhead=40\nmax_inference_instructions=99999\n", m, RuntimeConfig.Default.Cost);
        Assert.That(p.Layers.Select(l => l.Instructions), Is.EqualTo(Enumerable.Range(0, m.Layers.Length).Select(i => 1000L + i)));
        Assert.That(p.MaxInferenceInstructions, Is.EqualTo(99999));
        Assert.That(p.Runs, Is.EqualTo(4));
        var work = ModelExecutorRunner.Work(m);
        for (var i = 0; i < m.Layers.Length; i++)
            Assert.That(p.Layers[i].Estimated, Is.EqualTo(RuntimeConfig.Default.Cost.LayerCycles(work[i].Kind, work[i].Units)));
    }

    [Test]
    public void Report_PrintsEachLayerAgainstTheCostModel()
    {
        var m = Model();
        var lines = string.Concat(Enumerable.Range(0, m.Layers.Length).Select(i => $"layer index={i} max={(i == 0 ? 82_420 : 0)} total=0\n"));
        var p = ModelProfile.FromOutput("qemu-m4", lines + "runs=4\nmax_inference_instructions=90000\n", m, RuntimeConfig.Default.Cost);
        var data = new BoardReportData("pkg", "a.wav", 0.01, 10, 0.1, [], []) { Profiles = [p] };
        var text = BoardReportRenderer.Text(data);
        // The window mean (layer 0) costs 2352 elements x 35 + the 100-cycle call = 82,420 in the default model: ratio 1.00.
        Assert.That(text, Does.Contain("Instructions per layer under QEMU").And.Contain("35.04 /element"));
        Assert.That(text.Split('\n').Single(l => l.TrimStart().StartsWith(m.Layers[0].Name, StringComparison.Ordinal)), Does.EndWith("1.00"));
        Assert.That(text, Does.Contain("sum of layers").And.Contain("qemu-m4 90,000"));
        Assert.That(BoardReportRenderer.Html(data), Does.Contain($"{m.Layers[0].Name} measured").And.Contain($"{m.Layers[0].Name} cost model"));
    }

    [Test]
    public void FromOutput_MissingLayer_NamesIt()
    {
        var m = Model();
        var lines = string.Concat(Enumerable.Range(1, m.Layers.Length - 1).Select(i => $"layer index={i} max=1 total=1\n"));
        var e = Assert.Throws<WakeWordException>(() => ModelProfile.FromOutput("qemu-m7", lines + "runs=1\nmax_inference_instructions=1\n", m, RuntimeConfig.Default.Cost));
        Assert.That(e!.Message, Does.Contain("qemu-m7").And.Contain("layer 0").And.Contain(m.Layers[0].Name));
    }

    [Test]
    public void FromOutput_LayerOutsideTheModel_SaysSo()
    {
        var m = Model();
        var e = Assert.Throws<WakeWordException>(() => ModelProfile.FromOutput("qemu-m4", $"layer index={m.Layers.Length} max=1 total=1\n", m, RuntimeConfig.Default.Cost));
        Assert.That(e!.Message, Does.Contain($"layer {m.Layers.Length} outside the model's {m.Layers.Length} layers"));
    }
}
