using WakeWord.Core;
using static WakeWord.Firmware.Tests.InProcessCli;

namespace WakeWord.Firmware.Tests;

/// <summary>Options of <c>train</c>, <c>train-default</c> and <c>data probe</c> checked before any work: one-line errors naming the option.</summary>
[TestFixture]
public sealed class CliDatasetOptionTests
{
    [TestCase("--speed", "2,1")]
    [TestCase("--speed", "0.85")]
    [TestCase("--speed", "0.4,1.2")]
    [TestCase("--speed", "a,b")]
    [TestCase("--tempo", "1.3,0.7")]
    [TestCase("--tempo", "2.5,3")]
    public void Train_BadSpeedOrTempoRange_FailsNamingTheOptionAndWritesNothing(string option, string range)
    {
        var outDir = Path.Combine(RepoPaths.WorkDir("firmware-tests"), $"train-range-{Guid.NewGuid():N}");
        var (code, _, err) = RunCli("train", "--data", outDir + "-no-data", "--out", outDir, option, range);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain(option).And.Contain(range));
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [TestCase("--extra-voice-share", "0.1")]
    [TestCase("--extra-voices-keep-espeak", null)]
    public void TrainDefault_ExtraVoiceOptionWithoutEngines_FailsNamingBothAndWritesNothing(string option, string? value)
    {
        var outDir = Path.Combine(RepoPaths.WorkDir("firmware-tests"), $"train-default-{Guid.NewGuid():N}");
        string[] args = value == null ? ["train-default", "--out", outDir, option] : ["train-default", "--out", outDir, option, value];
        var (code, _, err) = RunCli(args);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain(option).And.Contain("--extra-voice-engines"));
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void TrainDefault_ExtraVoiceShareAboveWhatEspeakLeaves_FailsBeforeAnyFolder()
    {
        var outDir = Path.Combine(RepoPaths.WorkDir("firmware-tests"), $"train-default-{Guid.NewGuid():N}");
        var (code, output, err) = RunCli("train-default", "--out", outDir, "--extra-voice-engines", "pico", "--extra-voice-share", "0.5", "--extra-voices-keep-espeak");
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("--extra-voice-share").And.Contain("0.4"));
        Assert.That(output, Does.Contain("--extra-voice-engines pico --extra-voice-share 0.5 --extra-voices-keep-espeak"), "the printed recipe says what would have run");
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void TrainDefault_UnknownExtraVoiceEngine_FailsNamingItBeforeAnyFolder()
    {
        var outDir = Path.Combine(RepoPaths.WorkDir("firmware-tests"), $"train-default-{Guid.NewGuid():N}");
        var (code, _, err) = RunCli("train-default", "--out", outDir, "--extra-voice-engines", "pico,espeak");
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("--extra-voice-engines").And.Contain("'espeak'"));
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
