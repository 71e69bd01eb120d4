using NUnit.Framework;
using WakeWord.Core;
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Build;
using WakeWord.Sim.Runtime.Targets;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Firmware.Tests.Boards;

/// <summary>
/// The whole firmware (runtime, front end, kernels, the tests-only model package) on the QEMU boards:
/// its trace equals the C# simulator's byte for byte, and its instruction counts repeat exactly.
/// </summary>
[TestFixture]
public sealed class QemuFirmwareTests
{
    private static readonly string[] QemuTargets = ["qemu-m4", "qemu-m7"];

    private static readonly Dictionary<string, Lazy<string>> Programs = new()
    {
        ["qemu-m4"] = new(() => BuildApp("qemu-m4")),
        ["qemu-m7"] = new(() => BuildApp("qemu-m7")),
    };

    /// <summary>
    /// Build tree of the test package for a target, shared with the report test and with the runtime's QEMU
    /// trace tests (same package, same folder), so each target is compiled once per test run.
    /// </summary>
    internal static string PackageBuildDir(string target) => Path.Combine(RepoPaths.WorkDir("firmware-tests"), "build-" + target);

    private static string BuildApp(string target) => FirmwareTargets.Get(target).Build(HostFirmware.Package, PackageBuildDir(target));

    [Test]
    public void FirmwareTargets_ListTheQemuBoards()
    {
        Assert.That(FirmwareTargets.Get("qemu-m4"), Is.InstanceOf<QemuM4FirmwareTarget>());
        Assert.That(FirmwareTargets.Get("qemu-m7"), Is.InstanceOf<QemuM7FirmwareTarget>());
    }

    [TestCase("qemu-m4")] // the DMA path on both cores is covered by QemuTraceTests; this is the push path
    public void QemuFirmwareTrace_OnMixedAudio_EqualsSimulatorTrace(string target)
    {
        var pcm = TestAudio.Mixed();
        var options = new FirmwareRunOptions();
        var pcmPath = HostFirmware.WritePcm(pcm, $"boards-mixed-{target}.pcm");
        var tracePath = Path.Combine(RepoPaths.WorkDir("boards"), $"mixed-{target}.trace");
        File.Delete(tracePath);

        var run = FirmwareTargets.Get(target).Run(Programs[target].Value, pcmPath, tracePath, options);
        var (sim, rt) = HostFirmware.RunSimulator(pcm, options);

        var diff = TraceComparer.Compare(sim, File.ReadAllBytes(tracePath), "simulator", target);
        Assert.That(diff.Equal, Is.True, diff.Description);
        Assert.That(rt.Stats.Inferences, Is.GreaterThan(0u), "no inference ran, so no layer output was compared");
        Assert.That(run.Output, Does.Contain($"stats frames={rt.Stats.Frames} inferences={rt.Stats.Inferences}"));
    }

    [TestCaseSource(nameof(QemuTargets))]
    public void QemuFirmware_InstructionsPerInference_AreRepeatable(string target)
    {
        var pcmPath = HostFirmware.WritePcm(TestAudio.Mixed(), $"boards-count-{target}.pcm");
        IReadOnlyDictionary<string, ulong> Counts()
        {
            var r = new QemuRunner(TargetCatalog.Get(target)).Run(Programs[target].Value, ["--in", pcmPath, "--flags", "0"]);
            Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
            return QemuRunner.ParseCounters(r.StdOut);
        }
        var first = Counts();
        var second = Counts();
        Assert.That(first["max_inference_instructions"], Is.GreaterThan(1000UL), "the inference was not measured");
        Assert.That(first["instructions"], Is.GreaterThan(first["max_inference_instructions"]));
        foreach (var key in new[] { "max_inference_instructions", "max_hop_instructions", "instructions", "inferences" })
            Assert.That(second[key], Is.EqualTo(first[key]), $"{target}: {key} differs between two identical runs");
    }

    [TestCase("qemu-m4", 480)]
    [TestCase("qemu-m7", 333)]
    public void QemuFrontendAlone_OnMixedAudio_EqualsSimulatorFeatures(string target, int chunk)
    {
        var build = TargetBuild.Configure(TargetCatalog.Get(target), PackageBuildDir(target), HostFirmware.Package);
        build.Build("ww_qemu_features");
        var pcm = TestAudio.Mixed();
        var pcmPath = HostFirmware.WritePcm(pcm, $"boards-fe-{target}.pcm");
        var outPath = Path.Combine(RepoPaths.WorkDir("boards"), $"fe-{target}.wwfe");
        File.Delete(outPath);

        var r = new QemuRunner(TargetCatalog.Get(target)).Run(build.Program("ww_qemu_features").Executable,
            ["--in", pcmPath, "--out", outPath, "--chunk", chunk.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);

        var firmware = FeatureFile.Read(outPath);
        var expected = Frontend.ComputeAll(new FrontendTables(FrontendConfig.Default), pcm);
        Assert.That(firmware.FeaturesPerFrame, Is.EqualTo(FrontendConfig.Default.Features));
        Assert.That(firmware.Data.Length, Is.EqualTo(expected.Length), "frame count differs");
        for (var i = 0; i < expected.Length; i++)
        {
            if (firmware.Data[i] != expected[i])
                Assert.Fail($"{target}: first difference at frame {i / firmware.FeaturesPerFrame}, coefficient {i % firmware.FeaturesPerFrame}: firmware {firmware.Data[i]}, simulator {expected[i]}");
        }
        Assert.That(QemuRunner.ParseCounters(r.StdOut)["frames"], Is.EqualTo((ulong)firmware.Frames));
    }

    [TestCase("stm32h7-cm4")]
    [TestCase("stm32h7-cm7")]
    public void Stm32H7Firmware_WithPackage_LinksWithoutWarningsOrMalloc(string target)
    {
        var dir = PackageBuildDir(target);
        FirmwareBuilder.Build(new FirmwareBuildRequest(HostFirmware.Package, target, dir, ["ww_board_programs"]));
        var elf = Path.Combine(dir, "boards", target, "common-stm32h7", "ww_stm32h7_app.elf");
        Assert.That(File.Exists(elf), $"{elf} missing");
        Assert.That(File.Exists(Path.ChangeExtension(elf, ".bin")) && File.Exists(Path.ChangeExtension(elf, ".hex")));
        var symbols = ElfSymbols.Read(elf);
        foreach (var banned in new[] { "malloc", "_malloc_r", "free", "calloc", "realloc", "_sbrk" })
            Assert.That(symbols.ContainsKey(banned), Is.False, $"{target}: {banned} is linked in");
        Assert.That(symbols, Does.ContainKey("ww_runtime_init").And.ContainKey("ww_port_set_perf_level").And.ContainKey("DMA1_Stream0_IRQHandler"));
        // The runtime's DMA double buffer sits in D2 SRAM (reachable by DMA1, non-cacheable on the CM7).
        var d2 = target == "stm32h7-cm7" ? 0x30000000u : 0x30040000u;
        Assert.That(symbols["s_dma_buffer"], Is.InRange(d2, d2 + 0x8000u), "the runtime's DMA buffer is not in D2 SRAM");
        // A clean relink must print no warning (the link runs with --fatal-warnings, so a warning fails it).
        File.Delete(elf);
        var r = ProcessRunner.Check("cmake", ["--build", dir, "--target", "ww_stm32h7_app"]);
        Assert.That(r.StdOut + r.StdErr, Does.Not.Contain("warning:"));
    }
}
