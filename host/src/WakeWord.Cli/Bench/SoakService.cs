using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using WakeWord.Cli.Commands;
using WakeWord.Core;
using WakeWord.Sim.Reference;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Build;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Cli.Bench;

/// <summary>Host firmware peak memory after a prefix of the soak audio.</summary>
/// <param name="InputKilobytesHeld">What the host program (not the firmware) holds of its input at its peak: it loads the
/// whole file, then decodes it into a sample buffer before freeing the file bytes, so twice the PCM size.</param>
public sealed record SoakMemory(double Minutes, long MaxRssKilobytes, long InputKilobytesHeld, double FirmwareSeconds)
{
    /// <summary>Peak RSS without the input buffers: the firmware, its runtime and the C library.</summary>
    public long ResidentBeyondInputKilobytes => MaxRssKilobytes - InputKilobytesHeld;
}

/// <summary>What a soak run found.</summary>
public sealed record SoakResult(double Minutes, long Frames, long Inferences, long Detections, bool TracesIdentical, string TraceDifference,
    long TraceBytes, IReadOnlyList<SoakMemory> Memory, double SimulatorSeconds, long SimulatorManagedBytesAfter);

/// <summary>
/// <c>wakeword bench soak</c>: a long deterministic recording (espeak-ng sentences and the bundled samples at
/// varied gain, white noise at varied level, silence; all seeded) through the host firmware and the simulator.
/// The traces (features and decisions) must be identical to the last byte, and the host firmware's peak RSS
/// (/usr/bin/time -v) beyond its input buffers after 10 minutes must match the one after the whole run within
/// <see cref="FlatToleranceKilobytes"/>: memory flat.
/// </summary>
public static class SoakService
{
    public const long FlatToleranceKilobytes = 256;

    public static bool IsFlat(IReadOnlyList<SoakMemory> memory) =>
        memory.Count > 0 && memory.Max(m => m.ResidentBeyondInputKilobytes) - memory.Min(m => m.ResidentBeyondInputKilobytes) <= FlatToleranceKilobytes;

    /// <summary>Seeded mix of speech, samples, noise and silence, <paramref name="minutes"/> long.</summary>
    public static short[] Recording(double minutes, IReadOnlyList<short[]> speech, uint seed = 60)
    {
        var total = (long)(minutes * 60 * 48000);
        if (total > int.MaxValue / 2) throw new WakeWordException("--minutes: too long for one recording");
        var pcm = new short[total];
        var samples = BenchRuntimeCommand.LongRecording(Math.Min(minutes, 2.0));
        var s = seed;
        uint Next() { s ^= s << 13; s ^= s >> 17; s ^= s << 5; return s; }
        var pos = 0;
        while (pos < pcm.Length)
        {
            var kind = Next() % 4u;
            if (kind == 0 && speech.Count > 0)
            {
                var clip = speech[(int)(Next() % (uint)speech.Count)];
                var g = Math.Pow(10, (-24 + (int)(Next() % 31u)) / 20.0);
                for (var i = 0; i < clip.Length && pos < pcm.Length; i++, pos++) pcm[pos] = Sat(clip[i] * g);
            }
            else if (kind == 1)
            {
                var len = 48000 + (int)(Next() % (uint)(48000 * 20));
                var start = (int)(Next() % (uint)Math.Max(1, samples.Length - len));
                for (var i = 0; i < len && pos < pcm.Length; i++, pos++) pcm[pos] = samples[(start + i) % samples.Length];
            }
            else if (kind == 2)
            {
                var len = 48000 + (int)(Next() % (uint)(48000 * 30));
                var amp = 1 + (int)(Next() % 3000u);
                for (var i = 0; i < len && pos < pcm.Length; i++, pos++) pcm[pos] = (short)((int)(Next() % (uint)(2 * amp + 1)) - amp);
            }
            else
            {
                var len = (int)(Next() % (uint)(48000 * 15));
                pos = (int)Math.Min(pcm.Length, (long)pos + len); // zeros
            }
        }
        return pcm;
    }

    private static short Sat(double v) => (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue);

    public static SoakResult Run(string packageDir, double minutes, string workDir, Action<string> progress)
    {
        var inv = CultureInfo.InvariantCulture;
        Directory.CreateDirectory(workDir);
        progress("soak: espeak-ng speech");
        var speech = FrontendBenchmark.Speech();
        progress(string.Create(inv, $"soak: {minutes:F0} min recording"));
        var pcm = Recording(minutes, speech);
        var host = new HostTarget();
        var exe = host.Build(packageDir, Path.Combine(workDir, "build-host"));
        const int flags = (int)(TraceFlags.Features | TraceFlags.Decisions);

        var memory = new List<SoakMemory>();
        var checkpoints = new List<double> { Math.Min(10, minutes) };
        if (minutes > 10) checkpoints.Add(minutes);
        string fullTrace = "";
        foreach (var m in checkpoints)
        {
            var n = (int)Math.Min(pcm.Length, (long)(m * 60 * 48000));
            var pcmPath = Path.Combine(workDir, "soak.pcm");
            BenchService.WritePcm(pcmPath, pcm.AsSpan(0, n).ToArray());
            var trace = Path.Combine(workDir, string.Create(inv, $"soak-{m:F0}min.host.trace"));
            progress(string.Create(inv, $"soak: host firmware over the first {m:F0} min under /usr/bin/time -v"));
            var sw = Stopwatch.StartNew();
            var r = ProcessRunner.Run("/usr/bin/time", ["-v", exe, "--in", pcmPath, "--trace", trace, "--flags", flags.ToString(inv)], timeout: TimeSpan.FromHours(2));
            if (r.ExitCode != 0) throw new WakeWordException($"{exe} failed with exit code {r.ExitCode}: {r.StdErr.Split('\n')[0]}");
            var rss = Regex.Match(r.StdErr, @"Maximum resident set size \(kbytes\): (\d+)");
            if (!rss.Success) throw new WakeWordException("/usr/bin/time printed no 'Maximum resident set size'");
            memory.Add(new SoakMemory(m, long.Parse(rss.Groups[1].Value, inv), 2L * n * 2 / 1024, sw.Elapsed.TotalSeconds));
            fullTrace = trace;
        }
        File.Delete(Path.Combine(workDir, "soak.pcm"));

        progress("soak: simulator over the whole recording");
        var simTrace = Path.Combine(workDir, "soak.sim.trace");
        var t = Stopwatch.StartNew();
        SimulationResult sim;
        using (var fs = File.Create(simTrace))
            sim = Simulator.Run(FirmwarePackage.Load(packageDir), pcm, new SimulateOptions(Trace: fs, TraceFlags: (TraceFlags)flags));
        var simS = t.Elapsed.TotalSeconds;
        GC.Collect();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        var diff = TraceComparer.CompareFiles(simTrace, fullTrace);
        return new SoakResult(minutes, sim.Stats.Frames, sim.Stats.Inferences, sim.Stats.Detections, diff.Equal, diff.Equal ? "" : diff.Description,
            new FileInfo(fullTrace).Length, memory, simS, managed);
    }
}
