using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using WakeWord.Cli.Bench;
using WakeWord.Cli.Bench.Fuzz;
using WakeWord.Core;

namespace WakeWord.Cli.Commands;

/// <summary>
/// <c>wakeword bench [--json out.json] [--quick] [--package DIR] [--data DIR]</c>: one table of the product's figures,
/// each with what it is compared with in the same run (<see cref="BenchService"/>). Subcommands harden:
/// <c>fuzz</c> (C# parsers), <c>fuzz-native</c> (libFuzzer), <c>sanitize</c> (ASan+UBSan host firmware),
/// <c>cppcheck</c>, <c>soak</c>.
/// </summary>
public sealed class BenchCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures as JSON to this file." };
        var quick = new Option<bool>("--quick") { Description = "Shorter audio and timing windows (smoke run)." };
        var package = new Option<DirectoryInfo?>("--package") { Description = "Package from wakeword generate (default: generate the default model)." };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Dataset folder for float vs int8 false rejects at 1 FA/h (eval)." };
        var cmd = new Command("bench", "Benchmark the default model end to end (simulator vs native C, kernels, QEMU M4/M7, memory, front end, accuracy) in one table.")
        {
            json, quick, package, data,
        };
        cmd.SetAction(pr =>
        {
            var work = RepoPaths.WorkDir("bench");
            var report = BenchService.Run(new BenchRequest(pr.GetValue(package)?.FullName, pr.GetValue(data)?.FullName, pr.GetValue(quick), work),
                m => ctx.Error.WriteLine($"bench: {m}"));
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Out), ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
            console.Profile.Width = 200; // one line per figure in logs and docs, whatever the terminal

            var table = new Table { Title = new TableTitle($"wakeword bench{(report.Quick ? " --quick" : "")}: {Path.GetFileName(report.Package)} ({report.Seconds:F0} s)") };
            table.AddColumns("group", "figure", "value", "compared with (same run)", "note");
            foreach (var f in report.Figures)
                table.AddRow(Markup.Escape(f.Group), Markup.Escape(f.Metric), Markup.Escape(BenchService.FormatValue(f)), Markup.Escape(f.Comparison), Markup.Escape(f.Note));
            console.Write(table);
            if (pr.GetValue(json) is { } j)
            {
                AtomicOutput.WriteFile(j.FullName, tmp => File.WriteAllText(tmp, BenchService.ToJson(report)));
                ctx.Out.WriteLine($"wrote {j.FullName}");
            }
            return 0;
        });
        cmd.Subcommands.Add(Fuzz(ctx));
        cmd.Subcommands.Add(FuzzNative(ctx));
        cmd.Subcommands.Add(Sanitize(ctx));
        cmd.Subcommands.Add(Cppcheck(ctx));
        cmd.Subcommands.Add(Soak(ctx));
        return cmd;
    }

    private static Command Fuzz(CliContext ctx)
    {
        var cases = new Option<int>("--cases") { Description = "Cases per parser.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var target = new Option<string[]>("--target") { Description = "Parsers: wav, onnx, manifest (default all).", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("fuzz", "Seeded random and mutated inputs for the WAV reader, ONNX importer and manifest parser.") { cases, seed, target };
        cmd.SetAction(pr =>
        {
            var n = pr.GetValue(cases);
            if (n < 1) throw new WakeWordException("--cases: must be at least 1");
            var targets = pr.GetValue(target) is { Length: > 0 } t ? t : ParserFuzzer.Targets.ToArray();
            var failed = 0;
            foreach (var name in targets)
            {
                var r = ParserFuzzer.Run(name, n, pr.GetValue(seed));
                ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Target}: {r.Cases:N0} cases in {r.Seconds:F1} s: {r.Accepted:N0} accepted, {r.Refused:N0} refused with a WakeWordException, {r.FailureCount} failures"));
                foreach (var f in r.Failures) ctx.Out.WriteLine("  " + f);
                if (!r.Clean) failed++;
            }
            return failed == 0 ? 0 : 1;
        });
        return cmd;
    }

    private static Option<DirectoryInfo?> PackageOption() => new("--package") { Description = "Package from wakeword generate (default: generate the default model)." };

    private static string PackageFor(CliContext ctx, DirectoryInfo? given) =>
        BenchPackage.Ensure(given?.FullName, Path.Combine(RepoPaths.WorkDir("bench"), "package"), m => ctx.Error.WriteLine($"bench: {m}"));

    private static Command FuzzNative(CliContext ctx)
    {
        var seconds = new Option<int>("--seconds") { Description = "Seconds per harness.", DefaultValueFactory = _ => 60 };
        var package = PackageOption();
        var cmd = new Command("fuzz-native", "Build the libFuzzer harnesses (clang, ASan+UBSan) for the front end and the runtime and run each for N seconds.") { seconds, package };
        cmd.SetAction(pr =>
        {
            var s = pr.GetValue(seconds);
            if (s < 1) throw new WakeWordException("--seconds: must be at least 1");
            var pkg = PackageFor(ctx, pr.GetValue(package));
            var build = NativeHardening.BuildFuzzers(pkg, Path.Combine(RepoPaths.WorkDir("bench"), "build-fuzz"));
            var seed = Sim.Audio.WavFile.ReadMono48k(Path.Combine(RepoPaths.Datasets, "samples", "mixed.wav"));
            var crashed = 0;
            foreach (var h in NativeHardening.Harnesses)
            {
                var r = NativeHardening.RunFuzzer(build, h, s, seed);
                ctx.Out.WriteLine($"{h}: {r.Runs:N0} runs in {r.Seconds} s, {(r.Crashed ? "CRASH: " : "no crash; ")}{r.Tail}");
                if (r.Crashed) crashed++;
            }
            return crashed == 0 ? 0 : 1;
        });
        return cmd;
    }

    private static Command Sanitize(CliContext ctx)
    {
        var package = PackageOption();
        var minutes = new Option<double>("--minutes") { Description = "Length of the test audio.", DefaultValueFactory = _ => 5 };
        var cmd = new Command("sanitize", "Run the host firmware built with -fsanitize=address,undefined on test audio (push and DMA modes); trace vs simulator.") { package, minutes };
        cmd.SetAction(pr =>
        {
            var min = pr.GetValue(minutes);
            if (!(min > 0 && min <= 120)) throw new WakeWordException("--minutes: must be between 0 and 120");
            var pkg = PackageFor(ctx, pr.GetValue(package));
            var dir = RepoPaths.WorkDir("bench");
            var exe = NativeHardening.BuildSanitizedHost(pkg, Path.Combine(dir, "build-host-asan"));
            var pcm = BenchRuntimeCommand.LongRecording(min);
            var pcmPath = Path.Combine(dir, "sanitize.pcm");
            BenchService.WritePcm(pcmPath, pcm);
            var bad = 0;
            foreach (var dma in new[] { false, true })
            {
                var trace = Path.Combine(dir, $"sanitize.{(dma ? "dma" : "push")}.trace");
                var r = NativeHardening.RunSanitized(exe, pcmPath, trace, dma);
                var simTrace = trace + ".sim";
                using (var fs = File.Create(simTrace))
                    Sim.Runtime.Simulator.Run(Sim.Runtime.FirmwarePackage.Load(pkg), pcm,
                        new Sim.Runtime.SimulateOptions(Dma: dma, Burst: dma ? 2 : 1, Trace: fs, TraceFlags: Sim.Runtime.Trace.TraceFlags.All));
                var diff = Sim.Runtime.Trace.TraceComparer.CompareFiles(simTrace, trace);
                ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(dma ? "dma" : "push")}: {min:F1} min of audio, exit code {r.ExitCode}, {r.Findings} sanitizer findings{(r.Findings > 0 ? ": " + r.FirstFinding : "")}; trace vs simulator: {(diff.Equal ? "identical" : diff.Description)}"));
                if (r.Findings > 0 || r.ExitCode != 0 || !diff.Equal) bad++;
            }
            return bad == 0 ? 0 : 1;
        });
        return cmd;
    }

    private static Command Cppcheck(CliContext ctx)
    {
        var package = PackageOption();
        var cmd = new Command("cppcheck", "cppcheck (warning, style, performance, portability) over firmware/ and a generated package; fails on any finding.") { package };
        cmd.SetAction(pr =>
        {
            var pkg = PackageFor(ctx, pr.GetValue(package));
            var (paths, includes) = NativeHardening.FirmwareSources(pkg);
            var r = NativeHardening.Cppcheck(paths, includes, Path.Combine(RepoPaths.WorkDir("bench"), "cppcheck"));
            foreach (var f in r.Findings) ctx.Out.WriteLine(f);
            ctx.Out.WriteLine($"cppcheck: {r.FilesChecked} C files (firmware/ and {pkg}), {r.Findings.Count} findings");
            return r.Findings.Count == 0 ? 0 : 1;
        });
        return cmd;
    }

    private static Command Soak(CliContext ctx)
    {
        var package = PackageOption();
        var minutes = new Option<double>("--minutes") { Description = "Length of the soak recording.", DefaultValueFactory = _ => 60 };
        var cmd = new Command("soak", "Host firmware and simulator over a long seeded recording: traces identical, host firmware max RSS at 10 min vs the end.") { package, minutes };
        cmd.SetAction(pr =>
        {
            var min = pr.GetValue(minutes);
            if (!(min >= 1 && min <= 180)) throw new WakeWordException("--minutes: must be between 1 and 180");
            var pkg = PackageFor(ctx, pr.GetValue(package));
            var r = SoakService.Run(pkg, min, Path.Combine(RepoPaths.WorkDir("bench"), "soak"), m => ctx.Error.WriteLine($"bench: {m}"));
            var inv = CultureInfo.InvariantCulture;
            ctx.Out.WriteLine(string.Create(inv, $"soak: {r.Minutes:F0} min of audio, {r.Frames:N0} frames, {r.Inferences:N0} inferences, {r.Detections:N0} detections"));
            foreach (var m in r.Memory)
                ctx.Out.WriteLine(string.Create(inv, $"host firmware after {m.Minutes:F0} min: max RSS {m.MaxRssKilobytes:N0} kB, of which input buffers {m.InputKilobytesHeld:N0} kB, beyond them {m.ResidentBeyondInputKilobytes:N0} kB ({m.FirmwareSeconds:F1} s wall)"));
            var flat = SoakService.IsFlat(r.Memory);
            ctx.Out.WriteLine(string.Create(inv, $"memory beyond the input: {(flat ? "flat" : "GROWS")} (tolerance {SoakService.FlatToleranceKilobytes} kB); simulator {r.SimulatorSeconds:F1} s wall, managed heap after the run {r.SimulatorManagedBytesAfter / 1048576.0:F1} MB"));
            ctx.Out.WriteLine(r.TracesIdentical ? $"traces: identical ({r.TraceBytes:N0} bytes)" : $"traces DIFFER: {r.TraceDifference}");
            return r.TracesIdentical && flat ? 0 : 1;
        });
        return cmd;
    }
}
