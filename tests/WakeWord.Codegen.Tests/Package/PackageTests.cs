using NUnit.Framework;
using WakeWord.Codegen.Package;
using WakeWord.Codegen.Tests.Model;
using WakeWord.Core;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Tests.Package;

[TestFixture]
public class PackageTests
{
    [Test]
    public void Package_SameInputsTwice_AreByteIdentical()
    {
        var a = PackageWriter.Build(TestPackages.Contents(TestModels.Tiny(seed: 5)));
        var b = PackageWriter.Build(TestPackages.Contents(TestModels.Tiny(seed: 5)));
        Assert.That(b.Keys, Is.EqualTo(a.Keys));
        foreach (var (name, bytes) in a) Assert.That(b[name], Is.EqualTo(bytes), name);
    }

    [Test]
    public void Package_WrittenTwice_FolderContentsAreByteIdentical()
    {
        var d1 = TestPackages.Write(TestModels.Tiny(seed: 6), "det-a");
        var d2 = TestPackages.Write(TestModels.Tiny(seed: 6), "det-b");
        var f1 = Directory.GetFiles(d1).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var f2 = Directory.GetFiles(d2).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.That(f2, Is.EqualTo(f1));
        foreach (var f in f1) Assert.That(File.ReadAllBytes(Path.Combine(d2, f!)), Is.EqualTo(File.ReadAllBytes(Path.Combine(d1, f!))), f);
    }

    [Test]
    public void Package_ContainsEveryFileAndManifestHashesThem()
    {
        var files = PackageWriter.Build(TestPackages.Contents(TestModels.Tiny()));
        Assert.That(files.Keys, Is.SupersetOf(new[] { "ww_model.h", "ww_model.c", "ww_model_data.c", "ww_config.h", "model.json", "manifest.json", "report.txt", "README.md", "ww_package.cmake" }));
        var manifest = System.Text.Encoding.UTF8.GetString(files["manifest.json"]);
        foreach (var name in files.Keys.Where(k => k != "manifest.json"))
            Assert.That(manifest, Does.Contain($"\"name\": \"{name}\""), name);
        Assert.That(manifest, Does.Contain("\"macs\": "));
    }

    [Test]
    public void Package_FailedGeneration_LeavesPreviousPackageAndNoTemporaryFolder()
    {
        var dir = TestPackages.Write(TestModels.Tiny(seed: 8), "atomic");
        var before = Directory.GetFiles(dir).ToDictionary(f => f, File.ReadAllBytes);
        var good = TestPackages.Contents(TestModels.Tiny(seed: 9));
        var bad = good with { Model = good.Model with { ClassNames = ["only_one"] } }; // invalid: output has 3 values
        Assert.Throws<WakeWordException>(() => PackageWriter.Write(dir, bad));
        Assert.That(Directory.GetFiles(dir).ToDictionary(f => f, File.ReadAllBytes), Is.EqualTo(before));
        var parent = Path.GetDirectoryName(dir)!;
        Assert.That(Directory.GetDirectories(parent).Where(d => Path.GetFileName(d).StartsWith(".atomic", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Package_FailedGenerationIntoNewFolder_CreatesNothing()
    {
        var dir = Path.Combine(RepoPaths.WorkDir("codegen-tests"), "never-written");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        var good = TestPackages.Contents(TestModels.Tiny());
        Assert.Throws<WakeWordException>(() => PackageWriter.Write(dir, good with { Model = good.Model with { Plan = null } }));
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [Test]
    public void PackageLoader_ReadsBackTheModelExactly()
    {
        var m = TestModels.Tiny(seed: 10);
        var dir = TestPackages.Write(m, "load");
        var p = PackageLoader.Load(dir);
        Assert.That(ModelJson.Serialize(p.Model), Is.EqualTo(ModelJson.Serialize(TestPackages.Planned(m))));
        Assert.That(p.Target, Is.EqualTo("host"));
    }

    [Test]
    public void PackageLoader_EditedFile_IsRefusedNamingTheFile()
    {
        var dir = TestPackages.Write(TestModels.Tiny(seed: 11), "tampered");
        File.AppendAllText(Path.Combine(dir, "ww_model_data.c"), "/* edited */\n");
        var e = Assert.Throws<WakeWordException>(() => PackageLoader.Load(dir));
        Assert.That(e!.Message, Does.Contain("ww_model_data.c"));
    }

    [Test]
    public void Report_DefaultCrnnShape_ShowsMacsPerLayerAndFlagsTheMacBudget()
    {
        var files = PackageWriter.Build(TestPackages.Contents(TestModels.DefaultShape()));
        var report = System.Text.Encoding.UTF8.GetString(files["report.txt"]);
        Assert.That(report, Does.Contain("MACs per inference"));
        Assert.That(report, Does.Contain("lstm_fw"));
        Assert.That(report, Does.Contain("lower bound"));
        // The seed shape does 2 x 49 x 4 x 32 x (192 + 32) LSTM MACs: 3.53 M in all, over the 3 M budget.
        Assert.That(report, Does.Contain("1,404,928"));
        Assert.That(report, Does.Contain("3,529,760 MACs (budget 3,000,000, OVER BUDGET)"));
        Assert.That(report, Does.Contain("bytes of arena (budget 24,576, ok)"));
    }
}
