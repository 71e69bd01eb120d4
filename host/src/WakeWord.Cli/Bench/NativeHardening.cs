using System.Globalization;
using System.Text.RegularExpressions;
using WakeWord.Core;
using WakeWord.Sim.Runtime.Build;

namespace WakeWord.Cli.Bench;

/// <summary>One libFuzzer harness run.</summary>
public sealed record NativeFuzzResult(string Harness, long Runs, int Seconds, bool Crashed, string Tail);

/// <summary>The host firmware built with -fsanitize=address,undefined run on one input.</summary>
public sealed record SanitizedRunResult(string Input, int ExitCode, int Findings, string FirstFinding, string Program);

/// <summary>cppcheck over some folders: the findings it printed (empty when clean).</summary>
public sealed record CppcheckResult(IReadOnlyList<string> Paths, IReadOnlyList<string> Findings, int FilesChecked);

/// <summary>
/// The C side of hardening: libFuzzer harnesses (firmware/tests/fuzz) built with clang and run for N seconds,
/// the host firmware under AddressSanitizer and UndefinedBehaviorSanitizer, and cppcheck. Every build goes to
/// a work folder; nothing is written into the source tree.
/// </summary>
public static class NativeHardening
{
    public static IReadOnlyList<string> Harnesses { get; } = ["ww_fuzz_frontend", "ww_fuzz_runtime"];

    public const string SanitizerFlags = "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g";

    /// <summary>Configures and builds the fuzz harnesses against <paramref name="packageDir"/>; returns the build folder.</summary>
    public static string BuildFuzzers(string packageDir, string buildDir)
    {
        if (!File.Exists(Path.Combine(packageDir, "ww_config.h")))
            throw new WakeWordException($"--package {packageDir}: not a firmware package (no ww_config.h)");
        Directory.CreateDirectory(buildDir);
        ProcessRunner.Check("cmake", ["-S", Path.Combine(RepoPaths.Firmware, "tests", "fuzz"), "-B", buildDir,
            "-DCMAKE_C_COMPILER=clang", "-DCMAKE_BUILD_TYPE=Release", $"-DWW_PACKAGE_DIR={Path.GetFullPath(packageDir)}"], timeout: TimeSpan.FromMinutes(5));
        ProcessRunner.Check("cmake", ["--build", buildDir, "-j", "2"], timeout: TimeSpan.FromMinutes(15));
        return buildDir;
    }

    /// <summary>
    /// Runs one harness for <paramref name="seconds"/> with a fixed seed, starting from seed inputs cut from
    /// <paramref name="seedPcm"/> (real audio reaches the gate and the model, which random bytes rarely do), long and short.
    /// </summary>
    public static NativeFuzzResult RunFuzzer(string buildDir, string harness, int seconds, short[] seedPcm, int seed = 1)
    {
        var exe = Path.Combine(buildDir, harness);
        if (!File.Exists(exe)) throw new WakeWordException($"{exe}: harness not built");
        var work = Path.Combine(buildDir, "run-" + harness);
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        var corpus = Path.Combine(work, "corpus");
        Directory.CreateDirectory(corpus);
        var prefix = harness == "ww_fuzz_runtime" ? 3 : 2;
        var maxSamples = harness == "ww_fuzz_runtime" ? 24000 : 16384;
        // Four long slices (reach the gate and the model) and three short ones (many executions per second).
        int[] lengths = [maxSamples, maxSamples, maxSamples, maxSamples, 4800, 960, 48];
        for (var k = 0; k < lengths.Length && seedPcm.Length > 0; k++)
        {
            var start = (int)((long)seedPcm.Length * (k % 4) / 4);
            var n = Math.Min(lengths[k], seedPcm.Length - start);
            var bytes = new byte[prefix + 2 * n];
            for (var i = 0; i < prefix; i++) bytes[i] = (byte)(0x35 * (k + 1) + i);
            Buffer.BlockCopy(seedPcm, start * 2, bytes, prefix, 2 * n);
            File.WriteAllBytes(Path.Combine(corpus, $"seed{k}"), bytes);
        }
        var inv = CultureInfo.InvariantCulture;
        var r = ProcessRunner.Run(exe, [$"-max_total_time={seconds.ToString(inv)}", $"-seed={seed.ToString(inv)}", $"-max_len={(prefix + 2 * maxSamples).ToString(inv)}",
            $"-artifact_prefix={work}{Path.DirectorySeparatorChar}", "-print_final_stats=1", corpus], workDir: work, timeout: TimeSpan.FromSeconds(seconds * 3 + 120));
        var text = r.StdErr + r.StdOut;
        var m = Regex.Match(text, @"Done (\d+) runs in (\d+) second");
        var crashed = r.ExitCode != 0 || !m.Success;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tail = crashed
            ? string.Join(" | ", lines.Where(l => l.Contains("ERROR", StringComparison.Ordinal) || l.Contains("runtime error", StringComparison.Ordinal) || l.Contains("deadly signal", StringComparison.Ordinal)).Take(3))
            : lines.LastOrDefault(l => l.Contains("DONE", StringComparison.Ordinal))?.Trim() ?? "";
        return new NativeFuzzResult(harness, m.Success ? long.Parse(m.Groups[1].Value, inv) : 0, m.Success ? int.Parse(m.Groups[2].Value, inv) : 0, crashed, tail);
    }

