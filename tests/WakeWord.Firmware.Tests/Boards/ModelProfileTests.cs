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
