using WakeWord.Onnx;
using WakeWord.Training.Model;
using WakeWord.Training.Optim;

namespace WakeWord.Training.Tests;

[TestFixture]
public class TrainerTests
{
    private static readonly CrnnShape Toy = new(Frames: 16, Features: 8, Conv1Filters: 4, Conv2Filters: 4, Hidden: 8, Classes: 3);

    /// <summary>Toy training and validation clips (seeds 5 and 6).</summary>
    private static (List<TrainSample> Train, List<TrainSample> Val) ToySplit(int train, int val) =>
        (ToyData.Make(Toy, train, 5), ToyData.Make(Toy, val, 6));

    [Test]
    public void Adam_MinimizesQuadratic()
    {
        var p = new float[] { 3f, -2f, 0.5f };
        var adam = new Adam(3, 0.1, clipNorm: 0);
        var g = new float[3];
        for (var i = 0; i < 500; i++)
        {
            for (var k = 0; k < 3; k++) g[k] = 2 * (p[k] - k);
            adam.Step(p, g);
        }
        for (var k = 0; k < 3; k++) Assert.That(p[k], Is.EqualTo(k).Within(1e-2), $"p[{k}]");
    }

    [Test]
    public void Adam_ClipsGlobalGradientNorm()
    {
        var p = new float[2];
        var g = new float[] { 30f, 40f };
        var adam = new Adam(2, 0.1, clipNorm: 5);
        var norm = adam.Step(p, g);
        Assert.That(norm, Is.EqualTo(50).Within(1e-4));
        Assert.That(Math.Sqrt(g[0] * g[0] + g[1] * g[1]), Is.EqualTo(5).Within(1e-4));
    }

    [Test]
    public void Train_OnToyTask_ReachesHighValidationAccuracyFloatAndQat()
    {
        var train = ToyData.Make(Toy, 240, 1, variants: 2);
        var val = ToyData.Make(Toy, 90, 2);
        var opt = new TrainOptions { Epochs = 12, QatEpochs = 2, Seed = 3, Threads = 2, BatchSize = 16, MaxShiftFrames = 2, LearningRate = 5e-3, TimeMasks = 0, FeatureMasks = 0 };
        var trainer = new Trainer(Toy, opt);
        var r = trainer.Train(train, val);
        var floatAcc = r.History.Where(h => h.Phase == "float").Max(h => h.ValAccuracy);
        var first = r.History[0].TrainLoss;
        Assert.That(floatAcc, Is.GreaterThan(0.9), "float validation accuracy");
        Assert.That(r.History.Last(h => h.Phase == "float").TrainLoss, Is.LessThan(first * 0.5), "train loss fell");
        Assert.That(r.History.Count(h => h.Phase == "qat"), Is.EqualTo(2));
        var (_, qAcc) = trainer.Evaluate(val, r.Parameters, r.Quant);
        Assert.That(qAcc, Is.GreaterThan(0.85), "int8-simulated validation accuracy after QAT");
    }

