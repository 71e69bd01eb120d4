using WakeWord.Core;
using WakeWord.Sim.Audio;
using WakeWord.Datasets.Manifest;
using WakeWord.Onnx;
using WakeWord.Sim.Frontend;

namespace WakeWord.Training.Data;

/// <summary>How clips become training features.</summary>
public sealed record FeatureOptions
{
    /// <summary>Model window in frames (the CRNN input height).</summary>
    public int WindowFrames { get; init; } = 98;
    /// <summary>Extra frames computed on each side of the window, the room for random time shifts.</summary>
    public int ShiftFrames { get; init; } = 64;
    /// <summary>Augmented copies per training clip (gain, noise mixing), besides the clean clip.</summary>
    public int AugmentVariants { get; init; } = 4;
    public double MinGainDb { get; init; } = -10;
    public double MaxGainDb { get; init; } = 6;
    public double MinSnrDb { get; init; } = 3;
    public double MaxSnrDb { get; init; } = 20;
    /// <summary>Speed perturbation range of augmented copies (1 = off): tempo, pitch and formants scaled together.</summary>
    public double MinSpeed { get; init; } = 0.85;
    public double MaxSpeed { get; init; } = 1.2;
    /// <summary>Tempo perturbation range of augmented copies, after the speed perturbation (<see cref="ClipAudio.Tempo"/>:
    /// rate alone, pitch and formants kept); 1,1 (the default) = off, and then no random draw is made for it.</summary>
    public double MinTempo { get; init; } = 1;
    public double MaxTempo { get; init; } = 1;
    /// <summary>Random colouring of augmented copies (<see cref="ClipAudio.Colour"/>): peaking EQ up to ± this many dB
    /// between 300 Hz and 4 kHz, and a first-order tilt up to ± half this in tenths (0 = off).</summary>
    public double ColourDb { get; init; }
    /// <summary>
    /// Non-wake training clips are cut at a random place of the clip padded with <see cref="NegativePadSeconds"/> of
    /// silence on each side (every copy its own cut), so training sees the starts and ends of sentences and words
    /// next to silence, as a stream shows them, not only their loudest middle; 0 (the default, which measured better:
    /// docs/training.md) = the loudest part, as for wake clips.
    /// </summary>
    public double NegativePadSeconds { get; init; }
    /// <summary>
    /// Cepstral coefficients the model uses, c0 up to c(N-1); the higher ones are ignored (default 13, the classic
    /// speech front end's c0..c12; 0 = all 23). An ignored
    /// coefficient gets the normalization std <see cref="TrainingData.IgnoredStd"/>, so its normalized value is below
    /// 1e-4 in training and in the exported model, and the device's feature quantizer maps it to the input zero point
    /// exactly: the model cannot learn from the fine spectral detail (pitch harmonics, a synthesizer's or a speaker's
    /// spectral fine structure) those coefficients carry. The log-energy feature, the last, is always used.
    /// </summary>
    public int Coefficients { get; init; } = 13;
    public int Seed { get; init; } = 1;
    public int Threads { get; init; } = 1;
    /// <summary>Feature cache folder; null computes every time.</summary>
    public string? CacheDir { get; init; }
}

/// <summary>
/// A training-split stream: its int16 front-end features from power-on and, per frame, whether a labelled utterance
/// covers it (prefix sums: <c>SpeechPrefix[t]</c> = speech frames before frame t).
/// </summary>
internal sealed record StreamClip(ManifestEntry Entry, short[] Features, int Frames, int[] SpeechPrefix);

/// <summary>A manifest clip with its int16 front-end features: variant 0 clean, then augmented copies.</summary>
internal sealed record DatasetClip(ManifestEntry Entry, int Label, short[][] Variants, int Frames, int[] Spans)
{
    public int SpanStart => Spans[0];
    public int SpanEnd => Spans[1];
}

/// <summary>
/// A dataset folder (manifest.csv plus 48 kHz WAVs) turned into front-end features for training: clips of the
/// train, val and test splits fitted to the window plus shift room, train clips augmented, per-coefficient mean
/// and std over the clean training windows (int16 feature LSB units), and the long "stream" negatives listed for
/// evaluation.
/// </summary>
internal sealed class TrainingData
{
    public required string Root { get; init; }
    public required FrontendConfig Frontend { get; init; }
    public required FeatureOptions Options { get; init; }
    public required List<DatasetClip> Train { get; init; }
    public required List<DatasetClip> Val { get; init; }
    public required List<DatasetClip> Test { get; init; }
    /// <summary>Streams of the train split (continuous negative audio; eval streams of other splits are not loaded).</summary>
    public required List<StreamClip> TrainStreams { get; init; }
    public required float[] Mean { get; init; }
    public required float[] Std { get; init; }

