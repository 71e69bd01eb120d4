using WakeWord.Core;
using static WakeWord.Firmware.Tests.InProcessCli;

namespace WakeWord.Firmware.Tests;

/// <summary>Options of <c>train</c> and <c>data probe</c> checked before any work: one-line errors naming the option.</summary>
[TestFixture]
public sealed class CliDatasetOptionTests
{
    [TestCase("2,1")]
    [TestCase("0.85")]
    [TestCase("0.4,1.2")]
    [TestCase("a,b")]
    public void Train_BadSpeedRange_FailsNamingTheOptionAndWritesNothing(string speed)
    {
        var outDir = Path.Combine(RepoPaths.WorkDir("firmware-tests"), $"train-speed-{Guid.NewGuid():N}");
        var (code, _, err) = RunCli("train", "--data", outDir + "-no-data", "--out", outDir, "--speed", speed);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("--speed").And.Contain(speed));
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [TestCase("1.3,0.7")]
    [TestCase("2.5,3")]
    public void Train_BadTempoRange_FailsNamingTheOptionAndWritesNothing(string tempo)
    {
        var outDir = Path.Combine(RepoPaths.WorkDir("firmware-tests"), $"train-tempo-{Guid.NewGuid():N}");
        var (code, _, err) = RunCli("train", "--data", outDir + "-no-data", "--out", outDir, "--tempo", tempo);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("--tempo").And.Contain(tempo));
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void DataProbe_OutInsideData_FailsNamingOut()
    {
        var data = Path.Combine(RepoPaths.WorkDir("firmware-tests"), $"probe-data-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "manifest.csv"), "path,label,split,speaker,source\n");
        try
        {
            var (code, _, err) = RunCli("data", "probe", "--data", data, "--out", Path.Combine(data, "probe"));
            Assert.That(code, Is.Not.EqualTo(0));
            Assert.That(err, Does.Contain("--out"));
            Assert.That(Directory.EnumerateFileSystemEntries(data).Select(Path.GetFileName), Is.EqualTo(new[] { "manifest.csv" }));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
