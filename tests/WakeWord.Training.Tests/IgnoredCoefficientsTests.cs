using WakeWord.Codegen.Quantization;
using WakeWord.Core;
using WakeWord.Datasets.Manifest;
using WakeWord.Onnx;
using WakeWord.Training.Data;
using WakeWord.Training.Eval;
using WakeWord.Training.Export;
using WakeWord.Training.Model;

namespace WakeWord.Training.Tests;

/// <summary><c>train --coefficients N</c>: cepstral coefficients from N on are ignored by training and by the device.</summary>
[TestFixture]
public class IgnoredCoefficientsTests
{
    [Test]
    public void Normalization_IgnoresCoefficientsFromN_ButNeverLogEnergy()
    {
        const int nf = 24, frames = 10;
        var rng = new Random(3);
        var clips = Enumerable.Range(0, 4).Select(i =>
        {
            var f = new short[frames * nf];
            for (var k = 0; k < f.Length; k++) f[k] = (short)rng.Next(-3000, 3000);
            return new DatasetClip(new ManifestEntry($"train/wake/{i}.wav", "wake", "train", "s", "wake: x"), 0, [f], frames, [-1, -1]);
        }).ToList();
        var (mean, all) = TrainingData.Normalization(clips, frames, 0, nf);
        var (mean13, std13) = TrainingData.Normalization(clips, frames, 0, nf, coefficients: 13);
        Assert.That(mean13, Is.EqualTo(mean));
        for (var k = 0; k < nf; k++)
            Assert.That(std13[k], k is >= 13 and < nf - 1 ? Is.EqualTo(TrainingData.IgnoredStd) : Is.EqualTo(all[k]), $"coefficient {k}");
        Assert.That(all, Has.All.LessThan(10000f), "0 = every coefficient used");
        var e = Assert.Throws<WakeWordException>(() => TrainingData.Normalization(clips, frames, 0, nf, coefficients: 24));
        Assert.That(e!.Message, Does.Contain("--coefficients").And.Contain("0..23"));
    }

    [Test]
    public void IgnoredCoefficients_DoNotReachTheInt8Model_AndBarelyTheFloatModel()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wakeword-ignored-coefficients-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var shape = new CrnnShape();
            var plausible = CrnnMetadata.Plausible("hey nova");
            var std = plausible.FeatureStd.ToArray();
            for (var k = 13; k < shape.Features - 1; k++) std[k] = TrainingData.IgnoredStd;
            var meta = plausible with { FeatureStd = std };
            var onnx = RandomCrnn.Export(dir, shape, meta, 7);
            var norm = new FeatureNormalization(plausible.FeatureMean.ToArray(), std);
            var windows = CalibrationData.Synthetic(new FeatureNormalization(plausible.FeatureMean.ToArray(), plausible.FeatureStd.ToArray()), 16, 9);
            var (q, _) = Quantizer.Quantize(onnx, windows, windows);
            var int8 = new Int8Scorer(q);
            using var fl = new OnnxFloatScorer(onnx, meta, shape.Frames);
            var rng = new Random(5);
            var changed = 0;
            foreach (var w in windows)
            {
                var other = w.ToArray();
                for (var t = 0; t < shape.Frames; t++)
                    for (var k = 13; k < shape.Features - 1; k++)
                        other[t * shape.Features + k] = (short)rng.Next(short.MinValue, short.MaxValue + 1);
                if (!other.AsSpan().SequenceEqual(w)) changed++;
                Assert.That(int8.WakePosterior(other), Is.EqualTo(int8.WakePosterior(w)), "int8: an ignored coefficient moved the wake posterior");
                Assert.That(fl.WakePosterior(other), Is.EqualTo(fl.WakePosterior(w)).Within(1), "float: an ignored coefficient moved the wake posterior");
            }
            Assert.That(changed, Is.EqualTo(windows.Count));
            // The used coefficients still matter: changing c1 moves the int8 posterior of some window.
            var moved = windows.Any(w =>
            {
                var other = w.ToArray();
                for (var t = 0; t < shape.Frames; t++) other[t * shape.Features + 1] = (short)(other[t * shape.Features + 1] + 3 * (t % 7) * (int)norm.Std[1] / 2);
                return int8.WakePosterior(other) != int8.WakePosterior(w);
            });
            Assert.That(moved, "c1 is used");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
