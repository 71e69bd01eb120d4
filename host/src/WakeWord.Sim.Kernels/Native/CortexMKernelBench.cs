using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using WakeWord.Core;
using WakeWord.Sim.Kernels.Bench;

namespace WakeWord.Sim.Kernels.Native;

/// <summary>
/// firmware/tests/kernels/qemu: a model's conv → conv → LSTM → FC chain (<see cref="KernelBenchShape.CortexMChain"/>,
/// passed to the build as WW_KB_SHAPE compile definitions) built for a QEMU Cortex-M board (qemu-m4 = mps2-an386,
/// qemu-m7 = mps2-an500) against the portable kernels or CMSIS-NN, run with -icount shift=0. Returns the program's
/// counters: <c>&lt;layer&gt;_instructions</c>, <c>&lt;layer&gt;_fnv</c>, <c>&lt;layer&gt;_status</c> for conv1, conv2, lstm, fc, and
/// <c>scratch_&lt;case&gt;</c> buffer sizes.
/// </summary>
public static partial class CortexMKernelBench
{
    /// <summary>MACs of the program's layers (conv1, conv2, lstm, fc) for <paramref name="shape"/>.</summary>
    public static IReadOnlyDictionary<string, long> LayerMacs(KernelBenchShape shape)
    {
        var (c1, c2, l, f) = shape.CortexMChain();
        return new Dictionary<string, long> { ["conv1"] = c1.Macs, ["conv2"] = c2.Macs, ["lstm"] = l.Macs, ["fc"] = f.Macs };
    }

    /// <summary>The compile definitions that give the program <paramref name="shape"/>'s chain.</summary>
    public static IReadOnlyList<string> ShapeDefinitions(KernelBenchShape shape)
    {
        var (c1, c2, l, f) = shape.CortexMChain();
        var defs = new List<string>();
        void Conv(string p, ConvShape c)
        {
            foreach (var (k, v) in new[]
            {
                ("IN_H", c.Input.H), ("IN_W", c.Input.W), ("IN_C", c.Input.C), ("OUT_H", c.Output.H), ("OUT_W", c.Output.W), ("OUT_C", c.Output.C),
                ("K_H", c.Filter.H), ("K_W", c.Filter.W), ("S_H", c.StrideH), ("S_W", c.StrideW), ("P_H", c.PadH), ("P_W", c.PadW),
            })
                defs.Add(string.Create(CultureInfo.InvariantCulture, $"KB_{p}_{k}={v}"));
        }
        Conv("C1", c1);
        Conv("C2", c2);
        defs.Add(string.Create(CultureInfo.InvariantCulture, $"KB_T={l.Steps}"));
        defs.Add(string.Create(CultureInfo.InvariantCulture, $"KB_I={l.Input}"));
        defs.Add(string.Create(CultureInfo.InvariantCulture, $"KB_H={l.Hidden}"));
        defs.Add(string.Create(CultureInfo.InvariantCulture, $"KB_FC_IN={f.Input}"));
        defs.Add(string.Create(CultureInfo.InvariantCulture, $"KB_FC_OUT={f.Output}"));
        return defs;
    }

    public static IReadOnlyDictionary<string, ulong> Run(string board, string? cmsisNnRoot, KernelBenchShape shape)
    {
        var defs = ShapeDefinitions(shape);
        var (toolchain, machine) = board switch
        {
            "qemu-m4" => ("arm-none-eabi-cortex-m4.cmake", "mps2-an386"),
            "qemu-m7" => ("arm-none-eabi-cortex-m7.cmake", "mps2-an500"),
            _ => throw new WakeWordException($"board {board}: expected qemu-m4 or qemu-m7"),
        };
        var impl = cmsisNnRoot == null ? "portable" : "cmsis-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(cmsisNnRoot)))[..8].ToLowerInvariant();
        var shapeTag = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(";", defs))))[..8].ToLowerInvariant();
        var dir = RepoPaths.WorkDir($"kernel-bench-{board}-{impl}-{shapeTag}");
        ProcessRunner.Check("cmake",
        [
            "-S", Path.Combine(RepoPaths.Firmware, "tests", "kernels", "qemu"), "-B", dir,
            $"-DCMAKE_TOOLCHAIN_FILE={Path.Combine(RepoPaths.Cmake, toolchain)}", $"-DWW_BOARD={board}", $"-DCMSIS_NN_ROOT={cmsisNnRoot ?? ""}",
            $"-DWW_KB_SHAPE={string.Join(";", defs)}",
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
        foreach (var layer in new[] { "conv1", "conv2", "lstm", "fc" })
        {
            if (!counters.TryGetValue($"{layer}_status", out var st) || st != 0)
                throw new WakeWordException($"kernel_bench_qemu on {board}: layer {layer} failed or printed nothing:\n{r.StdOut}");
        }
        return counters;
    }

    [GeneratedRegex(@"(\w+)=(\d+)")]
    private static partial Regex Counter();
}
