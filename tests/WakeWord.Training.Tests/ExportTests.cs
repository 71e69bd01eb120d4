using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using WakeWord.Onnx;
using WakeWord.Training.Export;
using WakeWord.Training.Model;

namespace WakeWord.Training.Tests;

[TestFixture]
public class ExportTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "wakeword-training-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [TestCase(1, 1, false)]
    [TestCase(2, 2, false)]
    [TestCase(2, 2, true)]
    public void ExportedOnnx_RunByOnnxRuntime_MatchesTrainerForwardPass(int conv2StrideH, int conv2StrideW, bool windowMean)
    {
        var shape = new CrnnShape { Conv2Stride = (conv2StrideH, conv2StrideW), WindowMean = windowMean };
        var model = new Crnn(shape);
        var rng = new Random(21);
        var p = model.Layout.Pack(CrnnWeights.RandomHe(shape, 21));
        for (var i = 0; i < p.Length; i++) p[i] *= 0.5f + (float)rng.NextDouble(); // break the He symmetry a little
        var meta = CrnnMetadata.Plausible("hey nova");
        var path = Path.Combine(_dir, "crnn.onnx");
        CrnnExport.Save(path, shape, p, meta);

        using var session = new InferenceSession(path);
        Assert.That(session.ModelMetadata.CustomMetadataMap[CrnnMetadata.ClassesKey], Is.EqualTo("wake,speech,background"));
        var ws = new CrnnWorkspace<float>(shape);
        for (var trial = 0; trial < 3; trial++)
        {
            var x = new float[shape.Frames * shape.Features];
            // A different level per coefficient, so that the window mean matters.
            for (var i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 4 - 2) + (i % shape.Features) * 0.25f - 2;
            var ours = model.Forward<float>(p, x, ws, ForwardOptions.Inference).ToArray();
            var input = new DenseTensor<float>(x, [1, 1, shape.Frames, shape.Features]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(CrnnOnnxBuilder.InputName, input)]);
            var ort = results.First(r => r.Name == CrnnOnnxBuilder.OutputName).AsEnumerable<float>().ToArray();
            Assert.That(ort, Has.Length.EqualTo(shape.Classes));
            for (var k = 0; k < shape.Classes; k++)
                Assert.That(ours[k], Is.EqualTo(ort[k]).Within(2e-5), $"trial {trial} class {k}: trainer {ours[k]} vs OnnxRuntime {ort[k]}");
        }
    }

    [Test]
    public void WindowMean_ReadBackFromOnnx_AndMakesTheModelBlindToAConstantPerCoefficient()
    {
        var shape = new CrnnShape { WindowMean = true };
        var model = new Crnn(shape);
        var p = model.Layout.Pack(CrnnWeights.RandomHe(shape, 8));
        var path = Path.Combine(_dir, "crnn.onnx");
        CrnnExport.Save(path, shape, p, CrnnMetadata.Plausible("hey nova"));
        Assert.That(CrnnExport.ReadShape(WakeWord.Codegen.Import.OnnxImporter.ParseModel(File.ReadAllBytes(path), path), path).WindowMean, Is.True);

        var rng = new Random(3);
        var x = new float[shape.Frames * shape.Features];
        for (var i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 4 - 2);
        var shifted = x.Select((v, i) => v + 0.5f * (i % shape.Features) - 3f).ToArray();
        var ws = new CrnnWorkspace<float>(shape);
        var a = model.Forward<float>(p, x, ws, ForwardOptions.Inference).ToArray();
        var b = model.Forward<float>(p, shifted, ws, ForwardOptions.Inference).ToArray();
        for (var k = 0; k < shape.Classes; k++) Assert.That(b[k], Is.EqualTo(a[k]).Within(1e-5), $"class {k}");

        var plain = new Crnn(shape with { WindowMean = false });
        var c = plain.Forward<float>(p, x, new CrnnWorkspace<float>(plain.Shape), ForwardOptions.Inference).ToArray();
        var d = plain.Forward<float>(p, shifted, new CrnnWorkspace<float>(plain.Shape), ForwardOptions.Inference).ToArray();
        Assert.That(Enumerable.Range(0, shape.Classes).Max(k => Math.Abs(c[k] - d[k])), Is.GreaterThan(1e-3), "without the window mean the shift must show");
    }

    [Test]
    public void ExportThenLoad_RoundTripsParametersAndMetadata()
    {
        var shape = new CrnnShape();
        var layout = new CrnnLayout(shape);
        var p = layout.Pack(CrnnWeights.RandomHe(shape, 5));
        var meta = CrnnMetadata.Plausible("hey nova");
        var path = Path.Combine(_dir, "m.onnx");
        CrnnExport.Save(path, shape, p, meta);
        Assert.That(CrnnExport.LoadParameters(path, shape), Is.EqualTo(p));
        var back = CrnnExport.ReadMetadata(path);
        Assert.That(back.FeatureMean, Is.EqualTo(meta.FeatureMean));
        Assert.That(back.FeatureStd, Is.EqualTo(meta.FeatureStd));
        Assert.That(back.Phrase, Is.EqualTo("hey nova"));
    }

    [Test]
    public void LoadParameters_NotOnnx_NamesTheFile()
    {
        var path = Path.Combine(_dir, "bad.onnx");
        File.WriteAllBytes(path, [1, 2, 3, 255, 255]);
        var e = Assert.Throws<WakeWord.Core.WakeWordException>(() => CrnnExport.LoadParameters(path, new CrnnShape()));
        Assert.That(e!.Message, Does.Contain("bad.onnx"));
    }
}