    [Test]
    public void Train_SameSeed_IsReproducibleAcrossThreadCounts()
    {
        var (train, val) = ToySplit(64, 16);
        float[] Run(int threads) => new Trainer(Toy, new TrainOptions
        {
            Epochs = 2, QatEpochs = 1, Seed = 9, Threads = threads, BatchSize = 16, MaxShiftFrames = 2,
        }).Train(train, val).Parameters;
        var a = Run(1);
        var b = Run(2);
        for (var i = 0; i < a.Length; i++)
            if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i]))
                Assert.Fail($"parameter {i} differs: {a[i]:R} (1 thread) vs {b[i]:R} (2 threads)");
        var c = new Trainer(Toy, new TrainOptions { Epochs = 2, QatEpochs = 1, Seed = 10, Threads = 2, BatchSize = 16, MaxShiftFrames = 2 })
            .Train(train, val).Parameters;
        Assert.That(c, Is.Not.EqualTo(a), "another seed gives other weights");
    }

    [Test]
    public void WeightAverage_FollowsItsWarmUpThenTheDecay()
    {
        var avg = new WeightAverage([0f, 10f], 0.9);
        var expected = new double[] { 0, 10 };
        for (var t = 1; t <= 40; t++)
        {
            var p = new[] { (float)t, -(float)t };
            avg.Update(p);
            var d = Math.Min(0.9, (1.0 + t) / (10.0 + t));
            for (var i = 0; i < 2; i++) expected[i] = d * expected[i] + (1 - d) * p[i];
        }
        Assert.That(WeightAverage.DecayAt(0.9, 1), Is.EqualTo(2.0 / 11).Within(1e-15));
        Assert.That(WeightAverage.DecayAt(0.9, 1000), Is.EqualTo(0.9));
        Assert.That(avg.Values[0], Is.EqualTo(expected[0]).Within(1e-4));
        Assert.That(avg.Values[1], Is.EqualTo(expected[1]).Within(1e-4));
        // It trails a rising sequence: below the last value, above the first.
        Assert.That(avg.Values[0], Is.LessThan(40f).And.GreaterThan(30f));
    }

    [Test]
    public void Train_WithWeightAverage_ValidatesTheAverage_AndKeepsItsBestEpoch()
    {
        var (train, val) = ToySplit(96, 32);
        var opt = new TrainOptions { Epochs = 3, QatEpochs = 0, Seed = 9, Threads = 2, BatchSize = 16, MaxShiftFrames = 2, WeightAverageDecay = 0.95 };
        var trainer = new Trainer(Toy, opt);
        var r = trainer.Train(train, val);
        var best = r.History.MinBy(h => h.ValLoss)!;
        Assert.That(r.BestEpoch, Is.EqualTo(best.Epoch));
        // The kept weights are the average at the best epoch, whose validation loss the history recorded.
        Assert.That(trainer.Evaluate(val, r.Parameters, null).Loss, Is.EqualTo(best.ValLoss).Within(1e-9));
        var plain = new Trainer(Toy, opt with { WeightAverageDecay = 0 }).Train(train, val);
        Assert.That(r.Parameters, Is.Not.EqualTo(plain.Parameters), "the average differs from the last step's weights");
        Assert.That(r.History.Select(h => h.TrainLoss), Is.EqualTo(plain.History.Select(h => h.TrainLoss)), "the steps themselves do not change");
    }

    [Test]
    public void HardestOffset_PicksTheMostWakeLikeOfTheDrawnWindows()
    {
        // A clip 8 frames longer than the window, shifts of up to 2: offsets 2..6. With many draws every offset is
        // tried, so the pick is the offset whose window the model rates most wake-like; with one draw it is the first.
        var sample = ToyData.Make(Toy, 3, 21, extraFrames: 8)[1];
        var model = new Crnn(Toy);
        var weights = model.Layout.Pack(CrnnWeights.RandomHe(Toy, 4));
        var ws = new CrnnWorkspace<float>(Toy);
        var x = new float[Toy.Frames * Toy.Features];
        var sampler = new Data.WindowSampler(Toy.Frames, 2, new Data.WindowOptions(), Trainer.SpeechLabel, Trainer.BackgroundLabel);
        var wake = new Dictionary<int, float>();
        for (var o = 2; o <= 6; o++)
        {
            sample.CopyWindow(0, o, Toy.Frames, Toy.Features, x);
            wake[o] = model.Forward<float>(weights, x, ws, ForwardOptions.Inference)[Trainer.WakeLabel];
        }
        Assert.That(wake.Values.Distinct().Count(), Is.EqualTo(5), "the windows score differently");
        var expected = wake.MaxBy(kv => kv.Value).Key;
        var many = new Trainer(Toy, new TrainOptions { HardNegativeOffsets = 40 });
        var one = new Trainer(Toy, new TrainOptions { HardNegativeOffsets = 1 });
        var notBest = wake.Keys.First(o => o != expected);
        Assert.That(many.HardestOffset(sample, 0, notBest, sampler, new Random(1), weights, ws, x, null), Is.EqualTo(expected));
        Assert.That(one.HardestOffset(sample, 0, notBest, sampler, new Random(1), weights, ws, x, null), Is.EqualTo(notBest));
    }

    [Test]
    public void Train_WithHardOffsets_ChangesTheStepsAndStillLearns()
    {
        var train = ToyData.Make(Toy, 240, 1, extraFrames: 8);
        var val = ToyData.Make(Toy, 90, 2);
        var opt = new TrainOptions { Epochs = 10, QatEpochs = 1, Seed = 3, Threads = 2, BatchSize = 16, MaxShiftFrames = 4, LearningRate = 5e-3, TimeMasks = 0, FeatureMasks = 0 };
        var plain = new Trainer(Toy, opt).Train(train, val);
        var hard = new Trainer(Toy, opt with { HardNegativeOffsets = 4 }).Train(train, val);
        Assert.That(hard.History[0].TrainLoss, Is.Not.EqualTo(plain.History[0].TrainLoss), "negatives trained on other windows");
        Assert.That(hard.History.Where(h => h.Phase == "float").Max(h => h.ValAccuracy), Is.GreaterThan(0.9));
        Assert.That(new Trainer(Toy, opt with { HardNegativeOffsets = 1 }).Train(train, val).Parameters, Is.EqualTo(plain.Parameters),
            "one offset is the plain sampler");
    }

    [Test]
    public void HardNegatives_RepeatTheMostWakeLikeNegatives_ReproduciblyForAnyThreadCount()
    {
        var (train, val) = ToySplit(90, 30);
        var opt = new TrainOptions { Epochs = 2, QatEpochs = 0, Seed = 9, Threads = 1, BatchSize = 16, MaxShiftFrames = 2, HardNegativeShare = 0.25 };
        var trainer = new Trainer(Toy, opt);
        Assert.That(trainer.HardNegatives(train), Is.Empty, "nothing is known before the first epoch");
        var one = trainer.Train(train, val);
        var hard = trainer.HardNegatives(train);
        var negatives = train.Count(t => t.Label != Trainer.WakeLabel);
        Assert.That(hard, Has.Count.EqualTo((int)Math.Ceiling(0.25 * negatives)));
        Assert.That(hard.All(i => train[i].Label != Trainer.WakeLabel), "only negatives are repeated");
        // They are the negatives the last epoch found most wake-like: every one of them at least as high as any left out.
        var w = trainer.WakeScores!;
        var left = Enumerable.Range(0, train.Count).Where(i => train[i].Label != Trainer.WakeLabel).Except(hard).ToList();
        Assert.That(hard.Distinct().Count(), Is.EqualTo(hard.Count));
        Assert.That(hard.Min(i => w[i]), Is.GreaterThanOrEqualTo(left.Max(i => w[i])));
        Assert.That(w.All(float.IsFinite), "every clip was scored");
        var two = new Trainer(Toy, opt with { Threads = 2 }).Train(train, val);
        Assert.That(two.Parameters, Is.EqualTo(one.Parameters), "same weights for 1 and 2 threads");
        var plain = new Trainer(Toy, opt with { HardNegativeShare = 0 }).Train(train, val);
        Assert.That(plain.History[0].TrainLoss, Is.EqualTo(one.History[0].TrainLoss), "the first epoch has no repeats");
        Assert.That(plain.Parameters, Is.Not.EqualTo(one.Parameters), "the second epoch repeats hard negatives");
    }

    [Test]
    public void ClassWeights_AreInverseFrequency()
    {
        var s = new List<TrainSample>();
        for (var i = 0; i < 6; i++) s.Add(new TrainSample([new float[Toy.Frames * Toy.Features]], Toy.Frames, i < 4 ? 0 : i < 5 ? 1 : 2, $"{i}"));
        var w = new Trainer(Toy, new TrainOptions()).ClassWeights(s, 3);
        Assert.That(w[0], Is.EqualTo(6.0 / (3 * 4)).Within(1e-12));
        Assert.That(w[1], Is.EqualTo(6.0 / 3).Within(1e-12));
        Assert.That(w[2], Is.EqualTo(6.0 / 3).Within(1e-12));
    }
}

