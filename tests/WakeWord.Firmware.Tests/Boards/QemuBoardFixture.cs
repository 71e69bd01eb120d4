using WakeWord.Core;
using WakeWord.Sim.Runtime.Targets;

namespace WakeWord.Firmware.Tests.Boards;

/// <summary>Builds the board self-test program once per QEMU target for the whole test run.</summary>
internal static class QemuBoardBuilds
{
    private static readonly Dictionary<string, Lazy<string>> Elves = new()
    {
        ["qemu-m4"] = new(() => BuildSelfTest(TargetCatalog.QemuM4)),
        ["qemu-m7"] = new(() => BuildSelfTest(TargetCatalog.QemuM7)),
    };

    /// <summary>Path of ww_board_selftest.elf built for <paramref name="target"/>.</summary>
    public static string SelfTest(string target) => Elves[target].Value;

    private static string BuildSelfTest(TargetDefinition t)
    {
        var build = TargetBuild.Configure(t, Path.Combine(RepoPaths.WorkDir("boards"), t.Name));
        build.Build("ww_board_selftest");
        return build.Program("ww_board_selftest").Executable;
    }
}
