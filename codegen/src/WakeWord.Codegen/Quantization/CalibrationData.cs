using System.Collections.Immutable;
using System.Globalization;
using WakeWord.Core;
using WakeWord.Onnx;
using WakeWord.Sim.Audio;
using WakeWord.Sim.Frontend;

namespace WakeWord.Codegen.Quantization;

/// <summary>Per-coefficient feature normalization from the model metadata: x = (f - Mean[c]) / Std[c], f in int16 feature LSBs.</summary>
public sealed record FeatureNormalization(float[] Mean, float[] Std)
{
    public int Features => Mean.Length;

    public static FeatureNormalization FromMetadata(IReadOnlyDictionary<string, string> meta, int features, string source)
    {
        float[] Read(string key)
        {
            if (!meta.TryGetValue(key, out var s)) throw new WakeWordException($"{source}: metadata '{key}' is missing");
            var parts = s.Split(',');
            if (parts.Length != features) throw new WakeWordException($"{source}: metadata '{key}' has {parts.Length} values, expected {features}");
            var v = new float[features];
            for (var i = 0; i < features; i++)
                if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !float.IsFinite(v[i]))
                    throw new WakeWordException($"{source}: metadata '{key}' value {i} ('{parts[i]}') is not a finite number");
            return v;
        }
        var mean = Read(CrnnMetadata.MeanKey);
        var std = Read(CrnnMetadata.StdKey);
        for (var i = 0; i < features; i++)
            if (!(std[i] > 0)) throw new WakeWordException($"{source}: metadata '{CrnnMetadata.StdKey}' value {i} is not positive");
        return new FeatureNormalization(mean, std);
    }

    /// <summary>Normalized float features of one window (frames x features, row-major).</summary>
    public float[] Normalize(ReadOnlySpan<short> window)
    {
        var x = new float[window.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var c = i % Features;
            x[i] = (window[i] - Mean[c]) / Std[c];
        }
        return x;
    }
}

/// <summary>Feature windows (int16, frames x features) for calibration and validation.</summary>
public static class CalibrationData
{
    /// <summary>Windows of <paramref name="frames"/> frames every <paramref name="hop"/> frames of one recording's features.</summary>
    public static IEnumerable<short[]> Windows(short[] features, int featuresPerFrame, int frames = 98, int hop = 10)
    {
        var total = features.Length / featuresPerFrame;
        for (var start = 0; start + frames <= total; start += hop)
            yield return features.AsSpan(start * featuresPerFrame, frames * featuresPerFrame).ToArray();
    }

    /// <summary>Runs the bit-exact front end over WAV files and cuts their windows (a clip shorter than one window is zero-padded at the front).</summary>
    public static List<short[]> FromWavs(IEnumerable<string> wavs, FrontendConfig config, int frames = 98, int hop = 10)
    {
        var tables = new FrontendTables(config);
        var list = new List<short[]>();
        foreach (var path in wavs)
        {
            var f = Frontend.ComputeAll(tables, WavFile.ReadMono48k(path));
            var nf = config.Features;
            if (f.Length / nf < frames)
            {
                var padded = new short[frames * nf];
                f.CopyTo(padded, padded.Length - f.Length);
                f = padded;
            }
            list.AddRange(Windows(f, nf, frames, hop));
        }
        if (list.Count == 0) throw new WakeWordException("calibration: no WAV windows");
        return list;
    }

    /// <summary>
    /// Synthetic windows that look like normalized speech features: per coefficient a slowly varying Gaussian
    /// process around the training mean with the training std, with occasional louder bursts. Seeded.
    /// </summary>
    public static List<short[]> Synthetic(FeatureNormalization norm, int count, int seed, int frames = 98)
    {
        var rng = new Random(seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var nf = norm.Features;
        var list = new List<short[]>(count);
        for (var k = 0; k < count; k++)
        {
            var w = new short[frames * nf];
            var state = new double[nf];
            var gain = 0.5 + rng.NextDouble();
            for (var t = 0; t < frames; t++)
            {
                var burst = rng.NextDouble() < 0.05 ? 2.0 : 1.0;
                for (var c = 0; c < nf; c++)
                {
                    state[c] = 0.8 * state[c] + 0.6 * Gauss();
                    var v = norm.Mean[c] + norm.Std[c] * state[c] * gain * burst;
                    w[t * nf + c] = (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue);
                }
            }
            list.Add(w);
        }
        return list;
    }

    /// <summary>Names of the calibration inputs for reports.</summary>
    public static ImmutableArray<string> Describe(IEnumerable<string> wavs) => [.. wavs.Select(Path.GetFileName).OfType<string>()];
}
