using System.Diagnostics;
using WakeWord.Onnx;
using WakeWord.Training.Data;
using WakeWord.Training.Model;
using WakeWord.Training.Optim;
using WakeWord.Training.Quantization;

namespace WakeWord.Training;

/// <summary>One epoch's figures, as written to train.json and plotted in curves.png.</summary>
public sealed record EpochRecord(int Epoch, string Phase, double TrainLoss, double TrainAccuracy, double ValLoss,
    double ValAccuracy, double Seconds);

/// <summary>What <see cref="Trainer.Train"/> returns: the exported weights and the history.</summary>
internal sealed record TrainResult(float[] Parameters, ActQuantSet? Quant, IReadOnlyList<EpochRecord> History,
    double[] ClassWeights, int BestEpoch);

/// <summary>
/// Mini-batch training of the default CRNN with Adam: float epochs with early stopping on validation loss,
/// then quantization-aware fine-tuning (weights fake-quantized per group, activations with ranges calibrated on the
/// training split, straight-through estimator). Batches are split into a fixed number of chunks, each run by one
/// task with its own workspace and gradient buffer; chunk gradients are summed in chunk order and every sample's
/// dropout and shift come from a generator seeded by (seed, epoch, sample), so a run is reproducible for a seed
/// whatever the thread count.
/// </summary>
internal sealed class Trainer
{
    /// <summary>Chunks per batch: fixed so the reduction order does not depend on the thread count.</summary>
    public const int Chunks = 8;

    /// <summary>Class indices of the default class order (wake, speech, background).</summary>
    public const int WakeLabel = 0;
    public const int SpeechLabel = 1;
    public const int BackgroundLabel = 2;

    private readonly Crnn _model;
    private readonly TrainOptions _opt;
    private readonly Action<string>? _log;
    private readonly IReadOnlyList<Teacher> _teachers;

    public Trainer(CrnnShape shape, TrainOptions options, Action<string>? log = null, IReadOnlyList<Teacher>? teachers = null)
    {
        _model = new Crnn(shape);
        _opt = options;
        _log = log;
        _teachers = teachers ?? []; // Teacher.Load checked their input and classes against this shape
    }

    public Crnn Model => _model;

    /// <summary>
    /// The features a coefficient-band mask may cover, adjacent in this order (null = all): with
    /// <see cref="TrainOptions.BandMaskUsedOnly"/>, the ones the model uses (<see cref="Data.TrainingData.UsedFeatures"/>).
    /// </summary>
    public IReadOnlyList<int>? BandFeatures { get; init; }

    public TrainResult Train(IReadOnlyList<TrainSample> train, IReadOnlyList<TrainSample> val, float[]? initial = null)
    {
        var s = _model.Shape;
        var layout = _model.Layout;
        var parameters = initial ?? layout.Pack(CrnnWeights.RandomHe(s, _opt.Seed));
        var classWeights = ClassWeights(train, s.Classes);
        var history = new List<EpochRecord>();
        var adam = new Adam(layout.Count, _opt.LearningRate);
        var best = (float[])parameters.Clone();
        var bestLoss = double.PositiveInfinity;
        var bestEpoch = 0;
        var stale = 0;
        var epoch = 0;
        _wakeScores = null;
        var average = _opt.WeightAverageDecay > 0 ? new WeightAverage(parameters, _opt.WeightAverageDecay) : null;
        for (var e = 0; e < _opt.Epochs; e++)
        {
            epoch++;
            var rec = RunEpoch(train, val, parameters, adam, classWeights, epoch, "float", null, _opt.LearningRate, e + 1, _opt.Epochs, average);
            history.Add(rec);
            if (rec.ValLoss < bestLoss - 1e-6)
            {
                bestLoss = rec.ValLoss;
                bestEpoch = epoch;
                (average?.Values ?? parameters).CopyTo(best, 0);
                stale = 0;
            }
            else if (++stale >= _opt.Patience)
            {
                _log?.Invoke($"early stop after epoch {epoch} (best {bestEpoch})");
                break;
            }
        }
        best.CopyTo(parameters, 0);
        if (_opt.QatEpochs <= 0) return new TrainResult(parameters, null, history, classWeights, bestEpoch);

        var quant = Calibrate(train, parameters);
        adam = new Adam(layout.Count, _opt.LearningRate * _opt.QatLearningRateScale);
        var qBest = (float[])parameters.Clone();
        var qBestLoss = Evaluate(val, parameters, quant).Loss;
        _log?.Invoke($"QAT start: int8-simulated val loss {qBestLoss:F4}");
        for (var e = 0; e < _opt.QatEpochs; e++)
        {
            epoch++;
            var rec = RunEpoch(train, val, parameters, adam, classWeights, epoch, "qat", quant,
                _opt.LearningRate * _opt.QatLearningRateScale, e + 1, _opt.QatEpochs);
            history.Add(rec);
            if (rec.ValLoss < qBestLoss - 1e-6)
            {
                qBestLoss = rec.ValLoss;
                bestEpoch = epoch;
                parameters.CopyTo(qBest, 0);
            }
        }
        var final = new float[layout.Count];
        WeightQuant.Apply(layout, qBest, final);
        return new TrainResult(final, quant, history, classWeights, bestEpoch);
    }

