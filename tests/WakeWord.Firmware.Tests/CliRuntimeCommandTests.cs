using WakeWord.Core;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Trace;
using static WakeWord.Firmware.Tests.InProcessCli;

namespace WakeWord.Firmware.Tests;

/// <summary>The runtime's CLI commands run in-process: exit codes and one-line errors.</summary>
[TestFixture]
public sealed class CliRuntimeCommandTests
{
    private static string WriteTrace(string name, short changed)
    {
        var path = Path.Combine(RepoPaths.WorkDir("firmware-tests"), name);
        using var w = new TraceWriter(File.Create(path), ownStream: true);
        w.Header(24, 98, 3, 10, TraceFlags.All);
        var f = new short[24];
        w.Features(0, f);
        f[5] = changed;
        w.Features(1, f);
        w.Posterior(9, true, true, 12, [1, 2, 3]);
        return path;
    }

    [Test]
    public void TraceCompare_DifferentFeature_ExitsOneNamingRecordAndElement()
    {
        var a = WriteTrace("cli-a.trace", 7);
        var b = WriteTrace("cli-b.trace", 8);
        var (code, output, _) = RunCli("trace", "compare", a, b);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("record 1").And.Contain("feature 5: expected 7, actual 8"));
        Assert.That(RunCli("trace", "compare", a, a).Code, Is.EqualTo(0));
    }

    [Test]
    public void TraceDump_PrintsOneLinePerRecord()
    {
        var a = WriteTrace("cli-dump.trace", 3);
        var (code, output, _) = RunCli("trace", "dump", a, "--only", "posterior");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("POSTERIOR ran=1 gate=1 smoothed=12 probs=1,2,3"));
        Assert.That(output, Does.Not.Contain("FEATURES"));
    }

    [Test]
    public void TraceCompare_NotATrace_FailsWithOneLineNamingFile()
    {
        var bad = Path.Combine(RepoPaths.WorkDir("firmware-tests"), "not-a-trace.bin");
        File.WriteAllBytes(bad, [1, 2, 3]);
        var (code, _, err) = RunCli("trace", "compare", bad, bad);
        Assert.That(code, Is.EqualTo(0), "identical bytes compare equal without parsing");
        var good = WriteTrace("cli-good.trace", 1);
        (code, _, err) = RunCli("trace", "compare", good, bad);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err.Trim(), Does.StartWith("error: actual: not a WakeWord trace"));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void Simulate_MissingPackage_FailsNamingTheFolder()
    {
        var missing = Path.Combine(RepoPaths.WorkDir("firmware-tests"), "no-such-package");
        var (code, _, err) = RunCli("simulate", "--package", missing, "--in", HostFirmware.SampleWav);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("no-such-package: package folder not found"));
    }

    [Test]
    public void RuntimeJson_UnknownField_FailsNamingFileAndField()
    {
        var path = Path.Combine(RepoPaths.WorkDir("firmware-tests"), "runtime-bad.json");
        File.WriteAllText(path, RuntimeConfig.Default.ToJson().Replace("\"smoothK\": 3", "\"smoothK\": 0"));
        var ex = Assert.Throws<WakeWordException>(() => RuntimeConfig.Load(path));
        Assert.That(ex!.Message, Does.Contain("runtime-bad.json").And.Contain("SmoothK"));
        File.WriteAllText(path, RuntimeConfig.Default.ToJson().Replace("\"smoothK\"", "\"smoothing\""));
        ex = Assert.Throws<WakeWordException>(() => RuntimeConfig.Load(path));
        Assert.That(ex!.Message, Does.Contain("runtime-bad.json").And.Contain("smoothing"));
    }

    [Test]
    public void RuntimeHeader_SameConfig_SameBytes_AndCarriesInt8Threshold()
    {
        var a = RuntimeHeaderEmitter.Emit(RuntimeConfig.Default, 24);
        var b = RuntimeHeaderEmitter.Emit(RuntimeConfig.FromJson(RuntimeConfig.Default.ToJson()), 24);
        Assert.That(b, Is.EqualTo(a));
        Assert.That(a, Does.Contain("#define WW_DETECTOR_THRESHOLD 26 "));
        Assert.That(a, Does.Contain("#define WW_GATE_ENERGY_INDEX 23 "));
    }
}
