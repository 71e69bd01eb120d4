using WakeWord.Codegen.Quantization;
using WakeWord.Onnx;
using WakeWord.Sim.Model;
using WakeWord.Training.Eval;
using WakeWord.Training.Export;
using WakeWord.Training.Model;

namespace WakeWord.Training.Tests;

[TestFixture]
public class Int8ScorerTests
{
    [Test]
    public void Int8Scorer_FromPackageModelJson_EqualsInProcessQuantizedModelAndTracksFloat()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wakeword-int8-scorer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var shape = new CrnnShape();
            var meta = CrnnMetadata.Plausible("hey nova");
            var onnx = RandomCrnn.Export(dir, shape, meta, 31);
            var norm = new FeatureNormalization(meta.FeatureMean.ToArray(), meta.FeatureStd.ToArray());
            var windows = CalibrationData.Synthetic(norm, 24, 5);
            var (q, _) = Quantizer.Quantize(onnx, windows, windows);
            ModelJson.Save(q, Path.Combine(dir, ModelJson.FileName));

            var inProcess = new Int8Scorer(q);
            var package = Int8Scorer.FromPackage(dir);
            using var fl = new OnnxFloatScorer(onnx, meta, shape.Frames);
            var maxDiff = 0;
            foreach (var w in windows)
            {
                var a = inProcess.WakePosterior(w);
                Assert.That(package.WakePosterior(w), Is.EqualTo(a), "package model.json and in-process model differ");
                maxDiff = Math.Max(maxDiff, Math.Abs(a - fl.WakePosterior(w)));
            }
            Assert.That(maxDiff, Is.LessThanOrEqualTo(16), "int8 wake posterior within 16/256 of float");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Int8Scorer_PackageWithoutModelJson_NamesTheFolder()
    {
        var e = Assert.Throws<WakeWord.Core.WakeWordException>(() => Int8Scorer.FromPackage("/nonexistent-package"));
        Assert.That(e!.Message, Does.Contain("nonexistent-package").And.Contain("model.json"));
    }
}
