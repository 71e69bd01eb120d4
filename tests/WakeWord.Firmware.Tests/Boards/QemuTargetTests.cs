using NUnit.Framework;
using System.Text;
using WakeWord.Core;
using WakeWord.Sim.Runtime.Targets;

namespace WakeWord.Firmware.Tests.Boards;

/// <summary>The QEMU boards run a real Cortex-M program: argv in, exit code out, host files, instruction counts.</summary>
[TestFixture]
public sealed class QemuTargetTests
{
    private static readonly string[] QemuTargets = ["qemu-m4", "qemu-m7"];

    private static QemuRunner Runner(string target) => new(TargetCatalog.Get(target));

    [TestCaseSource(nameof(QemuTargets))]
    public void Qemu_ProgramReturnValue_BecomesQemuExitCode(string target)
    {
        var elf = QemuBoardBuilds.SelfTest(target);
        foreach (var code in new[] { 0, 3, 42, 200 })
        {
            var r = Runner(target).Run(elf, ["exit", code.ToString()], TimeSpan.FromMinutes(1));
            Assert.That(r.ExitCode, Is.EqualTo(code), $"{target}: exit {code}; stderr: {r.StdErr}");
        }
    }

    [TestCaseSource(nameof(QemuTargets))]
    public void Qemu_UnknownCommand_FailsWithUsage(string target)
    {
        var r = Runner(target).Run(QemuBoardBuilds.SelfTest(target), ["nonsense"], TimeSpan.FromMinutes(1));
        Assert.That(r.ExitCode, Is.EqualTo(64));
        Assert.That(r.StdOut, Does.Contain("usage: ww_board_selftest"));
    }

    [TestCaseSource(nameof(QemuTargets))]
    public void Qemu_ReadsAndWritesHostFiles_Crc32MatchesHost(string target)
    {
        var dir = RepoPaths.WorkDir(Path.Combine("boards", "files-" + target));
        var input = Path.Combine(dir, "input.bin");
        var output = Path.Combine(dir, "output.txt");
        var data = new byte[10_007]; // not a multiple of the program's 4 KB read size
        new Random(1234).NextBytes(data);
        File.WriteAllBytes(input, data);
        File.Delete(output);

        var r = Runner(target).Run(QemuBoardBuilds.SelfTest(target), ["checksum", input, output], TimeSpan.FromMinutes(1));

        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        Assert.That(File.ReadAllText(output, Encoding.ASCII), Is.EqualTo($"bytes={data.Length} crc32={Crc32(data):x8}\n"));
    }

    [TestCaseSource(nameof(QemuTargets))]
    public void Qemu_MissingInputFile_ReturnsNonZero(string target)
    {
        var missing = Path.Combine(RepoPaths.WorkDir("boards"), "does-not-exist.bin");
        var r = Runner(target).Run(QemuBoardBuilds.SelfTest(target), ["checksum", missing, missing + ".out"], TimeSpan.FromMinutes(1));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(File.Exists(missing + ".out"), Is.False);
    }

    [TestCaseSource(nameof(QemuTargets))]
    public void Qemu_InstructionCount_IsRepeatable(string target)
    {
        var elf = QemuBoardBuilds.SelfTest(target);
        var first = Count(target, elf, 300_000);
        var second = Count(target, elf, 300_000);
        Assert.That(second, Is.EqualTo(first), $"{target}: two runs of the same program counted {first} and {second}");
    }

    [TestCaseSource(nameof(QemuTargets))]
    public void Qemu_InstructionCount_MatchesKnownLoopWithinTwoTicks(string target)
    {
        // The loop is exactly subs+bne per iteration; the measurement adds only the counter reads around it.
        var elf = QemuBoardBuilds.SelfTest(target);
        const ulong tick = 1_000_000_000UL / 25_000_000UL;
        foreach (var n in new ulong[] { 1_000, 250_000, 20_000_000 })
        {
            var counted = Count(target, elf, n);
            Assert.That(counted, Is.InRange(2 * n, 2 * n + 2 * tick), $"{target}: loop of {2 * n} instructions counted as {counted}");
        }
    }

    [Test]
    public void QemuCommandLine_ArgumentWithSpace_IsRefusedByName()
    {
        var e = Assert.Throws<WakeWordException>(() => Runner("qemu-m4").CommandLine("x.elf", ["a b"]));
        Assert.That(e!.Message, Does.Contain("\"a b\""));
    }

    [Test]
    public void QemuCommandLine_CountsInstructionsAndEscapesCommas()
    {
        var line = Runner("qemu-m7").CommandLine("/tmp/app.elf", ["in,1.pcm"]);
        Assert.That(line, Is.SupersetOf(new[] { "-M", "mps2-an500", "-icount", "shift=0", "-nographic", "-kernel", "/tmp/app.elf" }));
        Assert.That(line, Does.Contain("enable=on,target=native,chardev=ww0,arg=app,arg=in,,1.pcm"));
    }

    private static ulong Count(string target, string elf, ulong iterations)
    {
        var r = Runner(target).Run(elf, ["spin", iterations.ToString()], TimeSpan.FromMinutes(2));
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        var counters = QemuRunner.ParseCounters(r.StdOut);
        Assert.That(counters.ContainsKey("instructions"), $"no instructions= in output: {r.StdOut}");
        return counters["instructions"];
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
        return ~crc;
    }
}
