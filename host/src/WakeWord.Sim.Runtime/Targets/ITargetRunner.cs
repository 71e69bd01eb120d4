using WakeWord.Core;

namespace WakeWord.Sim.Runtime.Targets;

/// <summary>
/// Runs a built firmware program with arguments and reports its exit code and console output. The host
/// build runs directly; Cortex-M builds run under QEMU with semihosting (the program reads and writes the
/// host's files by path, so arguments are ordinary host paths).
/// </summary>
public interface ITargetRunner
{
    TargetDefinition Target { get; }

    /// <summary>Runs <paramref name="program"/> with <paramref name="args"/>; never judges the exit code.</summary>
    ProcessResult Run(string program, IReadOnlyList<string> args, TimeSpan? timeout = null);
}

/// <summary>Runners by target kind.</summary>
public static class TargetRunners
{
    /// <summary>The runner for <paramref name="target"/>; real boards cannot run programs from the PC.</summary>
    public static ITargetRunner For(TargetDefinition target) => target.Kind switch
    {
        TargetKind.Host => new HostRunner(target),
        TargetKind.Qemu => new QemuRunner(target),
        _ => throw new WakeWordException($"--target {target.Name}: a board target runs on hardware; use wakeword flash, or qemu-m4/qemu-m7 to run it here"),
    };
}

/// <summary>Runs the PC build of the firmware as an ordinary process.</summary>
public sealed class HostRunner(TargetDefinition target) : ITargetRunner
{
    public TargetDefinition Target { get; } = target;

    public ProcessResult Run(string program, IReadOnlyList<string> args, TimeSpan? timeout = null)
    {
        if (!File.Exists(program)) throw new WakeWordException($"{program}: program not found (build it with wakeword build --target host)");
        return ProcessRunner.Run(program, args, timeout: timeout ?? TimeSpan.FromMinutes(10), stdin: []);
    }
}
