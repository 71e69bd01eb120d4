using NUnit.Framework;
using WakeWord.Cli.Commands;
using WakeWord.Core;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Targets;
using static WakeWord.Firmware.Tests.InProcessCli;

namespace WakeWord.Firmware.Tests.Boards;

/// <summary><c>wakeword build</c>, <c>flash</c> and <c>report</c>, run in-process.</summary>
[TestFixture]
public sealed class CommandTests
{
    [Test]
    public void Build_QemuWithoutPackage_WritesSelfTestElfBinHexToOut()
    {
        var outDir = Path.Combine(RepoPaths.WorkDir("boards"), "cli-build-qemu-m4");
        var (code, stdout, stderr) = RunCli("build", "--target", "qemu-m4", "--out", outDir);
        Assert.That(code, Is.Zero, stderr);
        foreach (var ext in new[] { ".elf", ".bin", ".hex", ".map" })
            Assert.That(File.Exists(Path.Combine(outDir, "ww_board_selftest" + ext)), $"ww_board_selftest{ext} missing in {outDir}");
        Assert.That(stdout, Does.Contain(Path.Combine(outDir, "ww_board_selftest.elf")));
        Assert.That(stdout, Does.Match(@"ww_board_selftest: flash [\d,]+ B, RAM [\d,]+ B"));
        // The copied image is the real program: it runs under QEMU.
        var r = new QemuRunner(TargetCatalog.QemuM4).Run(Path.Combine(outDir, "ww_board_selftest.elf"), ["exit", "7"]);
        Assert.That(r.ExitCode, Is.EqualTo(7));
    }

    [Test]
    public void Build_FolderWithoutConfig_FailsNamingItAndWritesNothing()
    {
        var bogus = RepoPaths.WorkDir(Path.Combine("boards", "not-a-package"));
        var outDir = Path.Combine(RepoPaths.WorkDir("boards"), "cli-build-bogus");
        if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        var (code, _, stderr) = RunCli("build", "--package", bogus, "--target", "stm32h7-cm7", "--out", outDir);
        Assert.That(code, Is.Not.Zero);
        Assert.That(stderr, Does.Contain(bogus).And.Contain("ww_config.h"));
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void Build_UnknownTarget_ListsTheTargets()
    {
        var (code, _, stderr) = RunCli("build", "--target", "esp32", "--out", "x");
        Assert.That(code, Is.Not.Zero);
        Assert.That(stderr, Does.Contain("esp32").And.Contain("qemu-m7").And.Contain("stm32h7-cm4"));
    }

    [Test]
    public void Flash_QemuTarget_IsRefused()
    {
        var (code, _, stderr) = RunCli("flash", "--target", "qemu-m4", "--elf", "x.elf");
        Assert.That(code, Is.Not.Zero);
        Assert.That(stderr, Does.Contain("only board targets"));
    }

    [Test]
    public void Flash_MissingElf_NamesTheFile()
    {
        var missing = Path.Combine(RepoPaths.WorkDir("boards"), "missing.elf");
        var (code, _, stderr) = RunCli("flash", "--target", "stm32h7-cm7", "--elf", missing);
        Assert.That(code, Is.Not.Zero);
        Assert.That(stderr, Does.Contain(missing));
    }

    [Test]
    public void Flash_ImageBuiltForTheOtherCore_IsRefusedByAddress()
    {
        var cm4 = Stm32H7SelfTest("stm32h7-cm4");
        var e = Assert.Throws<WakeWordException>(() => Flasher.Plan(TargetCatalog.Stm32H7Cm7, cm4, null, ToolDir("openocd")));
        Assert.That(e!.Message, Does.Contain("0x08100000").And.Contain("0x08000000"));
    }

    [Test]
    public void Flash_NoToolOnPath_SaysWhatToInstall()
    {
        var elf = Stm32H7SelfTest("stm32h7-cm7");
        var empty = RepoPaths.WorkDir(Path.Combine("boards", "empty-path"));
        var e = Assert.Throws<WakeWordException>(() => Flasher.Plan(TargetCatalog.Stm32H7Cm7, elf, null, empty));
        Assert.That(e!.Message, Does.Contain("openocd").And.Contain("st-flash"));
    }

    [Test]
    public void Flash_OpenOcdPlan_ProgramsTheElfWithTheBoardConfig()
    {
        var elf = Stm32H7SelfTest("stm32h7-cm7");
        var plan = Flasher.Plan(TargetCatalog.Stm32H7Cm7, elf, null, ToolDir("openocd"));
        Assert.That(plan.Tool, Is.EqualTo("openocd"));
        Assert.That(plan.Arguments, Is.EqualTo(new[] { "-f", "interface/stlink.cfg", "-f", "target/stm32h7x.cfg", "-c", $"program {elf} verify reset exit" }));
    }

    [Test]
    public void Flash_StFlashPlan_WritesTheBinAtTheCoreBootAddress()
    {
        var elf = Stm32H7SelfTest("stm32h7-cm4");
        var plan = Flasher.Plan(TargetCatalog.Stm32H7Cm4, elf, "st-flash", ToolDir("st-flash"));
        Assert.That(plan.Arguments, Is.EqualTo(new[] { "--reset", "write", Path.ChangeExtension(elf, ".bin"), "0x08100000" }));
    }

    [Test]
    public void Flash_WithOpenOcdButNoProbe_SaysConnectTheProbe()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        Assume.That(ProcessRunner.FindTool("openocd", path), Is.Not.Null, "openocd is not installed here");
        var plan = Flasher.Plan(TargetCatalog.Stm32H7Cm7, Stm32H7SelfTest("stm32h7-cm7"), "openocd", path);
        var e = Assert.Throws<WakeWordException>(() => Flasher.Execute(plan));
        Assert.That(e!.Message, Does.Contain("no ST-LINK probe found").And.Contain("Error"));
    }

