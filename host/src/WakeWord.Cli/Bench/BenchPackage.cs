using WakeWord.Codegen;
using WakeWord.Core;
using WakeWord.Sim.Runtime;

namespace WakeWord.Cli.Bench;

/// <summary>The default model's firmware package, generated the way <c>wakeword demo</c> does it.</summary>
public static class BenchPackage
{
    /// <summary>
    /// Returns <paramref name="packageDir"/> when it already holds a package (ww_config.h), otherwise generates the
    /// default model into <paramref name="outDir"/> (GenerateService, default runtime config) and returns that.
    /// </summary>
    public static string Ensure(string? packageDir, string outDir, Action<string>? progress = null)
    {
        if (packageDir != null)
        {
            var full = Path.GetFullPath(packageDir);
            if (!File.Exists(Path.Combine(full, "ww_config.h")))
                throw new WakeWordException($"--package {packageDir}: not a firmware package (no ww_config.h); run wakeword generate first");
            return full;
        }
        var runtime = RuntimeConfig.Default;
        progress?.Invoke($"generate: {GenerateService.DefaultModelPath} -> {outDir}");
        GenerateService.Run(new GenerateRequest
        {
            OutDir = outDir,
            Target = "host",
            CommandLine = "wakeword bench",
            RuntimeFiles = features => (runtime.ToJson(), RuntimeHeaderEmitter.Emit(runtime, features)),
        }, msg => progress?.Invoke("  " + msg));
        return outDir;
    }
}