    /// <summary>Builds ww_host with ASan and UBSan (no recovery: the first finding aborts) in <paramref name="buildDir"/>.</summary>
    public static string BuildSanitizedHost(string packageDir, string buildDir)
    {
        var dir = FirmwareBuilder.Build(new FirmwareBuildRequest(packageDir, "host", buildDir, ["ww_host"], Defines: new Dictionary<string, string>
        {
            ["CMAKE_C_FLAGS"] = "-ffp-contract=off " + SanitizerFlags,
            ["CMAKE_EXE_LINKER_FLAGS"] = SanitizerFlags,
            ["CMAKE_BUILD_TYPE"] = "RelWithDebInfo",
        }));
        var exe = Path.Combine(dir, "boards", "host", "ww_host");
        if (!File.Exists(exe)) throw new WakeWordException($"{exe}: the sanitized host build did not produce ww_host");
        return exe;
    }

    /// <summary>Runs the sanitized host firmware on raw 48 kHz PCM (push and DMA modes); counts sanitizer reports.</summary>
    public static SanitizedRunResult RunSanitized(string program, string pcmPath, string tracePath, bool dma)
    {
        var args = new List<string> { "--in", pcmPath, "--trace", tracePath, "--flags", "7" };
        if (dma) args.AddRange(["--dma", "--burst", "2"]);
        var env = new Dictionary<string, string>
        {
            ["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0:halt_on_error=1",
            ["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1",
        };
        var r = ProcessRunner.Run(program, args, timeout: TimeSpan.FromMinutes(30), env: env);
        var lines = (r.StdErr + "\n" + r.StdOut).Split('\n');
        var findings = lines.Where(l => l.Contains("runtime error:", StringComparison.Ordinal) || l.Contains("ERROR: AddressSanitizer", StringComparison.Ordinal)
                                        || l.Contains("ERROR: LeakSanitizer", StringComparison.Ordinal)).ToList();
        return new SanitizedRunResult(pcmPath, r.ExitCode, findings.Count, findings.FirstOrDefault()?.Trim() ?? "", program);
    }

    /// <summary>
    /// cppcheck (warning, style, performance, portability; inline suppressions honoured) over C sources. Include
    /// folders are given so macros from generated headers resolve. Returns every finding line.
    /// </summary>
    public static CppcheckResult Cppcheck(IReadOnlyList<string> paths, IReadOnlyList<string> includeDirs, string buildDir)
    {
        Directory.CreateDirectory(buildDir);
        var args = new List<string>
        {
            "--enable=warning,style,performance,portability", "--std=c99", "--inline-suppr", "--quiet", "--error-exitcode=0",
            "--suppress=missingIncludeSystem", "--suppress=unmatchedSuppression", "--suppress=checkersReport",
            "-j", "2", $"--cppcheck-build-dir={buildDir}",
            "--template={file}:{line}: {severity}: {id}: {message}",
        };
        foreach (var i in includeDirs) args.Add("-I" + i);
        args.AddRange(paths);
        var r = ProcessRunner.Run("cppcheck", args, timeout: TimeSpan.FromMinutes(15));
        if (r.ExitCode != 0) throw new WakeWordException($"cppcheck failed with exit code {r.ExitCode}: {r.StdErr.Split('\n')[0]}");
        var findings = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => Regex.IsMatch(l, @":\d+: (error|warning|style|performance|portability|information): ")).ToList();
        var files = paths.Sum(p => Directory.Exists(p) ? Directory.GetFiles(p, "*.c", SearchOption.AllDirectories).Length : 1);
        return new CppcheckResult(paths, findings, files);
    }

    /// <summary>The C the product ships: kernels, front end, runtime, boards and the fuzz harnesses, plus a package's sources.</summary>
    public static (List<string> Paths, List<string> Includes) FirmwareSources(string packageDir)
    {
        var fw = RepoPaths.Firmware;
        var paths = new List<string> { Path.Combine(fw, "kernels"), Path.Combine(fw, "src"), Path.Combine(fw, "boards"), Path.Combine(fw, "tests", "fuzz") };
        paths.AddRange(Directory.GetFiles(packageDir, "*.c").OrderBy(f => f, StringComparer.Ordinal));
        var includes = new List<string>
        {
            packageDir, Path.Combine(fw, "kernels", "Include"), Path.Combine(fw, "src", "frontend"), Path.Combine(fw, "src", "runtime"),
        };
        return (paths, includes);
    }
}
