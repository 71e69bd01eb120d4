using NUnit.Framework;
using WakeWord.Codegen.Package;
using WakeWord.Core;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Tests.Package;

/// <summary>The whole generate pipeline on the shipped default model: ONNX → quantize → plan → emit → package.</summary>
[TestFixture]
[NonParallelizable]
public class GenerateServiceTests
{
    private static string Out(string name)
    {
        var d = Path.Combine(RepoPaths.WorkDir("codegen-tests"), name);
        if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
        return d;
    }

    private static GenerateRequest Request(string outDir, string target = "stm32h7-cm4") => new()
    {
        Target = target,
        OutDir = outDir,
        CommandLine = "wakeword generate --target " + target,
        SyntheticWindows = 20,
    };

    [Test]
    public void Generate_DefaultModelTwice_PackagesAreByteIdenticalAndLoad()
    {
        var a = GenerateService.Run(Request(Out("gen-a")));
        var b = GenerateService.Run(Request(Out("gen-b")));
        Assert.That(b.Files.Keys, Is.EqualTo(a.Files.Keys));
        foreach (var (name, bytes) in a.Files) Assert.That(b.Files[name], Is.EqualTo(bytes), name);
        foreach (var name in a.Files.Keys)
            Assert.That(File.ReadAllBytes(Path.Combine(a.OutDir, name)), Is.EqualTo(a.Files[name]), name);

        var pkg = PackageLoader.Load(a.OutDir);
        Assert.That(pkg.Target, Is.EqualTo("stm32h7-cm4"));
        Assert.That(pkg.FrontendJson, Is.Not.Null);
        Assert.That(pkg.Model.Plan!.ArenaBytes, Is.LessThanOrEqualTo(24 * 1024));
        Assert.That(pkg.Model.Plan.ArenaBytes, Is.LessThanOrEqualTo(pkg.Model.Plan.LowerBoundBytes * 1.05));
        var probs = new ModelExecutor(pkg.Model).Run(new sbyte[pkg.Model.InputFrames * pkg.Model.InputFeatures]);
        Assert.That(probs, Has.Length.EqualTo(4), "wake, speech, background, confusable");
        var config = File.ReadAllText(Path.Combine(a.OutDir, "ww_config.h"));
        Assert.That(config, Does.Contain("#include \"ww_frontend_config.h\""));
    }

    [Test]
    public void Generate_WithoutCalib_CalibratesOnTheBundledRecordings_UnlessSyntheticIsAsked()
    {
        Assert.That(RepoPaths.SampleWavs().Select(Path.GetFileName), Is.EqualTo(new[] { "hey-nova.wav", "mixed.wav" }));
        var bundled = GenerateService.Run(Request(Out("gen-bundled"), "host"));
        Assert.That(bundled.CalibrationSource, Does.StartWith("no --calib: the 2 bundled recordings in datasets/samples"));
        var synthetic = GenerateService.Run(Request(Out("gen-synthetic"), "host") with { SyntheticCalibration = true });
        Assert.That(synthetic.CalibrationSource, Does.Contain("20 synthetic windows"));
        // Different calibration, different input scale: the two really are calibrated on different windows.
        Assert.That(synthetic.Model.Tensors[synthetic.Model.InputTensor].Scale, Is.Not.EqualTo(bundled.Model.Tensors[bundled.Model.InputTensor].Scale));
    }

    [Test]
    public void Generate_SingleRounding_IsRecordedInModelConfigAndCmake()
    {
        var r = GenerateService.Run(Request(Out("gen-single"), "host") with { SingleRounding = true });
        Assert.That(r.Model.Rounding, Is.EqualTo(RequantRounding.Single));
        Assert.That(File.ReadAllText(Path.Combine(r.OutDir, "ww_model.h")), Does.Contain("#define WW_MODEL_SINGLE_ROUNDING 1"));
        Assert.That(File.ReadAllText(Path.Combine(r.OutDir, PackageWriter.CmakeFile)), Does.Contain("set(WW_SINGLE_ROUNDING ON"));
    }

    [Test]
    public void Generate_UnknownTarget_FailsAndWritesNothing()
    {
        var dir = Out("gen-bad-target");
        var e = Assert.Throws<WakeWordException>(() => GenerateService.Run(Request(dir, "esp32")));
        Assert.That(e!.Message, Does.Contain("esp32"));
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [Test]
    public void Generate_MissingModel_NamesTheFileAndWritesNothing()
    {
        var dir = Out("gen-missing");
        var e = Assert.Throws<WakeWordException>(() => GenerateService.Run(Request(dir) with { ModelPath = "/nonexistent/model.onnx" }));
        Assert.That(e!.Message, Does.Contain("model.onnx"));
        Assert.That(Directory.Exists(dir), Is.False);
    }
}
