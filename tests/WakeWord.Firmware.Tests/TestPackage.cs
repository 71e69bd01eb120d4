using WakeWord.Core;
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Runtime;

namespace WakeWord.Firmware.Tests;

/// <summary>
/// A firmware package around the tests-only model: Native/testmodel sources, the generated front-end and
/// runtime headers, frontend.json and runtime.json, in a work folder.
/// </summary>
internal static class TestPackage
{
    private static readonly object Gate = new();

    public static string NativeDir => Path.Combine(RepoPaths.Root, "tests", "WakeWord.Firmware.Tests", "Native");

    /// <summary>Writes (once per config) and returns the package folder.</summary>
    public static string Create(RuntimeConfig runtime, string name = "testpkg")
    {
        lock (Gate)
        {
            var dir = Path.Combine(RepoPaths.WorkDir("firmware-tests"), name);
            var fe = FrontendConfig.Default;
            AtomicOutput.WriteDirectory(dir, tmp =>
            {
                foreach (var f in Directory.GetFiles(Path.Combine(NativeDir, "testmodel")))
                    File.Copy(f, Path.Combine(tmp, Path.GetFileName(f)));
                File.WriteAllText(Path.Combine(tmp, FrontendHeaderEmitter.FileName), FrontendHeaderEmitter.Emit(fe));
                RuntimeHeaderEmitter.Write(runtime, fe.Features, tmp);
                File.WriteAllText(Path.Combine(tmp, "frontend.json"), fe.ToJson());
                File.WriteAllText(Path.Combine(tmp, "runtime.json"), runtime.ToJson());
            });
            return dir;
        }
    }
}
