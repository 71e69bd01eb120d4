using WakeWord.Core;
using WakeWord.Datasets.Check;
using WakeWord.Datasets.Manifest;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Probe;

/// <summary>One named sox effect chain of a probe, for example <c>pitch-300</c> = <c>pitch -300</c>.</summary>
public sealed record ProbeEffect(string Name, IReadOnlyList<string> Sox)
{
    /// <summary>Parses <c>NAME=SOX EFFECTS</c> (name: letters, digits, '.', '+', '-', '_').</summary>
    public static ProbeEffect Parse(string spec)
    {
        var eq = spec.IndexOf('=');
        var name = eq > 0 ? spec[..eq].Trim() : "";
        var sox = eq > 0 ? spec[(eq + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        if (name.Length == 0 || sox.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-' or '_'))
            throw new WakeWordException($"--effect '{spec}': expected NAME=SOX EFFECTS, for example pitch-300=pitch -300");
        return new ProbeEffect(name, sox);
    }
}

/// <summary>
/// <c>wakeword data probe</c>: a robustness probe of a dataset. The clips of one split and label (all speakers, or
/// those whose id contains a <c>--speaker</c> string) go into a new dataset folder as they are and once more through
/// each effect chain (vocal tract scale, pitch, tempo, channel), with speaker "<c>ID EFFECT</c>", next to the
/// split's streams and their labels. <c>wakeword eval --data PROBE</c> then sets its thresholds on the same streams
/// as on the original split and lists the share of each speaker and effect accepted (<c>WakeBySpeaker</c>, at
/// <c>--breakdown-threshold</c>): how much a model's decision depends on the vocal tract, the voice's pitch or the
/// channel. The output appears whole or not at all and passes the dataset check.
/// </summary>
public static class ProbeBuilder
{
    /// <summary>
    /// Vocal tract 10 % longer and 10 / 20 % shorter (sox <c>speed</c>: formants, pitch and tempo together), formants and
    /// pitch ±300 cents at the same tempo, tempo alone ±15 %, and four channels: high-pass 300 Hz, low-pass 4 kHz,
    /// 8 dB less bass, 8 dB less treble (all attenuating, so nothing clips).
    /// </summary>
    public static readonly IReadOnlyList<ProbeEffect> DefaultEffects =
    [
        new("speed0.9", ["speed", "0.9"]), new("speed1.1", ["speed", "1.1"]), new("speed1.2", ["speed", "1.2"]),
        new("pitch-300", ["pitch", "-300"]), new("pitch+300", ["pitch", "300"]),
        new("tempo0.85", ["tempo", "0.85"]), new("tempo1.15", ["tempo", "1.15"]),
        new("highpass300", ["highpass", "300"]), new("lowpass4k", ["lowpass", "4000"]),
        new("bass-8", ["bass", "-8"]), new("treble-8", ["treble", "-8"]),
    ];

    private sealed record Item(ManifestEntry From, ProbeEffect? Effect, ManifestEntry To);

    /// <summary>Writes the probe into <paramref name="outDir"/> (replaced atomically); returns its manifest entries.</summary>
    public static IReadOnlyList<ManifestEntry> Build(string dataDir, string outDir, string split, string label,
        IReadOnlyList<string> speakers, IReadOnlyList<ProbeEffect> effects, int jobs = 0)
    {
        var manifest = Path.Combine(dataDir, DatasetManifest.FileName);
        if (!File.Exists(manifest)) throw new WakeWordException($"{dataDir}: --data has no {DatasetManifest.FileName}");
        if (!DatasetSplits.All.Contains(split)) throw new WakeWordException($"--split: unknown split '{split}' (expected {string.Join(", ", DatasetSplits.All)})");
        if (label == DatasetLabels.Stream || !DatasetLabels.All.Contains(label))
            throw new WakeWordException($"--label: expected a clip label ({string.Join(", ", DatasetLabels.All.Where(l => l != DatasetLabels.Stream))}), got '{label}'");
        var (from, to) = (Path.GetFullPath(dataDir).TrimEnd('/') + "/", Path.GetFullPath(outDir).TrimEnd('/') + "/");
        if (to.StartsWith(from, StringComparison.Ordinal) || from.StartsWith(to, StringComparison.Ordinal))
            throw new WakeWordException($"--out {outDir}: must lie outside --data {dataDir} (the probe folder is replaced as a whole)");
        var dup = effects.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup != null) throw new WakeWordException($"--effect: name '{dup.Key}' given twice");
        var entries = DatasetManifest.Read(manifest);
        var clips = entries.Where(e => e.Split == split && e.Label == label
                                       && (speakers.Count == 0 || speakers.Any(s => e.Speaker.Contains(s, StringComparison.Ordinal)))).ToList();
        if (clips.Count == 0)
            throw new WakeWordException($"{manifest}: no {label} clips in split {split}" + (speakers.Count > 0 ? $" from speakers matching {string.Join(", ", speakers)}" : ""));
        var streams = entries.Where(e => e.Split == split && e.Label == DatasetLabels.Stream).ToList();

        var items = new List<Item>();
        for (var i = 0; i < clips.Count; i++)
        {
            var c = clips[i];
            items.Add(new Item(c, null, c with { Path = $"{split}/{label}/probe-{i:D5}.wav" }));
            foreach (var fx in effects)
                items.Add(new Item(c, fx, c with { Path = $"{split}/{label}/probe-{i:D5}-{fx.Name}.wav", Speaker = $"{c.Speaker} {fx.Name}" }));
        }
        AtomicOutput.WriteDirectory(outDir, tmp =>
        {
            Parallelism.ForEach(items, jobs > 0 ? jobs : Environment.ProcessorCount, it => Render(dataDir, tmp, it));
            foreach (var s in streams)
            {
                Copy(Path.Combine(dataDir, s.Path), Path.Combine(tmp, s.Path));
                var labels = StreamLabels.PathFor(Path.Combine(dataDir, s.Path));
                if (File.Exists(labels)) Copy(labels, StreamLabels.PathFor(Path.Combine(tmp, s.Path)));
            }
            DatasetManifest.Write(Path.Combine(tmp, DatasetManifest.FileName), [.. items.Select(i => i.To), .. streams]);
            var report = DatasetChecker.Check(tmp);
            if (!report.Ok)
                throw new WakeWordException($"{outDir}: probe fails the dataset check ({report.Problems.Count} problems), first: {report.Problems[0]}");
        });
        return [.. items.Select(i => i.To), .. streams];
    }

    private static void Render(string dataDir, string tmp, Item it)
    {
        var src = Path.Combine(dataDir, it.From.Path);
        var dst = Path.Combine(tmp, it.To.Path);
        if (it.Effect == null)
        {
            Copy(src, dst);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(dst)!);
        // -R -D: repeatable, no dither (as data synth), so the same probe gives the same bytes; 48 kHz 16-bit mono
        // out (sox adds the rate conversion that speed and pitch need).
        var r = ProcessRunner.Run("sox", ["-R", "-D", src, "-r", "48000", "-c", "1", "-b", "16", dst, .. it.Effect.Sox]);
        if (r.ExitCode != 0 || !File.Exists(dst))
            throw new WakeWordException($"{src}: sox effect '{it.Effect.Name}' ({string.Join(' ', it.Effect.Sox)}) failed: {r.StdErr.Trim()}");
    }

    private static void Copy(string src, string dst)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(dst)!);
        File.Copy(src, dst);
    }
}
