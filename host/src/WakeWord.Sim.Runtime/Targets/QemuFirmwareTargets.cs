using System.Globalization;
using WakeWord.Core;
using WakeWord.Sim.Runtime.Build;

namespace WakeWord.Sim.Runtime.Targets;

/// <summary>
/// The firmware under QEMU as a <c>wakeword validate</c> target: builds ww_qemu_app
/// (firmware/boards/common-qemu/app) for the board and runs it with semihosting. Its options are the host
/// program's, so the trace is the same file format; the console's stats line reports instructions.
/// </summary>
public abstract class QemuFirmwareTarget(TargetDefinition target) : IFirmwareTarget
{
    public const string ProgramName = "ww_qemu_app";

    public string Name => Definition.Name;

    public TargetDefinition Definition { get; } = target;

    public string Build(string packageDir, string buildDir)
    {
        var dir = FirmwareBuilder.Build(new FirmwareBuildRequest(packageDir, Definition.Name, buildDir, [ProgramName]));
        var elf = Path.Combine(dir, "boards", Definition.Board, "common-qemu", ProgramName + ".elf");
        if (!File.Exists(elf)) throw new WakeWordException($"{elf}: the {Definition.Name} build did not produce {ProgramName}.elf");
        return elf;
    }

    public FirmwareRunResult Run(string program, string pcmPath, string tracePath, FirmwareRunOptions options)
    {
        var args = new List<string> { "--in", pcmPath, "--trace", tracePath, "--flags", options.TraceFlags.ToString(CultureInfo.InvariantCulture) };
        if (options.Dma) args.AddRange(["--dma", "--burst", options.Burst.ToString(CultureInfo.InvariantCulture)]);
        var r = new QemuRunner(Definition).Run(program, args, TimeSpan.FromMinutes(30));
        if (r.ExitCode != 0)
            throw new WakeWordException($"{program} under {Definition.QemuMachine} failed with exit code {r.ExitCode}: {(r.StdOut + r.StdErr).Trim()}");
        return new FirmwareRunResult(tracePath, r.StdOut);
    }
}

/// <summary>QEMU mps2-an386, Cortex-M4F.</summary>
public sealed class QemuM4FirmwareTarget() : QemuFirmwareTarget(TargetCatalog.QemuM4);

/// <summary>QEMU mps2-an500, Cortex-M7.</summary>
public sealed class QemuM7FirmwareTarget() : QemuFirmwareTarget(TargetCatalog.QemuM7);
