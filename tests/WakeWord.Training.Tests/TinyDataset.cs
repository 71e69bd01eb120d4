using WakeWord.Datasets.Audio;
using WakeWord.Datasets.Manifest;

namespace WakeWord.Training.Tests;

/// <summary>
/// Writes a small dataset folder of 48 kHz WAVs: "wake" is a two-tone whistle, "speech" a band of noise bursts,
/// "background" quiet noise; plus one short negative test stream and, optionally, a training stream, each with a
/// labels file (every third speech second a "confusable", the others "sentence"). Enough for the pipeline to learn
/// something.
/// </summary>
internal static class TinyDataset
{
    public static string Write(string dir, int perClass = 8, int seed = 1, double streamSeconds = 20, double trainStreamSeconds = 0)
    {
        Directory.CreateDirectory(dir);
        var rng = new Random(seed);
        var entries = new List<ManifestEntry>();
        string[] splits = ["train", "train", "train", "train", "val", "test"];
        for (var n = 0; n < perClass * 3; n++)
        {
            var label = (n % 3) switch { 0 => "wake", 1 => "speech", _ => "background" };
            var split = splits[(n / 3) % splits.Length];
            var pcm = Clip(label, rng, 48000 * 9 / 10);
            var rel = $"{label}/{n:D3}.wav";
            Directory.CreateDirectory(Path.Combine(dir, label));
            DatasetWav.WriteMono16(Path.Combine(dir, rel), pcm);
            var speaker = $"{split}-voice";
            entries.Add(new ManifestEntry(rel, label, split, speaker, label == "wake" ? "tone \"hey tone\"" : "tone"));
        }
        foreach (var (seconds, split, name) in new[] { (streamSeconds, "test", "s0"), (trainStreamSeconds, "train", "t0") })
        {
            if (seconds <= 0) continue;
            var stream = new List<short>();
            var labels = new List<StreamLabel>();
            while (stream.Count < seconds * 48000)
            {
                var speech = rng.Next(2) == 0;
                if (speech)
                    labels.Add(new StreamLabel(stream.Count / 48000.0, stream.Count / 48000.0 + 1, labels.Count % 3 == 0 ? "confusable" : "sentence", "tones"));
                stream.AddRange(Clip(speech ? "speech" : "background", rng, 48000));
            }
            Directory.CreateDirectory(Path.Combine(dir, "stream"));
            DatasetWav.WriteMono16(Path.Combine(dir, $"stream/{name}.wav"), stream.ToArray());
            StreamLabels.Write(Path.Combine(dir, $"stream/{name}{StreamLabels.Suffix}"), labels);
            entries.Add(new ManifestEntry($"stream/{name}.wav", "stream", split, $"{split}-voice", "tone"));
        }
        DatasetManifest.Write(Path.Combine(dir, DatasetManifest.FileName), entries);
        return dir;
    }

    public static short[] Clip(string label, Random rng, int length)
    {
        var x = new short[length];
        var start = rng.Next(length / 8, length / 4);
        for (var i = 0; i < length; i++)
        {
            var noise = (rng.NextDouble() * 2 - 1) * 200;
            double s = 0;
            var t = (i - start) / 48000.0;
            if (label == "wake" && t >= 0 && t < 0.5) s = 8000 * Math.Sin(2 * Math.PI * (t < 0.25 ? 900 : 2400) * t);
            if (label == "speech" && t >= 0 && t < 0.5 && ((int)(t * 12) & 1) == 0) s = (rng.NextDouble() * 2 - 1) * 6000;
            x[i] = (short)Math.Clamp(noise + s, short.MinValue, short.MaxValue);
        }
        return x;
    }
}
