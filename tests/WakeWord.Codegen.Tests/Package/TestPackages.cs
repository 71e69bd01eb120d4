using WakeWord.Codegen.Emission;
using WakeWord.Codegen.Package;
using WakeWord.Codegen.Planning;
using WakeWord.Core;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Tests.Package;

/// <summary>Builds packages of the test models (planned, emitted, written) and C builds of them.</summary>
internal static class TestPackages
{
    public static readonly EmitOptions Options = new()
    {
        ToolVersion = "test",
        CommandLine = "wakeword generate --model tiny.onnx --target host --out fw",
        ConfigIncludes = [],
    };

    /// <summary>The model with its memory plan.</summary>
    public static QuantizedModel Planned(QuantizedModel m)
    {
        var (plan, _) = ModelMemoryPlanner.Plan(m);
        return m with { Plan = plan };
    }

    public static PackageContents Contents(QuantizedModel m, string target = "host", EmitOptions? options = null)
    {
        var (plan, planner) = ModelMemoryPlanner.Plan(m);
        return new PackageContents { Model = m with { Plan = plan }, Emit = options ?? Options, Target = target, PlanText = planner.Render() };
    }

    /// <summary>Writes the package of <paramref name="m"/> into a fresh work folder and returns its path.</summary>
    public static string Write(QuantizedModel m, string name, EmitOptions? options = null)
    {
        var dir = Path.Combine(RepoPaths.WorkDir("codegen-tests"), name);
        PackageWriter.Write(dir, Contents(m, options: options));
        return dir;
    }

    /// <summary><see cref="Options"/> with the inference slices chosen by --infer-slices auto for the default runtime.</summary>
    public static EmitOptions AutoSliced(QuantizedModel m) =>
        Options with { Slices = SlicePlanner.Plan(m, null, WakeWord.Sim.Runtime.RuntimeConfig.Default) };

    /// <summary>
    /// Configures and builds tests/.../Emission/CTest for several packages at once (one kernel build); returns
    /// the build folder. Package folder "x-y" gives libww_model_x_y.a and ww_model_test_x_y.
    /// </summary>
    public static string BuildC(IReadOnlyList<string> packages, string buildName, string? toolchain, bool singleRounding, bool testMain)
    {
        var build = Path.Combine(RepoPaths.WorkDir("codegen-tests"), "build-" + buildName);
        if (Directory.Exists(build)) Directory.Delete(build, recursive: true);
        var source = Path.Combine(RepoPaths.Root, "tests", "WakeWord.Codegen.Tests", "Emission", "CTest");
        var args = new List<string>
        {
            "-S", source, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
            "-DWW_PACKAGE_DIRS=" + string.Join(';', packages), "-DWW_REPO_ROOT=" + RepoPaths.Root,
            "-DWW_SINGLE_ROUNDING=" + (singleRounding ? "ON" : "OFF"),
            "-DWW_BUILD_TEST_MAIN=" + (testMain ? "ON" : "OFF"),
        };
        if (toolchain != null) args.Add("-DCMAKE_TOOLCHAIN_FILE=" + Path.Combine(RepoPaths.Cmake, toolchain));
        ProcessRunner.Check("cmake", args, timeout: TimeSpan.FromMinutes(5));
        ProcessRunner.Check("cmake", ["--build", build, "-j", "2"], timeout: TimeSpan.FromMinutes(10));
        return build;
    }

    /// <summary>The CMake target suffix of a package folder.</summary>
    public static string CName(string package) =>
        new(Path.GetFileName(package).Select(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_' ? ch : '_').ToArray());
}
