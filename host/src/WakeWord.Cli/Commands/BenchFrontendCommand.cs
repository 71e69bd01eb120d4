using System.CommandLine;
using WakeWord.Core;
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Reference;

namespace WakeWord.Cli.Commands;

/// <summary><c>wakeword bench-frontend</c>: decimator mask, feature SNR against the double reference, speed.</summary>
public sealed class BenchFrontendCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("bench-frontend", "Measure the fixed-point front end: decimator stopband/ripple, per-coefficient SNR vs double reference on speech at 0..-50 dBFS, speed sim vs native.");
        var seconds = new Option<int>("--seconds") { Description = "Audio length for the speed figures.", DefaultValueFactory = _ => 600 };
        var noNative = new Option<bool>("--no-native") { Description = "Skip building and timing the native C front end." };
        var config = new Option<FileInfo?>("--config") { Description = "frontend.json (default: the design defaults)." };
        foreach (var o in new Option[] { seconds, noNative, config }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            var cfgFile = pr.GetValue(config);
            var cfg = cfgFile == null ? FrontendConfig.Default : FrontendConfig.Load(cfgFile.FullName);
            var s = pr.GetValue(seconds);
            if (s < 1) throw new WakeWordException("--seconds must be at least 1");
            FrontendBenchmark.Run(ctx.Out, cfg, s, !pr.GetValue(noNative));
            return 0;
        });
        return cmd;
    }
}
