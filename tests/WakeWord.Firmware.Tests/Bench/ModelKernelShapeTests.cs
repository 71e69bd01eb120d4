using System.Text.Json;
using WakeWord.Cli.Bench;
using WakeWord.Codegen;
using WakeWord.Core;
using WakeWord.Sim.Kernels;
using WakeWord.Sim.Kernels.Bench;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Build;

namespace WakeWord.Firmware.Tests.Bench;

/// <summary>The layer shapes bench-kernels and bench time are the shipped default model's, as the generated package counts them.</summary>
[TestFixture]
public sealed class ModelKernelShapeTests
{
    [Test]
    public void DefaultModelShape_MacsPerLayer_EqualTheGeneratedManifest()
    {
        var shape = ModelKernelShape.Default();
        var dir = Path.Combine(RepoPaths.WorkDir("bench-tests"), "default-package");
        var runtime = RuntimeConfig.Default;
        GenerateService.Run(new GenerateRequest
        {
            OutDir = dir,
            Target = "host",
            CommandLine = "WakeWord.Firmware.Tests",
            RuntimeFiles = features => (runtime.ToJson(), RuntimeHeaderEmitter.Emit(runtime, features)),
        });
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        var layerMacs = manifest.RootElement.GetProperty("layers").EnumerateArray()
            .ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("macs").GetInt64());
        var benched = shape.Convs.Select(c => (c.Name, c.Macs)).Concat(shape.Lstms.Select(l => (l.Name, l.Macs))).Concat(shape.Fcs.Select(f => (f.Name, f.Macs)));
        foreach (var (name, macs) in benched)
        {
            Assert.That(layerMacs, Does.ContainKey("l_" + name), $"manifest has no layer for {name}");
            Assert.That(macs, Is.EqualTo(layerMacs["l_" + name]), $"{name}: MACs of the benched shape vs the package");
        }
        Assert.That(shape.Macs, Is.EqualTo(manifest.RootElement.GetProperty("model").GetProperty("macs").GetInt64()),
            "the bench covers every MAC of the default model");
        Assert.That(shape.Source, Is.EqualTo("datasets/models/default/crnn.onnx"));
        Assert.DoesNotThrow(() => shape.CortexMChain());
    }

    [Test]
    public void ShapeWithoutTheConvLstmFcChain_CortexMBench_RefusesNamingTheModel()
    {
        var shape = new KernelBenchShape("m.onnx",
            [new ConvShape("c", new Dims(1, 8, 8, 1), new Dims(4, 3, 3, 1), new Dims(1, 8, 8, 4), 1, 1, 1, 1)],
            [new LstmShape("l", 8, 32, 16)], [new FcShape("f", 16, 3)]);
        var e = Assert.Throws<WakeWordException>(() => shape.CortexMChain());
        Assert.That(e!.Message, Does.StartWith("m.onnx: ").And.Contain("1 convolution(s)"));
    }
}
