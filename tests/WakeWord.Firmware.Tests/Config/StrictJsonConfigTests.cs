using WakeWord.Core;
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Runtime;

namespace WakeWord.Firmware.Tests.Config;

/// <summary>The strict JSON both config records load and save through (<see cref="StrictJson"/>).</summary>
[TestFixture]
public sealed class StrictJsonConfigTests
{
    [Test]
    public void UnknownNestedField_IsRefusedNamingFileAndFieldPath()
    {
        var json = RuntimeConfig.Default.ToJson().Replace("\"sleepMw\"", "\"sleepMilliwatts\"", StringComparison.Ordinal);
        var e = Assert.Throws<WakeWordException>(() => RuntimeConfig.FromJson(json, "pkg/runtime.json"))!;
        Assert.That(e.Message, Is.EqualTo("pkg/runtime.json: unknown field \"cost.sleepMilliwatts\""));
    }

    [Test]
    public void UnknownField_WithALineBreakInItsName_GivesAOneLineError()
    {
        var e = Assert.Throws<WakeWordException>(() => FrontendConfig.FromJson("{\"ho\\np\": 3}", "frontend.json"))!;
        Assert.That(e.Message, Is.EqualTo("frontend.json: unknown field \"ho\\np\""));
    }

    [Test]
    public void MalformedJson_IsOneLineNamingTheFile()
    {
        var e = Assert.Throws<WakeWordException>(() => RuntimeConfig.FromJson("{\"smoothK\": 3,\n\"threshold\": }", "bad/runtime.json"))!;
        Assert.That(e.Message, Does.StartWith("bad/runtime.json: "));
        Assert.That(e.Message, Does.Not.Contain("\n"));
        var t = Assert.Throws<WakeWordException>(() => RuntimeConfig.FromJson("{\"smoothK\": \"three\"}", "bad/runtime.json"))!;
        Assert.That(t.Message, Does.StartWith("bad/runtime.json: ").And.Contain("smoothK"));
    }

    [Test]
    public void MissingFields_KeepTheDefaults()
    {
        Assert.That(RuntimeConfig.FromJson("{\"smoothK\": 5}"), Is.EqualTo(RuntimeConfig.Default with { SmoothK = 5 }));
        Assert.That(FrontendConfig.FromJson("{}"), Is.EqualTo(FrontendConfig.Default));
    }

    [Test]
    public void Save_ReplacesTheFileWholeAndLeavesNoTemporaryFile()
    {
        var dir = Path.Combine(RepoPaths.WorkDir("firmware-tests"), $"strict-json-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "runtime.json");
            RuntimeConfig.Default.Save(path);
            var changed = RuntimeConfig.Default with { Threshold = 0.75, Cost = RuntimeConfig.Default.Cost with { SleepMw = 2.5 } };
            changed.Save(path);
            Assert.That(RuntimeConfig.Load(path), Is.EqualTo(changed));
            Assert.That(File.ReadAllText(path), Is.EqualTo(changed.ToJson()));
            Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EqualTo(new[] { "runtime.json" }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
