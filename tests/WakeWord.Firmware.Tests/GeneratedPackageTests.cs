using System.Text.Json;
using WakeWord.Cli;
using WakeWord.Codegen;
using WakeWord.Core;
using WakeWord.Sim.Audio;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Build;

namespace WakeWord.Firmware.Tests;

/// <summary>The real path: the default model generated into a package, built for the PC, checked against the simulator.</summary>
[TestFixture]
public sealed class GeneratedPackageTests
{
    private static readonly Lazy<string> Package = new(() => Generate("default-package", singleRounding: false), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The default model's package (generated once per test run, shared with other fixtures).</summary>
    internal static string DefaultPackage => Package.Value;

    private static string Generate(string name, bool singleRounding)
    {
        var dir = Path.Combine(RepoPaths.WorkDir("firmware-tests"), name);
        var runtime = RuntimeConfig.Default;
        GenerateService.Run(new GenerateRequest
        {
            OutDir = dir,
            Target = "host",
            SingleRounding = singleRounding,
            CommandLine = "WakeWord.Firmware.Tests",
            RuntimeFiles = features => (runtime.ToJson(), RuntimeHeaderEmitter.Emit(runtime, features)),
        });
        return dir;
    }

    private static string MixedWav()
    {
        var path = Path.Combine(RepoPaths.WorkDir("firmware-tests"), "mixed-long.wav");
        WavFile.WriteMono16(path, TestAudio.Mixed(), 48000);
        return path;
    }

    [Test]
    public void DefaultModel_HostFirmware_OnMixedAudio_TraceEqualsSimulator()
    {
        var cases = Validator.Run(Package.Value, "host", [MixedWav()], new FirmwareRunOptions(),
            Path.Combine(RepoPaths.WorkDir("firmware-tests"), "validate-default"));
        Assert.That(cases, Has.Count.EqualTo(1));
        Assert.That(cases[0].Equal, Is.True, cases[0].Diff.Description);
        var s = cases[0].Simulation.Stats;
        Assert.That(s.Inferences, Is.GreaterThan(0u));
        Assert.That(s.Gated, Is.GreaterThan(0u));
        Assert.That(cases[0].Records, Is.GreaterThan((int)s.Frames), "layer and posterior records missing");
    }

    [Test]
    public void DefaultModel_SingleRounding_HostFirmwareTraceEqualsSimulator()
    {
        // The package's rounding mode switches both sides: CMSIS_NN_USE_SINGLE_ROUNDING in the firmware build
        // (ww_package.cmake), the single-rounding arithmetic in the simulator (model.json).
        var pkg = Generate("default-package-single", singleRounding: true);
        var cases = Validator.Run(pkg, "host", [HostFirmware.SampleWav], new FirmwareRunOptions(),
            Path.Combine(RepoPaths.WorkDir("firmware-tests"), "validate-single"));
        Assert.That(cases[0].Equal, Is.True, cases[0].Diff.Description);
        Assert.That(File.ReadAllText(Path.Combine(pkg, "ww_package.cmake")), Does.Contain("WW_SINGLE_ROUNDING ON"));
    }

    [Test]
    public void Simulate_Json_PrintsDetectionsThenOneSummaryObject()
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(["simulate", "--package", Package.Value, "--in", HostFirmware.SampleWav, "--json"], o, e);
        Assert.That(code, Is.EqualTo(0), e.ToString());
        var lines = o.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var last = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.That(last.GetProperty("summary").GetBoolean(), Is.True);
        Assert.That(last.GetProperty("frames").GetInt32(), Is.GreaterThan(300));
        Assert.That(last.GetProperty("cycles_per_inference").GetDouble(), Is.GreaterThan(1e6));
        foreach (var l in lines[..^1])
        {
            var d = JsonDocument.Parse(l).RootElement;
            Assert.That(d.GetProperty("time_s").GetDouble(), Is.InRange(0.0, 5.0));
            Assert.That(d.TryGetProperty("score", out _), Is.True);
        }
    }

    [Test]
    public void Validate_TracesDiffer_ExitsNonZeroNamingFirstRecord()
    {
        // runtime.json edited after generation: the firmware keeps the headers' gate (it opens on speech),
        // the simulator reads a minimum energy no frame reaches (the gate never opens), so the traces part.
        var copy = Path.Combine(RepoPaths.WorkDir("firmware-tests"), "default-package-skewed");
        if (Directory.Exists(copy)) Directory.Delete(copy, true);
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(Package.Value)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        var skewed = RuntimeConfig.Default with { GateMinEnergy = 32000 };
        File.WriteAllText(Path.Combine(copy, "runtime.json"), skewed.ToJson());
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(["validate", "--package", copy, "--target", "host", "--in", HostFirmware.SampleWav,
            "--work", Path.Combine(RepoPaths.WorkDir("firmware-tests"), "validate-skewed")], o, e);
        Assert.That(code, Is.EqualTo(1), o + e.ToString());
        Assert.That(o.ToString(), Does.Contain("DIFF  host  mixed.wav: record "));
    }
}
