using System.Globalization;
using System.Text.RegularExpressions;
using WakeWord.Core;

namespace WakeWord.Sim.Runtime.Targets;

/// <summary>
/// Runs a Cortex-M ELF under qemu-system-arm (mps2-an386 for the M4, mps2-an500 for the M7) with semihosting:
/// the arguments reach main's argv, files are the host's, and main's return value becomes the exit code.
/// With <see cref="CountInstructions"/> (the default) QEMU runs with <c>-icount shift=0</c>: the virtual
/// clock advances one nanosecond per instruction, so the board's SysTick counter reads instructions
/// (firmware/boards/common-qemu/ww_qemu_counter.h) and the same program gives the same count every run.
/// </summary>
public sealed partial class QemuRunner : ITargetRunner
{
    public const string QemuExecutable = "qemu-system-arm";

    public QemuRunner(TargetDefinition target)
    {
        if (target.Kind != TargetKind.Qemu || target.QemuMachine is null)
            throw new WakeWordException($"--target {target.Name}: not a QEMU target (choose qemu-m4 or qemu-m7)");
        Target = target;
    }

    public TargetDefinition Target { get; }

    /// <summary>Run with -icount shift=0 so instruction counts are exact and repeatable.</summary>
    public bool CountInstructions { get; init; } = true;

    /// <summary>
    /// The qemu-system-arm arguments for one run. argv[0] is the program's file name. Semihosting joins the
    /// arguments with spaces, so an argument may not contain a space; a comma is escaped as QEMU's option
    /// syntax requires. The program's console output (semihosting SYS_WRITE0/SYS_WRITE to the console)
    /// arrives on QEMU's stdout.
    /// </summary>
    public IReadOnlyList<string> CommandLine(string program, IReadOnlyList<string> args)
    {
        var semihosting = "enable=on,target=native,chardev=ww0,arg=" + Escape(Path.GetFileNameWithoutExtension(program));
        foreach (var a in args)
        {
            if (a.Length == 0 || a.Contains(' ') || a.Contains('\t'))
                throw new WakeWordException($"QEMU argument \"{a}\": semihosting passes arguments separated by spaces, so it must be non-empty and contain no space");
            semihosting += ",arg=" + Escape(a);
        }
        var list = new List<string>
        {
            "-M", Target.QemuMachine!, "-nographic", "-monitor", "none", "-serial", "null",
            "-chardev", "stdio,id=ww0", // semihosting console output goes to QEMU's stdout
        };
        if (CountInstructions) list.AddRange(["-icount", "shift=0"]);
        list.AddRange(["-semihosting-config", semihosting, "-kernel", program]);
        return list;
    }

    public ProcessResult Run(string program, IReadOnlyList<string> args, TimeSpan? timeout = null)
    {
        if (!File.Exists(program)) throw new WakeWordException($"{program}: ELF not found (build it with wakeword build --target {Target.Name})");
        return ProcessRunner.Run(QemuExecutable, CommandLine(program, args), timeout: timeout ?? TimeSpan.FromMinutes(10), stdin: []);
    }

    /// <summary>
    /// Reads every <c>key=value</c> pair with an unsigned integer value from program output (the boards print
    /// counts as "instructions=1234"); later pairs win.
    /// </summary>
    public static IReadOnlyDictionary<string, ulong> ParseCounters(string output)
    {
        var d = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (Match m in CounterPattern().Matches(output))
            d[m.Groups[1].Value] = ulong.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        return d;
    }

    private static string Escape(string s) => s.Replace(",", ",,", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![\w.])([A-Za-z_][A-Za-z0-9_]*)=([0-9]+)\b")]
    private static partial Regex CounterPattern();
}