    [Test]
    public void Report_OnTestPackage_MeasuresBothCoresAndStatesTheRealTimeMargin()
    {
        var outDir = Path.Combine(RepoPaths.WorkDir("boards"), "report-out");
        var data = BoardReport.Measure(HostFirmware.Package, HostFirmware.SampleWav, RepoPaths.WorkDir("boards"),
            buildDirFor: t => QemuFirmwareTests.PackageBuildDir(t.Name));
        Assert.That(data.Boards.Select(b => b.Board.Name), Is.EqualTo(new[] { "stm32h7-cm4", "stm32h7-cm7" }));
        foreach (var b in data.Boards)
        {
            Assert.That(b.Measured.MaxInferenceInstructions, Is.GreaterThan(0UL));
            Assert.That(b.Measured.FrontendInstructionsPerHop, Is.GreaterThan(1000.0));
            Assert.That(b.Memory.FlashBytes, Is.GreaterThan(b.Memory.Sections.Single(s => s.Name == ".text").Bytes - 1));
            Assert.That(b.Memory.RamBytes, Is.GreaterThan(0UL));
        }
        // The same instruction count as a direct QEMU run of the same program and audio.
        var direct = new QemuRunner(TargetCatalog.QemuM4).Run(Path.Combine(QemuFirmwareTests.PackageBuildDir("qemu-m4"), "boards", "qemu-m4", "common-qemu", "ww_qemu_app.elf"),
            ["--in", HostFirmware.SampleWav, "--flags", "0"]);
        Assert.That(QemuRunner.ParseCounters(direct.StdOut)["max_inference_instructions"], Is.EqualTo(data.Boards[0].Measured.MaxInferenceInstructions));

        var text = BoardReportRenderer.Text(data);
        Assert.That(text, Does.Contain("qemu-m4").And.Contain("qemu-m7").And.Contain("real time").And.Contain("margin").And.Contain("mWh per hour"));
        var html = BoardReportRenderer.Html(data);
        Assert.That(html, Does.StartWith("<!DOCTYPE html>").And.Contain("<svg").And.Contain("stm32h7-cm7 HIGH"));
        AtomicOutput.WriteDirectory(outDir, tmp => File.WriteAllText(Path.Combine(tmp, "boards-report.html"), html));
    }

    [Test]
    public void Report_MissingPackage_FailsNamingIt()
    {
        var missing = Path.Combine(RepoPaths.WorkDir("boards"), "no-such-package");
        var (code, _, stderr) = RunCli("report", "--package", missing);
        Assert.That(code, Is.Not.Zero);
        Assert.That(stderr, Does.Contain(missing));
    }

    private static string Stm32H7SelfTest(string target) => Stm32H7LinkTests.SelfTest(target);

    /// <summary>A folder holding an executable file named <paramref name="tool"/>, so the planner resolves it (nothing runs it).</summary>
    private static string ToolDir(string tool)
    {
        var dir = RepoPaths.WorkDir(Path.Combine("boards", "tools-" + tool));
        var path = Path.Combine(dir, tool);
        File.WriteAllText(path, "#!/bin/sh\nexit 1\n");
        return dir;
    }
}
