using NUnit.Framework;
using WakeWord.Core;
using WakeWord.Sim.Runtime.Targets;

namespace WakeWord.Firmware.Tests.Boards;

/// <summary>The STM32H7 images link warning-free, without malloc, with every section where the board needs it.</summary>
[TestFixture]
public sealed class Stm32H7LinkTests
{
    private static readonly string[] BoardTargets = ["stm32h7-cm4", "stm32h7-cm7"];

    private static readonly Dictionary<string, Lazy<(BuiltProgram Program, string Log)>> Builds = new()
    {
        ["stm32h7-cm4"] = new(() => Build(TargetCatalog.Stm32H7Cm4)),
        ["stm32h7-cm7"] = new(() => Build(TargetCatalog.Stm32H7Cm7)),
    };

    /// <summary>The self-test ELF of <paramref name="target"/> (built once per run, shared with other fixtures).</summary>
    internal static string SelfTest(string target) => Builds[target].Value.Program.Executable;

    private static (BuiltProgram, string) Build(TargetDefinition t)
    {
        var dir = Path.Combine(RepoPaths.WorkDir("boards"), t.Name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); // a fresh tree, so the log holds every compile and link
        var build = TargetBuild.Configure(t, dir);
        var r = ProcessRunner.Check("cmake", ["--build", build.BuildDir, "--target", "ww_stm32h7_selftest", "--", "VERBOSE=1"]);
        return (build.Program("ww_stm32h7_selftest"), r.StdOut + r.StdErr);
    }

    [TestCaseSource(nameof(BoardTargets))]
    public void Stm32H7_SelfTest_LinksWithoutWarnings_AndWritesElfBinHex(string target)
    {
        var (program, log) = Builds[target].Value;
        Assert.That(log, Does.Contain("-Wall -Wextra -Werror"), "the firmware flags did not reach the compiler");
        Assert.That(log, Does.Not.Contain("warning:").IgnoreCase, "gcc or ld reported a warning");
        Assert.That(File.Exists(program.Bin) && File.Exists(program.Hex) && File.Exists(program.Map), $"{target}: missing .bin/.hex/.map beside {program.Executable}");
        Assert.That(new FileInfo(program.Bin!).Length, Is.GreaterThan(1000));
    }

    [TestCaseSource(nameof(BoardTargets))]
    public void Stm32H7_SelfTest_HasNoHeapAllocator(string target)
    {
        var symbols = ElfSymbols.Read(Builds[target].Value.Program.Executable);
        Assert.That(symbols.Count, Is.GreaterThan(20), "nm listed too few symbols to be trusted");
        foreach (var banned in new[] { "malloc", "_malloc_r", "free", "calloc", "realloc", "_sbrk", "_sbrk_r" })
            Assert.That(symbols.ContainsKey(banned), Is.False, $"{target}: {banned} is linked in");
    }

    [TestCase("stm32h7-cm7", 0x08000000u, 0x30000000u, 0x20000000u)]
    [TestCase("stm32h7-cm4", 0x08100000u, 0x30040000u, 0x10020000u)]
    public void Stm32H7_SelfTest_PlacesVectorsAudioAndStackInTheRightMemories(string target, uint flash, uint audio, uint fast)
    {
        var symbols = ElfSymbols.Read(Builds[target].Value.Program.Executable);
        Assert.That(symbols["g_vectors"], Is.EqualTo(flash), "vector table not at the boot address");
        Assert.That(symbols["g_audio"], Is.InRange(audio, audio + 0x8000u), "DMA buffer not in D2 SRAM");
        Assert.That(symbols["__stack_top__"], Is.InRange(fast, fast + 0x20000u), "stack not in the fast RAM");
        Assert.That(symbols["DMA1_Stream0_IRQHandler"], Is.Not.EqualTo(symbols["Default_Handler"]), "DMA interrupt not wired");
    }
}

/// <summary>Symbol addresses of an ELF, read with arm-none-eabi-nm.</summary>
internal static class ElfSymbols
{
    public static Dictionary<string, uint> Read(string elf)
    {
        var r = ProcessRunner.Check("arm-none-eabi-nm", [elf]);
        var d = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var line in r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3) d[parts[2]] = Convert.ToUInt32(parts[0], 16);
        }
        return d;
    }
}