    /// <summary>Inverse class frequency, normalized so the average weight per sample is 1 (or all ones).</summary>
    public double[] ClassWeights(IReadOnlyList<TrainSample> train, int classes)
    {
        var w = Enumerable.Repeat(1.0, classes).ToArray();
        if (!_opt.ClassWeighting || train.Count == 0) return w;
        var n = new int[classes];
        foreach (var t in train) n[t.Label]++;
        var present = n.Count(c => c > 0);
        for (var c = 0; c < classes; c++) w[c] = n[c] == 0 ? 0 : (double)train.Count / (present * n[c]);
        return w;
    }

    /// <summary>
    /// Feature masking (SpecAugment-style, on normalized features, so 0 is the training mean): up to
    /// <see cref="TrainOptions.TimeMasks"/> spans of at most <see cref="TrainOptions.MaxTimeMask"/> frames and up to
    /// <see cref="TrainOptions.FeatureMasks"/> bands of at most <see cref="TrainOptions.MaxFeatureMask"/> features, adjacent
    /// in <paramref name="bandFeatures"/> (null = all features in order).
    /// </summary>
    public static void Mask(Span<float> x, int frames, int features, Random rng, TrainOptions opt, IReadOnlyList<int>? bandFeatures = null)
    {
        for (var m = 0; m < opt.TimeMasks; m++)
        {
            var w = rng.Next(opt.MaxTimeMask + 1);
            var t0 = rng.Next(frames - w + 1);
            x.Slice(t0 * features, w * features).Clear();
        }
        var n = bandFeatures?.Count ?? features;
        for (var m = 0; m < opt.FeatureMasks; m++)
        {
            var w = Math.Min(rng.Next(opt.MaxFeatureMask + 1), n);
            var p0 = rng.Next(n - w + 1);
            for (var p = p0; p < p0 + w; p++)
            {
                var k = bandFeatures?[p] ?? p;
                for (var t = 0; t < frames; t++) x[t * features + k] = 0;
            }
        }
    }

    /// <summary>
    /// The teachers' mean class probabilities at the distillation temperature for the window the student is about to
    /// see (after masking), written into the chunk's <paramref name="target"/>; null without teachers.
    /// </summary>
    private DistillTarget<float>? SoftTargets(float[] x, int chunk, DistillTarget<float>? target)
    {
        if (target == null) return null;
        var soft = target.Soft;
        Array.Clear(soft);
        foreach (var t in _teachers) t.AddSoftTargets(x, chunk, target.Temperature, soft);
        for (var k = 0; k < soft.Length; k++) soft[k] /= _teachers.Count;
        return target;
    }

