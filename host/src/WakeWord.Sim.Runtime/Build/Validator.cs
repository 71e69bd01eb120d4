using WakeWord.Core;
using WakeWord.Sim.Audio;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Sim.Runtime.Build;

/// <summary>Outcome of one input: firmware trace vs simulator trace.</summary>
public sealed record ValidationCase(string Input, TraceDiff Diff, int Records, long TraceBytes, string FirmwareOutput, SimulationResult Simulation)
{
    public bool Equal => Diff.Equal;
}

/// <summary>
/// <c>wakeword validate</c>: builds the package for a target, runs the firmware and the simulator on
/// each WAV (converted to 48 kHz mono int16 first, as the firmware path requires) and compares the
/// traces byte for byte.
/// </summary>
public static class Validator
{
    /// <summary>Builds once, then checks every input. <paramref name="log"/> gets one line per step.</summary>
    public static IReadOnlyList<ValidationCase> Run(string packageDir, string targetName, IReadOnlyList<string> wavs,
        FirmwareRunOptions options, string workDir, TextWriter? log = null)
    {
        if (wavs.Count == 0) throw new WakeWordException("--in: give at least one WAV file");
        foreach (var w in wavs) if (!File.Exists(w)) throw new WakeWordException($"{w}: input not found");
        var package = FirmwarePackage.Load(packageDir);
        var target = FirmwareTargets.Get(targetName);
        Directory.CreateDirectory(workDir);
        log?.WriteLine($"building {targetName} firmware for {packageDir} ...");
        var program = target.Build(packageDir, Path.Combine(workDir, "build-" + targetName));
        var results = new List<ValidationCase>();
        var n = 0;
        foreach (var wav in wavs)
        {
            var pcm = WavFile.Read(wav).ToMono48k();
            var stem = $"{n++:D3}-{Path.GetFileNameWithoutExtension(wav)}";
            var pcmPath = Path.Combine(workDir, stem + ".pcm");
            var bytes = new byte[pcm.Length * 2];
            Buffer.BlockCopy(pcm, 0, bytes, 0, bytes.Length);
            File.WriteAllBytes(pcmPath, bytes);
            var fwTrace = Path.Combine(workDir, $"{stem}.{targetName}.trace");
            var simTrace = Path.Combine(workDir, $"{stem}.sim.trace");
            if (File.Exists(fwTrace)) File.Delete(fwTrace);
            log?.WriteLine($"running {targetName} firmware on {wav} ...");
            var run = target.Run(program, pcmPath, fwTrace, options);
            if (!File.Exists(run.TracePath)) throw new WakeWordException($"{run.TracePath}: the {targetName} firmware wrote no trace");
            SimulationResult sim;
            using (var fs = File.Create(simTrace))
                sim = Simulator.Run(package, pcm, new SimulateOptions(options.Dma, options.Burst, fs, (TraceFlags)options.TraceFlags));
            var a = File.ReadAllBytes(run.TracePath);
            var e = File.ReadAllBytes(simTrace);
            var diff = TraceComparer.Compare(e, a, "simulator", targetName);
            var records = diff.Equal ? TraceFile.Parse(e, simTrace).Records.Count : 0;
            results.Add(new ValidationCase(wav, diff, records, a.Length, run.Output, sim));
        }
        return results;
    }
}