[TestFixture]
public class LearningRateScheduleTests
{
    [Test]
    public void CosineDecay_StartsAtOneEndsAtFloorAndFallsMonotonically()
    {
        Assert.That(Trainer.LearningRateFactor(0, 10), Is.EqualTo(1).Within(1e-12));
        Assert.That(Trainer.LearningRateFactor(10, 10), Is.EqualTo(0.05).Within(1e-12));
        var prev = 2.0;
        for (var p = 0.0; p <= 10; p += 0.25)
        {
            var f = Trainer.LearningRateFactor(p, 10);
            Assert.That(f, Is.LessThanOrEqualTo(prev));
            prev = f;
        }
    }
    /// <summary>Which of 24 features coefficient-band masks clear over many draws (bands only, up to 3 wide).</summary>
    private static (HashSet<int> Masked, int Cleared) BandMasked(IReadOnlyList<int>? bandFeatures)
    {
        const int frames = 4, features = 24;
        var opt = new TrainOptions { TimeMasks = 0, FeatureMasks = 1, MaxFeatureMask = 3 };
        var masked = new HashSet<int>();
        var cleared = 0;
        var rng = new Random(7);
        for (var draw = 0; draw < 2000; draw++)
        {
            var x = Enumerable.Repeat(1f, frames * features).ToArray();
            Trainer.Mask(x, frames, features, rng, opt, bandFeatures);
            for (var k = 0; k < features; k++)
            {
                var column = Enumerable.Range(0, frames).Select(t => x[t * features + k]).ToArray();
                Assert.That(column.Distinct().Count(), Is.EqualTo(1), $"feature {k} is masked in every frame or none");
                if (column[0] == 0) { masked.Add(k); cleared++; }
            }
        }
        return (masked, cleared);
    }

    [Test]
    public void BandMask_OverUsedFeatures_NeverFallsOnIgnoredCoefficients()
    {
        int[] used = [.. Enumerable.Range(0, 13), 23]; // c0..c12 and log-energy
        var (all, allCleared) = BandMasked(null);
        var (onUsed, usedCleared) = BandMasked(used);
        Assert.That(all, Is.EquivalentTo(Enumerable.Range(0, 24)), "over all features, bands reach c13..c22");
        Assert.That(onUsed, Is.EquivalentTo(used), "over the used features, every one and only those");
        Assert.That(Math.Abs(usedCleared - allCleared), Is.LessThan(0.05 * allCleared), "the same width distribution either way");
        var edge = new float[24];
        Array.Fill(edge, 1f);
        var rng = new Random(3);
        var sawJoin = false;
        for (var draw = 0; draw < 2000 && !sawJoin; draw++)
        {
            Array.Fill(edge, 1f);
            Trainer.Mask(edge, 1, 24, rng, new TrainOptions { TimeMasks = 0, MaxFeatureMask = 3 }, used);
            sawJoin = edge[12] == 0 && edge[23] == 0;
        }
        Assert.That(sawJoin, "a band can span c12 and log-energy, adjacent in the used order");
    }
}
