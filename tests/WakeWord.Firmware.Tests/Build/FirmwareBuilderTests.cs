using WakeWord.Core;
using WakeWord.Sim.Runtime.Build;
using WakeWord.Sim.Runtime.Targets;

namespace WakeWord.Firmware.Tests.Build;

[TestFixture]
public class FirmwareBuilderTests
{
    /// <summary>
    /// A build folder configured without CMSIS_NN_ROOT must pick the variable up when it is set later (CMake caches it):
    /// pointing it at a folder that is not a CMSIS-NN checkout must now reach CMake and fail its check.
    /// </summary>
    [Test]
    public void ChangedCmsisNnRoot_ReconfiguresAnExistingBuildFolder() =>
        AssertFollowsCmsisNnRoot("builder-cmsis-root", dir => FirmwareBuilder.Build(new FirmwareBuildRequest(HostFirmware.Package, "host", dir, ["cmsis-nn"])));

    /// <summary>The same for the board builds of <c>report</c> and <c>build</c> (<see cref="TargetBuild.Configure"/>).</summary>
    [Test]
    public void ChangedCmsisNnRoot_ReconfiguresABoardBuildFolder() =>
        AssertFollowsCmsisNnRoot("target-build-cmsis-root", dir => TargetBuild.Configure(TargetCatalog.QemuM4, dir, HostFirmware.Package));

    /// <summary>Configures a fresh folder without CMSIS_NN_ROOT, then again with it pointing at a folder that is not a checkout.</summary>
    private static void AssertFollowsCmsisNnRoot(string name, Action<string> configure)
    {
        var dir = Path.Combine(RepoPaths.WorkDir("firmware-tests"), name);
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        var fake = Path.Combine(RepoPaths.WorkDir("firmware-tests"), "not-a-cmsis-nn-checkout");
        Directory.CreateDirectory(fake);
        var saved = Environment.GetEnvironmentVariable("CMSIS_NN_ROOT");
        try
        {
            Environment.SetEnvironmentVariable("CMSIS_NN_ROOT", null);
            configure(dir);
            Assert.That(File.ReadAllText(Path.Combine(dir, "CMakeCache.txt")), Does.Contain("CMSIS_NN_ROOT:PATH=\n").Or.Contain("CMSIS_NN_ROOT:UNINITIALIZED=\n"));

            Environment.SetEnvironmentVariable("CMSIS_NN_ROOT", fake);
            var e = Assert.Throws<WakeWordException>(() => configure(dir));
            Assert.That(e!.Message, Does.Contain("not a CMSIS-NN checkout"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("CMSIS_NN_ROOT", saved);
        }
    }
}
