using WakeWord.Core;

namespace WakeWord.Sim.Runtime.Targets;

/// <summary>One linked program of a target build: the ELF (or PC executable) and its .bin/.hex/.map siblings.</summary>
public sealed record BuiltProgram(string Name, string Executable, string? Bin, string? Hex, string? Map);

/// <summary>
/// Configures and builds firmware/ with CMake for a target: the target's toolchain file from cmake/,
/// WW_BOARD set to its board folder and, when given, WW_PACKAGE_DIR set to a package from wakeword generate.
/// </summary>
public sealed class TargetBuild
{
    private TargetBuild(TargetDefinition target, string buildDir)
    {
        Target = target;
        BuildDir = buildDir;
    }

    public TargetDefinition Target { get; }

    /// <summary>The CMake build tree.</summary>
    public string BuildDir { get; }

    /// <summary>
    /// Runs the CMake configure step into <paramref name="buildDir"/> (created when missing; skipped when the
    /// tree was configured with the same arguments before). Extra
    /// definitions become -D options. Throws a <see cref="WakeWordException"/> with CMake's messages on failure.
    /// </summary>
    public static TargetBuild Configure(TargetDefinition target, string buildDir, string? packageDir = null,
        IReadOnlyDictionary<string, string>? definitions = null)
    {
        if (packageDir != null)
        {
            packageDir = Path.GetFullPath(packageDir);
            if (!Directory.Exists(packageDir)) throw new WakeWordException($"--package {packageDir}: folder not found");
            if (!File.Exists(Path.Combine(packageDir, "ww_model.h")))
                throw new WakeWordException($"--package {packageDir}: no ww_model.h (write a package with wakeword generate)");
        }
        var toolchain = Path.Combine(RepoPaths.Cmake, target.ToolchainFile);
        if (!File.Exists(toolchain)) throw new WakeWordException($"{toolchain}: toolchain file missing");
        buildDir = Path.GetFullPath(buildDir);
        Directory.CreateDirectory(buildDir);
        var args = new List<string>
        {
            "-S", RepoPaths.Firmware, "-B", buildDir,
            $"-DCMAKE_TOOLCHAIN_FILE={toolchain}",
            $"-DWW_BOARD={target.Board}",
            "-DCMAKE_BUILD_TYPE=Release",
            $"-DWW_PACKAGE_DIR={packageDir ?? ""}",
        };
        if (definitions != null)
            foreach (var kv in definitions) args.Add($"-D{kv.Key}={kv.Value}");
        if (WakeWord.Sim.Runtime.Build.FirmwareBuilder.KernelChoice(definitions) is { } kernels) args.Add(kernels);
        // Configure only when the tree is new or was configured with other arguments; the build step
        // re-runs CMake by itself when a CMakeLists.txt changed.
        var stamp = Path.Combine(buildDir, ".ww-target-configure-args");
        var joined = string.Join('\n', args);
        if (!File.Exists(Path.Combine(buildDir, "CMakeCache.txt")) || !File.Exists(stamp) || File.ReadAllText(stamp) != joined)
        {
            File.Delete(stamp);
            ProcessRunner.Check("cmake", args, timeout: TimeSpan.FromMinutes(5));
            File.WriteAllText(stamp, joined);
        }
        return new TargetBuild(target, buildDir);
    }

    /// <summary>Builds the given CMake targets (all when none are named) with two jobs.</summary>
    public void Build(params string[] cmakeTargets)
    {
        var args = new List<string> { "--build", BuildDir, "-j", "2" };
        if (cmakeTargets.Length > 0)
        {
            args.Add("--target");
            args.AddRange(cmakeTargets);
        }
        ProcessRunner.Check("cmake", args, timeout: TimeSpan.FromMinutes(15));
    }

    /// <summary>The linked program called <paramref name="name"/> (name.elf for Cortex-M, name for the host).</summary>
    public BuiltProgram Program(string name) =>
        FindProgram(name) ?? throw new WakeWordException($"{BuildDir}: the build produced no program {name}");

    /// <summary>Every linked program in the tree (Cortex-M: *.elf; host: executables under boards/).</summary>
    public IReadOnlyList<BuiltProgram> Programs()
    {
        var list = new List<BuiltProgram>();
        var root = Path.Combine(BuildDir, "boards");
        if (!Directory.Exists(root)) return list;
        if (Target.IsCortexM)
        {
            foreach (var elf in Directory.EnumerateFiles(root, "*.elf", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                list.Add(Describe(elf));
        }
        else
        {
            foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (f.Contains("CMakeFiles", StringComparison.Ordinal) || Path.HasExtension(f)) continue;
                if (OperatingSystem.IsWindows() || (File.GetUnixFileMode(f) & UnixFileMode.UserExecute) != 0) list.Add(Describe(f));
            }
        }
        return list;
    }

    private BuiltProgram? FindProgram(string name)
    {
        foreach (var p in Programs())
            if (p.Name == name) return p;
        return null;
    }

    private static BuiltProgram Describe(string exe)
    {
        var dir = Path.GetDirectoryName(exe)!;
        var name = Path.GetFileNameWithoutExtension(exe);
        string? Sibling(string ext) => File.Exists(Path.Combine(dir, name + ext)) ? Path.Combine(dir, name + ext) : null;
        return new BuiltProgram(name, exe, Sibling(".bin"), Sibling(".hex"), Sibling(".map"));
    }
}
