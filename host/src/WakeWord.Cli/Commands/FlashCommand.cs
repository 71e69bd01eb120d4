using System.CommandLine;
using System.Globalization;
using WakeWord.Core;
using WakeWord.Sim.Runtime.Targets;

namespace WakeWord.Cli.Commands;

/// <summary>
/// <c>wakeword flash --target T --elf X [--tool openocd|st-flash] [--dry-run]</c>: writes a built image to an
/// STM32H7 board through an ST-LINK probe with OpenOCD or st-flash.
/// </summary>
public sealed class FlashCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var target = new Option<string>("--target") { Description = "stm32h7-cm4 or stm32h7-cm7", Required = true };
        var elf = new Option<string>("--elf") { Description = "The .elf from wakeword build", Required = true };
        var tool = new Option<string?>("--tool") { Description = "openocd or st-flash (default: whichever is installed, openocd first)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the command instead of running it" };
        var cmd = new Command("flash", "Flash a firmware image to an STM32H7 board (ST-LINK via OpenOCD or st-flash).") { target, elf, tool, dryRun };
        cmd.SetAction(parse =>
        {
            var plan = Flasher.Plan(TargetCatalog.Get(parse.GetValue(target)!), parse.GetValue(elf)!, parse.GetValue(tool),
                Environment.GetEnvironmentVariable("PATH") ?? "");
            ctx.Out.WriteLine($"{plan.Tool} {string.Join(' ', plan.Arguments.Select(Quote))}");
            if (parse.GetValue(dryRun)) return 0;
            Flasher.Execute(plan);
            ctx.Out.WriteLine($"flashed {plan.Image} to {plan.Target.Name} at 0x{plan.Target.FlashAddress:X8}");
            return 0;
        });
        return cmd;
    }

    private static string Quote(string a) => a.Contains(' ') ? $"\"{a}\"" : a;
}

/// <summary>A flashing command line: which tool, its arguments, and the image written.</summary>
public sealed record FlashPlan(TargetDefinition Target, string Tool, string ToolPath, IReadOnlyList<string> Arguments, string Image);

/// <summary>Checks an image against the board and builds and runs the OpenOCD or st-flash command.</summary>
public static class Flasher
{
    public static readonly string[] Tools = ["openocd", "st-flash"];

    public static FlashPlan Plan(TargetDefinition target, string elf, string? tool, string searchPath)
    {
        if (target.Kind != TargetKind.Hardware)
            throw new WakeWordException($"--target {target.Name}: only board targets are flashed ({string.Join(", ", TargetCatalog.All.Where(t => t.Kind == TargetKind.Hardware).Select(t => t.Name))}); QEMU targets run with wakeword validate or report");
        elf = Path.GetFullPath(elf);
        var load = ElfInspector.LowestLoadAddress(elf);
        if (load != target.FlashAddress)
            throw new WakeWordException($"--elf {elf}: its image starts at 0x{load:X8}, but {target.Name} boots from 0x{target.FlashAddress:X8} (built for another target?)");
        if (tool != null && !Tools.Contains(tool))
            throw new WakeWordException($"--tool {tool}: unknown (choose openocd or st-flash)");
        var candidates = tool != null ? [tool] : Tools;
        foreach (var t in candidates)
        {
            var path = ProcessRunner.FindTool(t, searchPath);
            if (path == null) continue;
            if (t == "openocd")
            {
                var args = new List<string>();
                foreach (var f in target.OpenOcdConfig) args.AddRange(["-f", f]);
                args.AddRange(["-c", $"program {elf} verify reset exit"]);
                return new FlashPlan(target, t, path, args, elf);
            }
            var bin = Path.ChangeExtension(elf, ".bin");
            if (!File.Exists(bin))
                throw new WakeWordException($"--elf {elf}: st-flash writes the raw image, but {bin} is missing (wakeword build writes it beside the .elf)");
            return new FlashPlan(target, t, path, ["--reset", "write", bin, $"0x{target.FlashAddress.ToString("X8", CultureInfo.InvariantCulture)}"], bin);
        }
        throw new WakeWordException(tool != null
            ? $"--tool {tool}: not found on PATH (install it: apt-get install --no-install-recommends {(tool == "openocd" ? "openocd" : "stlink-tools")})"
            : "no flashing tool found: neither openocd nor st-flash is on PATH (apt-get install --no-install-recommends openocd)");
    }

    public static void Execute(FlashPlan plan)
    {
        var r = ProcessRunner.Run(plan.ToolPath, plan.Arguments, timeout: TimeSpan.FromMinutes(5), stdin: []);
        if (r.ExitCode == 0) return;
        var output = (r.StdErr + r.StdOut).Trim();
        var noProbe = output.Contains("open failed", StringComparison.OrdinalIgnoreCase)
            || output.Contains("Couldn't find any ST-Link", StringComparison.OrdinalIgnoreCase)
            || output.Contains("No ST-LINK", StringComparison.OrdinalIgnoreCase)
            || output.Contains("unable to find", StringComparison.OrdinalIgnoreCase);
        var lines = output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var last = lines.FirstOrDefault(l => l.StartsWith("Error", StringComparison.OrdinalIgnoreCase)) ?? lines.LastOrDefault() ?? "";
        throw new WakeWordException(noProbe
            ? $"{plan.Tool}: no ST-LINK probe found; connect the board's ST-LINK USB port ({last})"
            : $"{plan.Tool} failed with exit code {r.ExitCode}: {last}");
    }
}
