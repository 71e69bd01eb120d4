using System.CommandLine;
using System.Globalization;
using WakeWord.Codegen;
using WakeWord.Core;
using WakeWord.Sim.Audio;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Build;

namespace WakeWord.Cli.Commands;

/// <summary>
/// <c>wakeword demo</c>: the default model end to end. Generates the firmware package, builds it for the PC
/// and for Cortex-M4 under QEMU, runs both and the simulator on the bundled sample audio, compares the
/// traces byte for byte, prints the detections and the package report.
/// </summary>
public sealed class DemoCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("demo", "Default model -> firmware package -> PC and QEMU Cortex-M4 builds -> bit-exact check on the sample audio.");
        var targets = new Option<string[]>("--target") { Description = "Targets to validate (default: host and qemu-m4).", AllowMultipleArgumentsPerToken = true };
        var input = new Option<FileInfo[]>("--in") { Description = "WAV files (default: datasets/samples/*.wav).", AllowMultipleArgumentsPerToken = true };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Output folder (default artifacts/work/demo)." };
        cmd.Options.Add(targets);
        cmd.Options.Add(input);
        cmd.Options.Add(work);
        cmd.SetAction(pr =>
        {
            var dir = pr.GetValue(work)?.FullName ?? RepoPaths.WorkDir("demo");
            var wavs = pr.GetValue(input) is { Length: > 0 } ins ? ins.Select(f => f.FullName).ToList() : SampleWavs();
            var wanted = pr.GetValue(targets) is { Length: > 0 } ts ? ts.ToList() : ["host", "qemu-m4"];
            return Run(ctx, dir, wavs, wanted);
        });
        return cmd;
    }

    private static List<string> SampleWavs()
    {
        var wavs = RepoPaths.SampleWavs();
        if (wavs.Count == 0) throw new WakeWordException($"{Path.Combine(RepoPaths.Datasets, "samples")}: no sample WAV files");
        return [.. wavs];
    }

    internal static int Run(CliContext ctx, string dir, IReadOnlyList<string> wavs, IReadOnlyList<string> targets)
    {
        var o = ctx.Out;
        var package = Path.Combine(dir, "package");
        var runtime = RuntimeConfig.Default;
        o.WriteLine($"1. generate: {GenerateService.DefaultModelPath} -> {package}");
        var g = GenerateService.Run(new GenerateRequest
        {
            OutDir = package,
            Target = "host",
            CommandLine = "wakeword demo",
            RuntimeFiles = features => (runtime.ToJson(), RuntimeHeaderEmitter.Emit(runtime, features)),
            Runtime = runtime,
        }, msg => ctx.Error.WriteLine("   " + msg));
        o.WriteLine("   " + GenerateService.Summary(g));

        var failed = 0;
        var step = 2;
        foreach (var t in targets)
        {
            if (!FirmwareTargets.Has(t))
            {
                o.WriteLine($"{step++}. {t}: not available in this build (targets: {string.Join(", ", FirmwareTargets.Names)}); skipped");
                continue;
            }
            o.WriteLine($"{step++}. build + run {t} firmware and the simulator on {wavs.Count} file(s), compare traces");
            var cases = Validator.Run(package, t, wavs, new FirmwareRunOptions(), Path.Combine(dir, t), null);
            using (var indented = new StringWriter(CultureInfo.InvariantCulture))
            {
                if (ValidateCommand.Report(indented, t, cases) != 0) failed++;
                foreach (var line in indented.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) o.WriteLine("   " + line.TrimEnd());
            }
        }

        o.WriteLine($"{step++}. detections (simulator, equal to the firmware's when the traces match)");
        var pkg = FirmwarePackage.Load(package);
        foreach (var wav in wavs)
        {
            o.WriteLine($"   {Path.GetFileName(wav)}:");
            var r = Simulator.Run(pkg, WavFile.Read(wav).ToMono48k());
            using var sw = new StringWriter(CultureInfo.InvariantCulture);
            SimulateCommand.WriteText(sw, r);
            foreach (var line in sw.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) o.WriteLine("     " + line.TrimEnd());
        }
        var report = Path.Combine(package, "report.txt");
        if (File.Exists(report))
        {
            o.WriteLine($"{step}. report ({report})");
            foreach (var line in File.ReadAllLines(report)) o.WriteLine("   " + line);
        }
        o.WriteLine(failed == 0 ? "demo: all traces bit-exact" : $"demo: {failed} target(s) differ from the simulator");
        return failed == 0 ? 0 : 1;
    }
}
