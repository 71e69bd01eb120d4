using NUnit.Framework;
using WakeWord.Codegen.Emission;
using WakeWord.Codegen.Tests.Model;
using WakeWord.Codegen.Tests.Package;
using WakeWord.Core;

namespace WakeWord.Codegen.Tests.Emission;

/// <summary>
/// Golden-file snapshots of the C emitted for the tiny hand-built model. After an intended change to a
/// template, regenerate with WW_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
[TestFixture]
public class GoldenTests
{
    private static string GoldenDir => Path.Combine(RepoPaths.Root, "tests", "WakeWord.Codegen.Tests", "Emission", "Golden", "tiny");

    [TestCase("ww_model.h")]
    [TestCase("ww_model.c")]
    [TestCase("ww_model_data.c")]
    [TestCase("ww_config.h")]
    public void EmittedC_TinyModel_MatchesGoldenFile(string file)
    {
        var files = ModelEmitter.Emit(TestPackages.Planned(TestModels.Tiny(seed: 1)), TestPackages.Options);
        var actual = files[file];
        var path = Path.Combine(GoldenDir, file + ".golden");
        if (Environment.GetEnvironmentVariable("WW_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(GoldenDir);
            File.WriteAllText(path, actual);
        }
        Assert.That(File.Exists(path), Is.True, $"{path} missing (run with WW_UPDATE_GOLDEN=1 to create it)");
        var expected = File.ReadAllText(path);
        if (actual == expected) return;
        var a = actual.Split('\n');
        var e = expected.Split('\n');
        var line = 0;
        while (line < a.Length && line < e.Length && a[line] == e[line]) line++;
        Assert.Fail($"{file} differs from {path} at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}");
    }

    [Test]
    public void EmittedC_EveryLayerHasOneCommentNamingItsOnnxNodeAndOneHook()
    {
        var m = TestPackages.Planned(TestModels.Tiny(seed: 1));
        var c = ModelEmitter.Emit(m, TestPackages.Options)["ww_model.c"];
        for (var i = 0; i < m.Layers.Length; i++)
        {
            Assert.That(c, Does.Contain($"/* Layer {i} \"{m.Layers[i].Name}\": "));
            Assert.That(c, Does.Contain($"from ONNX node \"{m.Layers[i].OnnxNode}\""));
            Assert.That(c, Does.Contain($"WW_HOOK({i}, \"{m.Layers[i].Name}\""));
        }
        Assert.That(c.Split("WW_CHECK(arm_").Length - 1, Is.EqualTo(5), "conv x2, LSTM x2 and FC are checked; softmax returns void");
    }
}
