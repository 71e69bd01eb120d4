using WakeWord.Core;
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Runtime;

namespace WakeWord.Firmware.Tests;

/// <summary>
/// A firmware package around the tests-only model: Native/testmodel sources, the generated front-end and
/// runtime headers, frontend.json and runtime.json, in a work folder. Rewritten only when its content
/// changes, so builds from it stay incremental.
/// </summary>
internal static class TestPackage
{
    private static readonly object Gate = new();

    public static string NativeDir => Path.Combine(RepoPaths.Root, "tests", "WakeWord.Firmware.Tests", "Native");

    /// <summary>Returns the package folder for <paramref name="runtime"/>, writing it when missing or different.</summary>
    public static string Create(RuntimeConfig runtime, string name = "testpkg")
    {
        lock (Gate)
        {
            var dir = Path.Combine(RepoPaths.WorkDir("firmware-tests"), name);
            var fe = FrontendConfig.Default;
            var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var f in Directory.GetFiles(Path.Combine(NativeDir, "testmodel")))
                files[Path.GetFileName(f)] = File.ReadAllText(f);
            files[FrontendHeaderEmitter.FileName] = FrontendHeaderEmitter.Emit(fe);
            files[RuntimeHeaderEmitter.FileName] = RuntimeHeaderEmitter.Emit(runtime, fe.Features);
            files["frontend.json"] = fe.ToJson();
            files["runtime.json"] = runtime.ToJson();
            var same = Directory.Exists(dir)
                && Directory.GetFiles(dir).Length == files.Count
                && files.All(kv => File.Exists(Path.Combine(dir, kv.Key)) && File.ReadAllText(Path.Combine(dir, kv.Key)) == kv.Value);
            if (!same)
                AtomicOutput.WriteDirectory(dir, tmp =>
                {
                    foreach (var kv in files) File.WriteAllText(Path.Combine(tmp, kv.Key), kv.Value);
                });
            return dir;
        }
    }
}
