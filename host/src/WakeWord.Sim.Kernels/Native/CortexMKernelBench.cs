using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using WakeWord.Core;

namespace WakeWord.Sim.Kernels.Native;

/// <summary>
/// firmware/tests/kernels/qemu: the default CRNN's layers built for a QEMU Cortex-M board (qemu-m4 = mps2-an386,
/// qemu-m7 = mps2-an500) against the portable kernels or CMSIS-NN, run with -icount shift=0. Returns the program's
/// counters: <c>&lt;layer&gt;_instructions</c>, <c>&lt;layer&gt;_fnv</c>, <c>&lt;layer&gt;_status</c> for conv1, conv2, lstm, fc, and
/// <c>scratch_&lt;case&gt;</c> buffer sizes.
/// </summary>
public static partial class CortexMKernelBench
{
    /// <summary>MACs of the program's layers.</summary>
    public static IReadOnlyDictionary<string, long> LayerMacs { get; } = new Dictionary<string, long>
    {
        ["conv1"] = 42336,
        ["conv2"] = 677376,
        ["lstm"] = 4L * 32 * (49 * 192 + 48 * 32),
        ["fc"] = 192,
    };

    public static IReadOnlyDictionary<string, ulong> Run(string board, string? cmsisNnRoot)
    {
        var (toolchain, machine) = board switch
        {
            "qemu-m4" => ("arm-none-eabi-cortex-m4.cmake", "mps2-an386"),
            "qemu-m7" => ("arm-none-eabi-cortex-m7.cmake", "mps2-an500"),
            _ => throw new WakeWordException($"board {board}: expected qemu-m4 or qemu-m7"),
        };
        var impl = cmsisNnRoot == null ? "portable" : "cmsis-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(cmsisNnRoot)))[..8].ToLowerInvariant();
        var dir = RepoPaths.WorkDir($"kernel-bench-{board}-{impl}");
        ProcessRunner.Check("cmake",
        [
            "-S", Path.Combine(RepoPaths.Firmware, "tests", "kernels", "qemu"), "-B", dir,
            $"-DCMAKE_TOOLCHAIN_FILE={Path.Combine(RepoPaths.Cmake, toolchain)}", $"-DWW_BOARD={board}", $"-DCMSIS_NN_ROOT={cmsisNnRoot ?? ""}",
        ], timeout: TimeSpan.FromMinutes(5));
        ProcessRunner.Check("cmake", ["--build", dir, "--target", "kernel_bench_qemu", "-j", "2"], timeout: TimeSpan.FromMinutes(10));
        var r = ProcessRunner.Check("qemu-system-arm",
        [
            "-M", machine, "-nographic", "-monitor", "none", "-serial", "null", "-chardev", "stdio,id=ww0", "-icount", "shift=0",
            "-semihosting-config", "enable=on,target=native,chardev=ww0,arg=kernel_bench_qemu", "-kernel", Path.Combine(dir, "kernel_bench_qemu.elf"),
        ], timeout: TimeSpan.FromMinutes(2), stdin: []);
        var counters = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (Match m in Counter().Matches(r.StdOut))
            counters[m.Groups[1].Value] = ulong.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        foreach (var layer in LayerMacs.Keys)
        {
            if (!counters.TryGetValue($"{layer}_status", out var st) || st != 0)
                throw new WakeWordException($"kernel_bench_qemu on {board}: layer {layer} failed or printed nothing:\n{r.StdOut}");
        }
        return counters;
    }

    [GeneratedRegex(@"(\w+)=(\d+)")]
    private static partial Regex Counter();
}