    /// <summary>Class index of confusable-phrase clips when they have a class of their own.</summary>
    public const int ConfusableLabel = 3;

    /// <summary>Class index of a manifest label in the default class order, or -1 for streams.</summary>
    public static int LabelIndex(string label) => label switch
    {
        DatasetLabels.Wake => 0,
        DatasetLabels.Speech => 1,
        DatasetLabels.Background => 2,
        _ => -1,
    };

    /// <param name="trainStreams">Also load the training streams' features (false when no stream windows are drawn:
    /// a teacher of the recipe skips their 3 h).</param>
    public static TrainingData Load(string dataDir, FrontendConfig frontend, FeatureOptions o, Action<string>? log = null, bool trainStreams = true)
    {
        var manifestPath = Path.Combine(dataDir, DatasetManifest.FileName);
        var entries = DatasetManifest.Read(manifestPath);
        var cache = new FeatureCache(frontend, o.CacheDir);
        var frames = o.WindowFrames + 2 * o.ShiftFrames;
        var samples = ClipAudio.SamplesForFrames(frontend, frames);
        var clips = entries.Where(e => e.Label != DatasetLabels.Stream).ToList();
        var streams = trainStreams ? entries.Where(e => e.Label == DatasetLabels.Stream && e.Split == DatasetSplits.Train).ToList() : [];
        if (!clips.Any(e => e.Split == DatasetSplits.Train))
            throw new WakeWordException($"{manifestPath}: no clips in split 'train'");

        // Noise for mixing: the training split's background clips, fitted to the clip length.
        var noiseEntries = clips.Where(e => e.Split == DatasetSplits.Train && e.Label == DatasetLabels.Background).ToList();
        var noise = new short[noiseEntries.Count][];
        var po = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.Threads) };
        Parallel.For(0, noiseEntries.Count, po, i => noise[i] = ClipAudio.Fit(Read(dataDir, noiseEntries[i]), samples));

        var result = new DatasetClip[clips.Count];
        var done = 0;
        Parallel.For(0, clips.Count, po, i =>
        {
            var e = clips[i];
            var raw = Read(dataDir, e);
            var train = e.Split == DatasetSplits.Train;
            var randomCut = train && e.Label != DatasetLabels.Wake && o.NegativePadSeconds > 0;
            var pad = (int)Math.Round(o.NegativePadSeconds * frontend.InputRate);
            var cutRng = new Random(Trainer.Mix(o.Seed, -1, StableIndex(e.Path)));
            var pcm = randomCut ? ClipAudio.Cut(raw, samples, pad, cutRng) : ClipAudio.Fit(raw, samples);
            var nv = train ? 1 + o.AugmentVariants : 1;
            var variants = new short[nv][];
            var spans = new int[2 * nv];
            variants[0] = Check(cache.Compute(pcm), frames, cache.Features, e);
            var (a, b) = SpeechSpan.Find(variants[0], frames, cache.Features, cache.Features - 1, frontend.FeatureFracBits);
            spans[0] = a;
            spans[1] = b;
            for (var v = 1; v < nv; v++)
            {
                var rng = new Random(Trainer.Mix(o.Seed, v, StableIndex(e.Path)));
                var gain = o.MinGainDb + rng.NextDouble() * (o.MaxGainDb - o.MinGainDb);
                var snr = o.MinSnrDb + rng.NextDouble() * (o.MaxSnrDb - o.MinSnrDb);
                var speed = o.MinSpeed + rng.NextDouble() * (o.MaxSpeed - o.MinSpeed);
                var n = noise.Length > 0 ? noise[rng.Next(noise.Length)] : [];
                // Speed first (on the clip as recorded, so nothing is cut that the original window kept), then fit.
                var sped = Math.Abs(speed - 1) > 1e-9 ? ClipAudio.Speed(raw, speed) : raw;
                if (o.MinTempo != 1 || o.MaxTempo != 1)
                {
                    var tempo = o.MinTempo + rng.NextDouble() * (o.MaxTempo - o.MinTempo);
                    sped = ClipAudio.Tempo(sped, tempo);
                    speed *= tempo; // the spoken span scales with rate alone below
                }
                var src = randomCut ? ClipAudio.Cut(sped, samples, pad, rng) : ReferenceEquals(sped, raw) ? pcm : ClipAudio.Fit(sped, samples);
                if (o.ColourDb > 0)
                {
                    var centre = 300 * Math.Pow(4000 / 300.0, rng.NextDouble());
                    var eq = (2 * rng.NextDouble() - 1) * o.ColourDb;
                    var tilt = (2 * rng.NextDouble() - 1) * o.ColourDb / 20;
                    src = ClipAudio.Colour(src, centre, eq, tilt);
                }
                variants[v] = Check(cache.Compute(ClipAudio.Augment(src, n, gain, snr, rng)), frames, cache.Features, e);
                // The spoken span scales about the centre of the fitted clip (randomly cut clips: unknown).
                if (randomCut) { spans[2 * v] = spans[2 * v + 1] = -1; continue; }
                var mid = (frames - 1) / 2.0;
                spans[2 * v] = a < 0 ? -1 : Math.Clamp((int)Math.Round(mid + (a - mid) / speed), 0, frames - 1);
                spans[2 * v + 1] = b < 0 ? -1 : Math.Clamp((int)Math.Round(mid + (b - mid) / speed), 0, frames - 1);
            }
            result[i] = new DatasetClip(e, LabelIndex(e.Label), variants, frames, spans);
            var d = Interlocked.Increment(ref done);
            if (log != null && d % 500 == 0) log($"features: {d}/{clips.Count} clips");
        });
        log?.Invoke($"features: {clips.Count} clips, cache hits {cache.Hits}, computed {cache.Misses}");

        var streamClips = new StreamClip[streams.Count];
        Parallel.For(0, streams.Count, po, i => streamClips[i] = LoadStream(dataDir, streams[i], cache, frontend));
        if (streams.Count > 0)
            log?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"features: {streams.Count} training streams, {streamClips.Sum(t => t.Frames) / 360000.0:0.00} h"));

        var train = result.Where(c => c.Entry.Split == DatasetSplits.Train).ToList();
        var (mean, std) = Normalization(train, o.WindowFrames, o.ShiftFrames, cache.Features, o.Coefficients);
        return new TrainingData
        {
            Root = dataDir, Frontend = frontend, Options = o, Train = train,
            Val = result.Where(c => c.Entry.Split == DatasetSplits.Val).ToList(),
            Test = result.Where(c => c.Entry.Split == DatasetSplits.Test).ToList(),
            TrainStreams = [.. streamClips], Mean = mean, Std = std,
        };
    }

    /// <summary><see cref="FeatureOptions.Coefficients"/> against the front end's <paramref name="nf"/> features (cepstra and log-energy).</summary>
    public static void CheckCoefficients(int coefficients, int nf)
    {
        if (coefficients < 0 || coefficients > nf - 1)
            throw new WakeWordException($"--coefficients: {coefficients} is not in 0..{nf - 1} (the front end gives {nf - 1} cepstral coefficients and log-energy)");
    }

    /// <summary>The normalization std of a coefficient the model ignores (<see cref="FeatureOptions.Coefficients"/>).</summary>
    public const float IgnoredStd = 1e9f;

    /// <summary>The features a model with normalization std <paramref name="std"/> uses: those without <see cref="IgnoredStd"/>, in order.</summary>
    public static int[] UsedFeatures(IReadOnlyList<float> std) => [.. Enumerable.Range(0, std.Count).Where(k => std[k] != IgnoredStd)];

    /// <summary>
    /// Per-coefficient mean and standard deviation (floor 1 LSB) over the centred clean training windows; cepstral
    /// coefficients from <paramref name="coefficients"/> on (not the last feature, log-energy) get <see cref="IgnoredStd"/>
    /// (0 = none).
    /// </summary>
    public static (float[] Mean, float[] Std) Normalization(IReadOnlyList<DatasetClip> train, int window, int offset, int nf, int coefficients = 0)
    {
        CheckCoefficients(coefficients, nf);
        var sum = new double[nf];
        var sq = new double[nf];
        long n = 0;
        foreach (var c in train)
        {
            var f = c.Variants[0];
            for (var t = offset; t < offset + window; t++)
            {
                for (var k = 0; k < nf; k++)
                {
                    double v = f[t * nf + k];
                    sum[k] += v;
                    sq[k] += v * v;
                }
                n++;
            }
        }
        var mean = new float[nf];
        var std = new float[nf];
        for (var k = 0; k < nf; k++)
        {
            var m = n > 0 ? sum[k] / n : 0;
            mean[k] = (float)m;
            std[k] = (float)Math.Max(1.0, Math.Sqrt(Math.Max(0, (n > 0 ? sq[k] / n : 0) - m * m)));
            if (coefficients > 0 && k >= coefficients && k < nf - 1) std[k] = IgnoredStd;
        }
        return (mean, std);
    }

    /// <summary>
    /// Normalized float samples for the trainer: x = (f - mean) / std. Negative clips whose source kind (the source
    /// column before ':') is "confusable" get loss weight <paramref name="confusableWeight"/>.
    /// </summary>
    /// <remarks><paramref name="clipWeights"/> (one per clip, e.g. <see cref="EngineBalance"/>) multiplies each clip's weight.</remarks>
    public List<TrainSample> Samples(IReadOnlyList<DatasetClip> clips, float confusableWeight = 1f, bool confusableClass = false,
        IReadOnlyList<float>? clipWeights = null)
    {
        if (clipWeights != null && clipWeights.Count != clips.Count)
            throw new ArgumentException($"{clipWeights.Count} weights for {clips.Count} clips", nameof(clipWeights));
        var list = new List<TrainSample>(clips.Count);
        for (var i = 0; i < clips.Count; i++)
        {
            var c = clips[i];
            var vs = new float[c.Variants.Length][];
            for (var v = 0; v < vs.Length; v++) vs[v] = Normalize(c.Variants[v], Mean, Std);
            var hard = c.Entry.Label != DatasetLabels.Wake && c.Entry.Source.StartsWith("confusable:", StringComparison.OrdinalIgnoreCase);
            list.Add(new TrainSample(vs, c.Frames, hard && confusableClass ? ConfusableLabel : c.Label, c.Entry.Path, c.SpanStart, c.SpanEnd)
            {
                VariantSpans = c.Spans, Weight = (hard ? confusableWeight : 1f) * (clipWeights?[i] ?? 1f),
            });
        }
        return list;
    }

    /// <summary>The engine of a manifest speaker ("flite:awb" gives "flite"; a speaker without ':' is its own engine).</summary>
    public static string Engine(string speaker) => speaker.IndexOf(':') is var k and > 0 ? speaker[..k] : speaker;

    /// <summary>One (manifest label, engine) group of <see cref="EngineBalance"/>: its clips and their weight.</summary>
    public sealed record EngineGroup(string Label, string Engine, int Clips, float Weight);

    /// <summary>
    /// Engine balance P: each clip's weight n^-P, n the clips of its manifest label (wake, speech, background) from its
    /// engine, scaled so that every label's mean weight is 1 (P = 1: every engine the same share of its label; P = 0:
    /// all 1). Returns the per-clip weights and the groups, ordered by label and engine.
    /// </summary>
    public static (float[] PerClip, EngineGroup[] Groups) EngineBalance(IReadOnlyList<DatasetClip> clips, double power)
    {
        var keys = clips.Select(c => (c.Entry.Label, Engine: Engine(c.Entry.Speaker))).ToArray();
        var counts = keys.CountBy(k => k).ToDictionary();
        // Mean of n^-P over a label's clips: the sum over its engines of n * n^-P, divided by the label's clips.
        var labelMean = counts.GroupBy(kv => kv.Key.Label).ToDictionary(g => g.Key,
            g => g.Sum(kv => kv.Value * Math.Pow(kv.Value, -power)) / g.Sum(kv => kv.Value));
        float Weight((string Label, string Engine) k) => (float)(Math.Pow(counts[k], -power) / labelMean[k.Label]);
        var groups = counts.OrderBy(kv => kv.Key.Label, StringComparer.Ordinal).ThenBy(kv => kv.Key.Engine, StringComparer.Ordinal)
            .Select(kv => new EngineGroup(kv.Key.Label, kv.Key.Engine, kv.Value, Weight(kv.Key))).ToArray();
        return ([.. keys.Select(Weight)], groups);
    }

    /// <summary>
    /// <paramref name="windows"/> training entries spread over the training streams (each stream listed in proportion
    /// to its length, at least once); every entry gives one random window per epoch (<see cref="WindowSampler"/>),
    /// labelled speech when a labelled utterance covers some of it, else background.
    /// </summary>
    public List<TrainSample> StreamSamples(int windows)
    {
        var list = new List<TrainSample>();
        if (TrainStreams.Count == 0 || windows <= 0) return list;
        long total = TrainStreams.Sum(t => (long)t.Frames);
        foreach (var st in TrainStreams)
        {
            var sample = new TrainSample([Normalize(st.Features, Mean, Std)], st.Frames, LabelIndex(DatasetLabels.Speech), st.Entry.Path)
            {
                SpeechPrefix = st.SpeechPrefix,
            };
            var copies = Math.Max(1, (int)Math.Round((double)windows * st.Frames / total));
            for (var k = 0; k < copies; k++) list.Add(sample);
        }
        return list;
    }

    private static StreamClip LoadStream(string root, ManifestEntry e, FeatureCache cache, FrontendConfig frontend)
    {
        var pcm = Read(root, e);
        var f = cache.Compute(pcm);
        var frames = f.Length / cache.Features;
        var labelsPath = StreamLabels.PathFor(Path.Combine(root, e.Path));
        if (!File.Exists(labelsPath))
            throw new WakeWordException($"{labelsPath}: labels file of training stream '{e.Path}' not found (made by data synth)");
        var speech = new bool[frames];
        var hopSeconds = (double)frontend.Hop / frontend.SampleRate;
        var frameSeconds = (double)frontend.FrameLength / frontend.SampleRate;
        foreach (var l in StreamLabels.Read(labelsPath))
        {
            // Frame t covers [t * hop, t * hop + frame length) seconds.
            var first = Math.Max(0, (int)Math.Ceiling((l.Start - frameSeconds) / hopSeconds));
            var last = Math.Min(frames - 1, (int)Math.Floor(l.End / hopSeconds));
            for (var t = first; t <= last; t++) speech[t] = true;
        }
        var prefix = new int[frames + 1];
        for (var t = 0; t < frames; t++) prefix[t + 1] = prefix[t] + (speech[t] ? 1 : 0);
        return new StreamClip(e, f, frames, prefix);
    }

    public static float[] Normalize(ReadOnlySpan<short> f, float[] mean, float[] std)
    {
        var nf = mean.Length;
        var r = new float[f.Length];
        for (var i = 0; i < f.Length; i++)
        {
            var k = i % nf;
            r[i] = (f[i] - mean[k]) / std[k];
        }
        return r;
    }

    /// <summary>
    /// Up to <paramref name="max"/> centred clean int16 windows [WindowFrames][features] of <paramref name="clips"/>,
    /// taken evenly across the list (for codegen's calibration and validation).
    /// </summary>
    public List<short[]> Windows(IReadOnlyList<DatasetClip> clips, int max)
    {
        var nf = Mean.Length;
        var w = Options.WindowFrames;
        var list = new List<short[]>();
        var n = Math.Min(max, clips.Count);
        for (var k = 0; k < n; k++)
        {
            var c = clips[(int)((long)k * clips.Count / n)];
            var off = (c.Frames - w) / 2;
            list.Add(c.Variants[0].AsSpan(off * nf, w * nf).ToArray());
        }
        return list;
    }

    internal static short[] Read(string root, ManifestEntry e)
    {
        var path = Path.Combine(root, e.Path);
        if (!File.Exists(path)) throw new WakeWordException($"{path}: WAV listed in manifest.csv not found (path '{e.Path}')");
        return WavFile.ReadMono48k(path);
    }

    private static short[] Check(short[] f, int frames, int nf, ManifestEntry e)
    {
        if (f.Length < frames * nf) throw new WakeWordException($"{e.Path}: front end gave {f.Length / nf} frames, expected {frames}");
        return f.Length == frames * nf ? f : f.AsSpan(0, frames * nf).ToArray();
    }

    /// <summary>A stable (process-independent) integer from a path, for per-clip seeds.</summary>
    private static int StableIndex(string s)
    {
        var h = 2166136261u;
        foreach (var ch in s) h = (h ^ ch) * 16777619u;
        return (int)(h & 0x7FFFFFFF);
    }
}