    /// <summary>Cosine decay from 1 to 0.05 over a phase's epochs (<paramref name="progress"/> in epochs).</summary>
    internal static double LearningRateFactor(double progress, int phaseEpochs) =>
        0.05 + 0.95 * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(progress / Math.Max(1, phaseEpochs), 0, 1)));

    private EpochRecord RunEpoch(IReadOnlyList<TrainSample> train, IReadOnlyList<TrainSample> val, float[] parameters,
        Adam adam, double[] classWeights, int epoch, string phase, ActQuantSet? quant, double baseLr, int epochInPhase, int phaseEpochs,
        WeightAverage? average = null)
    {
        var sw = Stopwatch.StartNew();
        var s = _model.Shape;
        var layout = _model.Layout;
        // Entries below train.Count are the clips; entry n + i repeats clip i (a hard negative), with its own generator.
        var order = Enumerable.Range(0, train.Count).Concat(HardNegatives(train).Select(i => train.Count + i)).ToArray();
        new Random(Mix(_opt.Seed, epoch, -1)).Shuffle(order);
        var wakeByEntry = new float[order.Length];
        var workspaces = Workspaces();
        var grads = new float[Chunks][];
        for (var c = 0; c < Chunks; c++) grads[c] = new float[layout.Count];
        var chunkLoss = new double[Chunks];
        var chunkCorrect = new int[Chunks];
        var grad = new float[layout.Count];
        var forwardParams = new float[layout.Count];
        double lossSum = 0;
        var correct = 0;
        var po = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _opt.Threads) };
        var sampler = new WindowSampler(s.Frames, _opt.MaxShiftFrames, _opt.Windows, SpeechLabel, BackgroundLabel);
        for (var start = 0; start < order.Length; start += _opt.BatchSize)
        {
            var count = Math.Min(_opt.BatchSize, order.Length - start);
            if (quant != null) WeightQuant.Apply(layout, parameters, forwardParams);
            else parameters.CopyTo(forwardParams, 0);
            Parallel.For(0, Chunks, po, c =>
            {
                var g = grads[c];
                Array.Clear(g);
                chunkLoss[c] = 0;
                chunkCorrect[c] = 0;
                var ws = workspaces[c];
                var x = new float[s.Frames * s.Features];
                var target = _teachers.Count == 0 ? null
                    : new DistillTarget<float>(new float[s.Classes], (float)_opt.DistillWeight, (float)_opt.DistillTemperature);
                for (var k = c * count / Chunks; k < (c + 1) * count / Chunks; k++)
                {
                    var entry = order[start + k];
                    var idx = entry % train.Count;
                    var sample = train[idx];
                    var rng = new Random(Mix(_opt.Seed, epoch, entry));
                    var variant = rng.Next(sample.Variants.Length);
                    var (offset, label) = sampler.Pick(sample, variant, rng, WakeLabel);
                    if (_opt.HardNegativeOffsets > 1 && sample.Label != WakeLabel && sample.SpeechPrefix == null)
                        offset = HardestOffset(sample, variant, offset, sampler, rng, forwardParams, ws, x, quant);
                    sample.CopyWindow(variant, offset, s.Frames, s.Features, x);
                    Mask(x, s.Frames, s.Features, rng, _opt, BandFeatures);
                    var distill = SoftTargets(x, c, target);
                    var probs = _model.Forward<float>(forwardParams, x, ws,
                        new ForwardOptions(_opt.SeqDropout, _opt.FcDropout, rng, quant));
                    if (ArgMax(probs) == label) chunkCorrect[c]++;
                    wakeByEntry[start + k] = probs[WakeLabel];
                    chunkLoss[c] += _model.Backward<float>(forwardParams, ws, label, (float)classWeights[label] * (label == sample.Label ? sample.Weight : 1f), g, distill);
                }
            });
            Array.Clear(grad);
            for (var c = 0; c < Chunks; c++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add<float>(grad, grads[c], grad);
                lossSum += chunkLoss[c];
                correct += chunkCorrect[c];
            }
            System.Numerics.Tensors.TensorPrimitives.Multiply<float>(grad, 1f / count, grad);
            adam.LearningRate = baseLr * LearningRateFactor(epochInPhase - 1 + (double)start / order.Length, phaseEpochs);
            adam.Step(parameters, grad);
            average?.Update(parameters);
        }
        if (_opt.HardNegativeShare > 0) KeepWakeScores(train.Count, order, wakeByEntry);
        var v = Evaluate(val, average?.Values ?? parameters, quant);
        var rec = new EpochRecord(epoch, phase, lossSum / Math.Max(1, order.Length), (double)correct / Math.Max(1, order.Length),
            v.Loss, v.Accuracy, sw.Elapsed.TotalSeconds);
        _log?.Invoke($"epoch {epoch,3} {phase,-5} train loss {rec.TrainLoss:F4} acc {rec.TrainAccuracy:P1}  val loss {rec.ValLoss:F4} acc {rec.ValAccuracy:P1}  ({rec.Seconds:F1} s)");
        return rec;
    }

    /// <summary>Each clip's wake posterior in the last epoch that trained it (the higher of two when it was repeated).</summary>
    private float[]? _wakeScores;

    internal IReadOnlyList<float>? WakeScores => _wakeScores;

    private void KeepWakeScores(int clips, int[] order, float[] wakeByEntry)
    {
        var scores = new float[clips];
        Array.Fill(scores, float.NegativeInfinity);
        for (var p = 0; p < order.Length; p++)
            scores[order[p] % clips] = Math.Max(scores[order[p] % clips], wakeByEntry[p]);
        _wakeScores = scores;
    }

    /// <summary>
    /// The clips to repeat this epoch (<see cref="TrainOptions.HardNegativeShare"/>): non-wake clips (not streams)
    /// ranked by the wake posterior the previous epoch gave them, highest first, ties by index; none in the first epoch.
    /// </summary>
    internal IReadOnlyList<int> HardNegatives(IReadOnlyList<TrainSample> train)
    {
        if (_opt.HardNegativeShare <= 0 || _wakeScores is not { } w || w.Length != train.Count) return [];
        var negatives = Enumerable.Range(0, train.Count).Where(i => train[i].Label != WakeLabel && train[i].SpeechPrefix == null).ToList();
        var n = (int)Math.Ceiling(_opt.HardNegativeShare * negatives.Count);
        return negatives.OrderByDescending(i => w[i]).ThenBy(i => i).Take(n).ToList();
    }

    /// <summary>
    /// Of <paramref name="first"/> and <see cref="TrainOptions.HardNegativeOffsets"/> - 1 more offsets drawn by the
    /// sampler, the one whose window the current weights give the highest wake posterior (inference forward; ties keep
    /// the earlier offset). Uses <paramref name="x"/> and <paramref name="ws"/> as scratch.
    /// </summary>
    internal int HardestOffset(TrainSample sample, int variant, int first, WindowSampler sampler, Random rng, float[] forwardParams,
        CrnnWorkspace<float> ws, float[] x, ActQuantSet? quant)
    {
        var s = _model.Shape;
        var best = first;
        var bestWake = float.NegativeInfinity;
        var inference = new ForwardOptions(0, 0, null, quant);
        for (var k = 0; k < _opt.HardNegativeOffsets; k++)
        {
            var offset = k == 0 ? first : sampler.Pick(sample, variant, rng, WakeLabel).Offset;
            sample.CopyWindow(variant, offset, s.Frames, s.Features, x);
            var wake = _model.Forward<float>(forwardParams, x, ws, inference)[WakeLabel];
            if (wake > bestWake)
            {
                bestWake = wake;
                best = offset;
            }
        }
        return best;
    }

    /// <summary>Unweighted mean cross-entropy and accuracy on centred windows of variant 0 (no dropout).</summary>
    public (double Loss, double Accuracy) Evaluate(IReadOnlyList<TrainSample> samples, float[] parameters, ActQuantSet? quant)
    {
        var (loss, acc, _) = EvaluateDetailed(samples, parameters, quant);
        return (loss, acc);
    }

    /// <summary>As <see cref="Evaluate"/>, plus the confusion matrix [true class][predicted class].</summary>
    public (double Loss, double Accuracy, int[][] Confusion) EvaluateDetailed(IReadOnlyList<TrainSample> samples, float[] parameters, ActQuantSet? quant)
    {
        var classes = _model.Shape.Classes;
        var confusion = new int[classes][];
        for (var c = 0; c < classes; c++) confusion[c] = new int[classes];
        if (samples.Count == 0) return (0, 0, confusion);
        var s = _model.Shape;
        var fp = parameters;
        if (quant != null)
        {
            fp = new float[parameters.Length];
            WeightQuant.Apply(_model.Layout, parameters, fp);
        }
        var losses = new double[samples.Count];
        var hits = new bool[samples.Count];
        var predicted = new int[samples.Count];
        var workspaces = Workspaces();
        var po = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _opt.Threads) };
        Parallel.For(0, Chunks, po, c =>
        {
            var ws = workspaces[c];
            var x = new float[s.Frames * s.Features];
            for (var i = c * samples.Count / Chunks; i < (c + 1) * samples.Count / Chunks; i++)
            {
                var sample = samples[i];
                sample.CopyWindow(0, sample.EvalOffset(s.Frames), s.Frames, s.Features, x);
                var probs = _model.Forward<float>(fp, x, ws, new ForwardOptions(0, 0, null, quant));
                losses[i] = -Math.Log(Math.Max(probs[sample.Label], 1e-30f));
                predicted[i] = ArgMax(probs);
                hits[i] = predicted[i] == sample.Label;
            }
        });
        double sum = 0;
        var n = 0;
        for (var i = 0; i < losses.Length; i++)
        {
            sum += losses[i];
            if (hits[i]) n++;
            confusion[samples[i].Label][predicted[i]]++;
        }
        return (sum / samples.Count, (double)n / samples.Count, confusion);
    }

    /// <summary>Min/max ranges of every quantization point over (up to) the first calibration samples, float weights.</summary>
    public ActQuantSet Calibrate(IReadOnlyList<TrainSample> train, float[] parameters)
    {
        var s = _model.Shape;
        var n = Math.Min(train.Count, _opt.CalibrationSamples);
        var stats = new RangeStats[Chunks];
        var workspaces = Workspaces();
        var po = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _opt.Threads) };
        Parallel.For(0, Chunks, po, c =>
        {
            stats[c] = new RangeStats();
            var x = new float[s.Frames * s.Features];
            for (var i = c * n / Chunks; i < (c + 1) * n / Chunks; i++)
            {
                var sample = train[i];
                sample.CopyWindow(0, sample.EvalOffset(s.Frames), s.Frames, s.Features, x);
                _model.Forward<float>(parameters, x, workspaces[c], ForwardOptions.Inference, stats[c]);
            }
        });
        var all = new RangeStats();
        foreach (var st in stats) all.Merge(st);
        return ActQuantSet.FromRanges(all);
    }

    private CrnnWorkspace<float>[] Workspaces()
    {
        var w = new CrnnWorkspace<float>[Chunks];
        for (var i = 0; i < Chunks; i++) w[i] = new CrnnWorkspace<float>(_model.Shape);
        return w;
    }

    internal static int ArgMax(ReadOnlySpan<float> p)
    {
        var best = 0;
        for (var i = 1; i < p.Length; i++) if (p[i] > p[best]) best = i;
        return best;
    }

    /// <summary>Deterministic seed from (seed, epoch, index): SplitMix64 finalizer, independent of the runtime's hashing.</summary>
    internal static int Mix(int seed, int epoch, int index)
    {
        var z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)epoch << 32) ^ (uint)index;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
