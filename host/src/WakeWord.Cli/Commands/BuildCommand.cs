using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using WakeWord.Core;
using WakeWord.Sim.Runtime.Targets;

namespace WakeWord.Cli.Commands;

/// <summary>
/// <c>wakeword build --package DIR --target T --out DIR</c>: configures and builds firmware/ with CMake for the
/// target's toolchain and board, then copies the programs (.elf/.bin/.hex/.map, or the PC program) into --out.
/// Without --package only the package-independent board programs (self-tests) are built.
/// </summary>
public sealed class BuildCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var package = new Option<string?>("--package") { Description = "Firmware package folder written by wakeword generate" };
        var target = new Option<string>("--target") { Description = $"Target: {TargetCatalog.Names}", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the built programs", Required = true };
        var cmd = new Command("build", "Build the firmware for a target (host, QEMU or STM32H7) with CMake.") { package, target, output };
        cmd.SetAction(parse =>
        {
            var result = FirmwareBuild.Run(TargetCatalog.Get(parse.GetValue(target)!), parse.GetValue(package), parse.GetValue(output)!);
            foreach (var p in result.Programs)
            {
                ctx.Out.WriteLine($"{p.Name}: {p.Executable}");
                foreach (var extra in new[] { p.Bin, p.Hex, p.Map })
                    if (extra != null) ctx.Out.WriteLine($"  {extra}");
            }
            foreach (var line in result.SizeLines) ctx.Out.WriteLine(line);
            return 0;
        });
        return cmd;
    }
}

/// <summary>What <see cref="FirmwareBuild.Run"/> produced.</summary>
public sealed record FirmwareBuildResult(IReadOnlyList<BuiltProgram> Programs, IReadOnlyList<string> SizeLines);

/// <summary>The build behind <c>wakeword build</c>, callable from tests.</summary>
public static class FirmwareBuild
{
    public static FirmwareBuildResult Run(TargetDefinition target, string? packageDir, string outDir)
    {
        if (packageDir == null && target.Kind == TargetKind.Host)
            throw new WakeWordException("--package is required for --target host (the PC build is the firmware itself)");
        if (packageDir != null && !File.Exists(Path.Combine(packageDir, "ww_config.h")))
            throw new WakeWordException($"--package {packageDir}: not a firmware package (no ww_config.h); run wakeword generate first");
        // One CMake tree per target and package, kept between runs so rebuilds are incremental.
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(packageDir == null ? "-" : Path.GetFullPath(packageDir))))[..12];
        var build = TargetBuild.Configure(target, Path.Combine(RepoPaths.WorkDir("build"), $"{target.Name}-{key}"), packageDir);
        build.Build(target.Kind == TargetKind.Host ? "ww_host" : "ww_board_programs");
        var built = build.Programs();
        if (built.Count == 0) throw new WakeWordException($"{build.BuildDir}: the build produced no program");

        var copied = new List<BuiltProgram>();
        var finalDir = Path.GetFullPath(outDir);
        AtomicOutput.WriteDirectory(finalDir, tmp =>
        {
            foreach (var p in built)
            {
                string? Copy(string? file)
                {
                    if (file == null) return null;
                    File.Copy(file, Path.Combine(tmp, Path.GetFileName(file)));
                    return Path.Combine(finalDir, Path.GetFileName(file));
                }
                copied.Add(new BuiltProgram(p.Name, Copy(p.Executable)!, Copy(p.Bin), Copy(p.Hex), Copy(p.Map)));
            }
        });
        if (!OperatingSystem.IsWindows() && target.Kind == TargetKind.Host)
            foreach (var p in copied) File.SetUnixFileMode(p.Executable, File.GetUnixFileMode(p.Executable) | UnixFileMode.UserExecute);

        var sizes = new List<string>();
        if (target.IsCortexM)
        {
            foreach (var p in copied)
            {
                var m = ElfInspector.Sizes(p.Executable);
                sizes.Add($"{p.Name}: flash {m.FlashBytes:N0} B, RAM {m.RamBytes:N0} B");
            }
        }
        return new FirmwareBuildResult(copied, sizes);
    }
}
