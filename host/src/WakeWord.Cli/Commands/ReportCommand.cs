using System.CommandLine;
using System.Globalization;
using WakeWord.Core;
using WakeWord.Sim.Runtime.Targets;

namespace WakeWord.Cli.Commands;

/// <summary>
/// <c>wakeword report --package DIR [--audio X.wav] [--out DIR] [--speech-fraction F]</c>: builds the package for
/// QEMU (M4, M7) and the STM32H7 boards, counts instructions per inference and per hop under QEMU, reads RAM
/// and flash per section, and estimates latency, real-time margin and energy per DVFS level. Writes
/// boards-report.txt and boards-report.html (inline SVG charts) and prints the text.
/// </summary>
public sealed class ReportCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var package = new Option<string>("--package") { Description = "Firmware package folder written by wakeword generate", Required = true };
        var audio = new Option<string?>("--audio") { Description = "48 kHz mono 16-bit WAV (or raw PCM) with speech; default datasets/samples/mixed.wav" };
        var output = new Option<string?>("--out") { Description = "Report folder (default artifacts/reports/<package name>)" };
        var speech = new Option<double>("--speech-fraction") { Description = "Share of time with speech (HIGH) for the energy estimate", DefaultValueFactory = _ => BoardReport.DefaultSpeechFraction };
        var cmd = new Command("report", "Measure a package on QEMU and the STM32H7 images: sizes, MACs, instructions, latency, real-time margin, energy.")
        {
            package, audio, output, speech,
        };
        cmd.SetAction(parse =>
        {
            var pkg = Path.GetFullPath(parse.GetValue(package)!);
            var fraction = parse.GetValue(speech);
            if (fraction is < 0 or > 1) throw new WakeWordException($"--speech-fraction {fraction.ToString(CultureInfo.InvariantCulture)}: must be between 0 and 1");
            var wav = parse.GetValue(audio) ?? Path.Combine(RepoPaths.Datasets, "samples", "mixed.wav");
            var outDir = parse.GetValue(output) ?? Path.Combine(RepoPaths.Artifacts, "reports", Path.GetFileName(pkg.TrimEnd(Path.DirectorySeparatorChar)));
            var data = BoardReport.Measure(pkg, wav, RepoPaths.WorkDir(Path.Combine("report", Path.GetFileName(pkg.TrimEnd(Path.DirectorySeparatorChar)))),
                fraction, msg => ctx.Error.WriteLine($"report: {msg}"));
            var text = BoardReportRenderer.Text(data);
            AtomicOutput.WriteDirectory(outDir, tmp =>
            {
                File.WriteAllText(Path.Combine(tmp, "boards-report.txt"), text);
                File.WriteAllText(Path.Combine(tmp, "boards-report.html"), BoardReportRenderer.Html(data));
            });
            ctx.Out.Write(text);
            ctx.Out.WriteLine($"wrote {Path.Combine(outDir, "boards-report.txt")} and {Path.Combine(outDir, "boards-report.html")}");
            return 0;
        });
        return cmd;
    }
}
