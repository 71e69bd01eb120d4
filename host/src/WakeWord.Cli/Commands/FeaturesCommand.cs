using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using WakeWord.Core;
using WakeWord.Sim.Audio;
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Reference;
using Fe = WakeWord.Sim.Frontend.Frontend;

namespace WakeWord.Cli.Commands;

/// <summary>
/// <c>wakeword features</c>: WAV to a WWFE feature file (docs/frontend.md) with the C# simulator or the
/// firmware front end built for the PC; both write the same bytes.
/// </summary>
public sealed class FeaturesCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("features", "Compute front-end features of a WAV file (any format and rate; converted to 48 kHz mono).");
        var input = new Option<FileInfo>("--in") { Description = "Input WAV file.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Output feature file (WWFE format).", Required = true };
        var impl = new Option<string>("--impl") { Description = "sim (C# simulator) or native (firmware C built with the host gcc).", DefaultValueFactory = _ => "sim" };
        impl.AcceptOnlyFromAmong("sim", "native");
        var config = new Option<FileInfo?>("--config") { Description = "frontend.json (default: the design defaults)." };
        var chunkSeed = new Option<int?>("--chunk-seed") { Description = "Feed the input in seeded random chunks (result must not change)." };
        foreach (var o in new Option[] { input, output, impl, config, chunkSeed }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            var cfgFile = pr.GetValue(config);
            var cfg = cfgFile == null ? FrontendConfig.Default : FrontendConfig.Load(cfgFile.FullName);
            var inPath = pr.GetValue(input)!.FullName;
            var outPath = pr.GetValue(output)!.FullName;
            var seed = pr.GetValue(chunkSeed);
            var audio = WavFile.Read(inPath);
            var pcm = audio.ToMono(cfg.InputRate);
            var sw = Stopwatch.StartNew();
            FeatureFile file;
            var which = pr.GetValue(impl)!;
            if (which == "native")
            {
                file = NativeFrontend.Build(cfg).Run(pcm, seed);
            }
            else
            {
                var t = new FrontendTables(cfg);
                short[] data;
                if (seed is { } s) data = Chunked(t, pcm, s);
                else data = Fe.ComputeAll(t, pcm);
                file = new FeatureFile(data.Length / cfg.Features, cfg.Features, cfg.FeatureFracBits, data);
            }
            file.Write(outPath);
            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{outPath}: {file.Frames} frames x {file.FeaturesPerFrame} features (1 LSB = 1/{1 << file.FracBits} nat), {which}, {audio.SampleRate} Hz {audio.Channels} ch {audio.BitsPerSample}-bit {audio.Format} in, {sw.Elapsed.TotalSeconds:F2} s"));
            return 0;
        });
        return cmd;
    }

    private static short[] Chunked(FrontendTables t, short[] pcm, int seed)
    {
        var fe = new Fe(t);
        var r = new Random(seed);
        var got = new List<short>();
        for (var pos = 0; pos < pcm.Length;)
        {
            var n = Math.Min(pcm.Length - pos, r.Next(4096));
            var buf = new short[Fe.MaxFrames(t.Config, n) * t.Config.Features];
            var frames = fe.Process(pcm.AsSpan(pos, n), buf);
            got.AddRange(buf.AsSpan(0, frames * t.Config.Features));
            pos += n;
        }
        return got.ToArray();
    }
}
