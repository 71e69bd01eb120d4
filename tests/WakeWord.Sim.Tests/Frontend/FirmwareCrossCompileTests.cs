using WakeWord.Core;
using WakeWord.Sim.Frontend;

namespace WakeWord.Sim.Tests.Frontend;

/// <summary>The front end compiles warning-free for the Cortex-M targets, as C99, without floating point.</summary>
[TestFixture]
public class FirmwareCrossCompileTests
{
    [TestCase("cortex-m4", "fpv4-sp-d16")]
    [TestCase("cortex-m7", "fpv5-d16")]
    public void FrontendSources_CompileWithArmGccWerror(string cpu, string fpu)
    {
        var dir = RepoPaths.WorkDir(Path.Combine("frontend-arm", cpu));
        File.WriteAllText(Path.Combine(dir, FrontendHeaderEmitter.FileName), FrontendHeaderEmitter.Emit(FrontendConfig.Default));
        var src = Path.Combine(RepoPaths.Firmware, "src", "frontend");
        foreach (var c in Directory.GetFiles(src, "ww_*.c"))
        {
            var obj = Path.Combine(dir, Path.GetFileNameWithoutExtension(c) + ".o");
            ProcessRunner.Check("arm-none-eabi-gcc", [
                $"-mcpu={cpu}", "-mthumb", "-mfloat-abi=hard", $"-mfpu={fpu}", "-std=c99", "-pedantic",
                "-O2", "-Wall", "-Wextra", "-Werror", "-Wdouble-promotion", "-Wfloat-conversion", "-ffp-contract=off",
                "-I", src, "-I", dir, "-c", c, "-o", obj]);
            // no floating point instruction or soft-float helper may appear in the object
            var dis = ProcessRunner.Check("arm-none-eabi-objdump", ["-d", obj]).StdOut;
            Assert.That(dis, Does.Not.Match(@"\tv(add|sub|mul|div|cvt|ldr|str|mov)\.?f?"), $"{Path.GetFileName(c)} uses the FPU");
            var syms = ProcessRunner.Check("arm-none-eabi-nm", [obj]).StdOut;
            Assert.That(syms, Does.Not.Contain("__aeabi_d").And.Not.Contain("__aeabi_f"), $"{Path.GetFileName(c)} calls float helpers");
        }
    }
}
