using WakeWord.Core;

namespace WakeWord.Sim.Runtime.Build;

/// <summary>What to build: a package for a target, into a build folder.</summary>
/// <param name="PackageDir">A folder written by <c>wakeword generate</c> (or a test package of the same shape).</param>
/// <param name="Target">host, qemu-m4, qemu-m7, stm32h7-cm4 or stm32h7-cm7.</param>
/// <param name="BuildDir">CMake binary folder (created; reused when the configuration is unchanged).</param>
/// <param name="CmakeTargets">CMake targets to build; empty builds all.</param>
/// <param name="SingleRounding">Build CMSIS-NN requantization with single rounding.</param>
/// <param name="Defines">Extra -D cache entries (e.g. CMSIS_NN_ROOT).</param>
public sealed record FirmwareBuildRequest(string PackageDir, string Target, string BuildDir,
    IReadOnlyList<string>? CmakeTargets = null, bool SingleRounding = false, IReadOnlyDictionary<string, string>? Defines = null);

/// <summary>
/// Configures and builds firmware/ with CMake for one target. Targets map to a toolchain file in cmake/
/// and a WW_BOARD folder in firmware/boards. Configuration is skipped when the build folder was
/// configured with the same arguments before, so repeated builds only recompile what changed.
/// </summary>
public static class FirmwareBuilder
{
    /// <summary>Toolchain file (in cmake/) of each target.</summary>
    public static readonly IReadOnlyDictionary<string, string> Toolchains = new Dictionary<string, string>
    {
        ["host"] = "host-gcc.cmake",
        ["qemu-m4"] = "arm-none-eabi-cortex-m4.cmake",
        ["qemu-m7"] = "arm-none-eabi-cortex-m7.cmake",
        ["stm32h7-cm4"] = "arm-none-eabi-cortex-m4.cmake",
        ["stm32h7-cm7"] = "arm-none-eabi-cortex-m7.cmake",
    };

    /// <summary>Configures (when needed) and builds; returns the build folder. Failures throw with the compiler's output tail.</summary>
    public static string Build(FirmwareBuildRequest r)
    {
        if (!Toolchains.TryGetValue(r.Target, out var toolchain))
            throw new WakeWordException($"--target {r.Target}: unknown target (known: {string.Join(", ", Toolchains.Keys)})");
        var package = Path.GetFullPath(r.PackageDir);
        if (!File.Exists(Path.Combine(package, "ww_config.h")))
            throw new WakeWordException($"{r.PackageDir}: not a firmware package (no ww_config.h); run wakeword generate first");
        var build = Path.GetFullPath(r.BuildDir);
        Directory.CreateDirectory(build);
        var args = new List<string>
        {
            "-S", RepoPaths.Firmware, "-B", build,
            $"-DCMAKE_TOOLCHAIN_FILE={Path.Combine(RepoPaths.Cmake, toolchain)}",
            "-DCMAKE_BUILD_TYPE=Release",
            $"-DWW_BOARD={r.Target}",
            $"-DWW_PACKAGE_DIR={package}",
            $"-DWW_SINGLE_ROUNDING={(r.SingleRounding ? "ON" : "OFF")}",
        };
        if (r.Defines != null) foreach (var kv in r.Defines.OrderBy(k => k.Key, StringComparer.Ordinal)) args.Add($"-D{kv.Key}={kv.Value}");
        if (KernelChoice(r.Defines) is { } kernels) args.Add(kernels);
        var stamp = Path.Combine(build, ".wakeword-configure-args");
        var joined = string.Join('\n', args);
        if (!File.Exists(Path.Combine(build, "CMakeCache.txt")) || !File.Exists(stamp) || File.ReadAllText(stamp) != joined)
        {
            ProcessRunner.Check("cmake", args, timeout: TimeSpan.FromMinutes(5));
            File.WriteAllText(stamp, joined);
        }
        var buildArgs = new List<string> { "--build", build, "-j", "2" };
        if (r.CmakeTargets is { Count: > 0 })
        {
            buildArgs.Add("--target");
            buildArgs.AddRange(r.CmakeTargets);
        }
        ProcessRunner.Check("cmake", buildArgs, timeout: TimeSpan.FromMinutes(15));
        return build;
    }

    /// <summary>
    /// The -D argument that states which kernels to link, unless <paramref name="defines"/> already does: CMake keeps a
    /// cached CMSIS_NN_ROOT, so a build folder configured once without it would otherwise go on linking the portable
    /// kernels after the variable is set (and vice versa). Every firmware configure (validate, bench, report) adds it.
    /// </summary>
    public static string? KernelChoice(IReadOnlyDictionary<string, string>? defines) =>
        defines != null && defines.ContainsKey("CMSIS_NN_ROOT") ? null
            : $"-DCMSIS_NN_ROOT={Environment.GetEnvironmentVariable("CMSIS_NN_ROOT") ?? ""}";
}
