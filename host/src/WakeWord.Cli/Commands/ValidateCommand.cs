using System.CommandLine;
using WakeWord.Core;
using WakeWord.Sim.Runtime.Build;

namespace WakeWord.Cli.Commands;

/// <summary><c>wakeword validate --package DIR --target T --in X.wav...</c>: firmware vs simulator, byte for byte.</summary>
public sealed class ValidateCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("validate", "Build the firmware for a target, run it and the simulator on WAVs, compare the traces byte for byte.");
        var package = new Option<DirectoryInfo>("--package") { Description = "Firmware package written by wakeword generate.", Required = true };
        var target = new Option<string>("--target") { Description = "host, qemu-m4 or qemu-m7.", DefaultValueFactory = _ => "host" };
        var input = new Option<FileInfo[]>("--in") { Description = "One or more WAV files.", Required = true, AllowMultipleArgumentsPerToken = true };
        var dma = new Option<bool>("--dma") { Description = "Feed through the DMA double buffer." };
        var burst = new Option<int>("--burst") { Description = "DMA blocks per service call (3+ forces overruns).", DefaultValueFactory = _ => 1 };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Build and trace folder (default artifacts/work/validate-<target>)." };
        foreach (var o in new Option[] { package, target, input, dma, burst, work }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            var t = pr.GetValue(target)!;
            if (pr.GetValue(burst) < 1) throw new WakeWordException("--burst: must be at least 1");
            var dir = pr.GetValue(work)?.FullName ?? RepoPaths.WorkDir("validate-" + t);
            var cases = Validator.Run(pr.GetValue(package)!.FullName, t, pr.GetValue(input)!.Select(f => f.FullName).ToList(),
                new FirmwareRunOptions(pr.GetValue(dma), pr.GetValue(burst)), dir, ctx.Error);
            return Report(ctx.Out, t, cases);
        });
        return cmd;
    }

    /// <summary>Prints one line per input; returns 0 when every trace matched, 1 otherwise.</summary>
    internal static int Report(TextWriter o, string target, IReadOnlyList<ValidationCase> cases)
    {
        var failed = 0;
        foreach (var c in cases)
        {
            if (c.Equal)
                o.WriteLine($"OK    {target}  {Path.GetFileName(c.Input)}: traces identical ({c.Records} records, {c.TraceBytes:N0} bytes, {c.Simulation.Stats.Detections} detections)");
            else
            {
                failed++;
                o.WriteLine($"DIFF  {target}  {Path.GetFileName(c.Input)}: {c.Diff.Description}");
            }
        }
        o.WriteLine(failed == 0 ? $"validate {target}: {cases.Count} of {cases.Count} inputs bit-exact" : $"validate {target}: {failed} of {cases.Count} inputs differ");
        return failed == 0 ? 0 : 1;
    }
}
