using WakeWord.Onnx;
using WakeWord.Training.Model;
using WakeWord.Training.Quantization;

namespace WakeWord.Training.Tests.Quantization;

[TestFixture]
public class FakeQuantTests
{
    [Test]
    public void WeightQuant_IsIdempotent_SoTheInt8QuantizerReproducesTheGridExactly()
    {
        var shape = new CrnnShape();
        var layout = new CrnnLayout(shape);
        var p = layout.Pack(CrnnWeights.RandomHe(shape, 8));
        var once = new float[p.Length];
        var twice = new float[p.Length];
        WeightQuant.Apply(layout, p, once);
        WeightQuant.Apply(layout, once, twice);
        for (var i = 0; i < p.Length; i++)
            if (once[i] != twice[i]) Assert.Fail($"parameter {i}: {once[i]:R} re-quantized to {twice[i]:R}");
    }

    [Test]
    public void WeightQuant_PerOutputChannel_KeepsEachChannelMaxAndUses255LevelsAtMost()
    {
        var shape = new CrnnShape();
        var layout = new CrnnLayout(shape);
        var p = layout.Pack(CrnnWeights.RandomHe(shape, 9));
        // make conv2 channel 3 tiny: per-channel scales must keep its resolution
        var per = shape.Conv1Filters * 9;
        for (var i = 0; i < per; i++) p[layout.Conv2W.Offset + 3 * per + i] *= 1e-3f;
        var q = new float[p.Length];
        WeightQuant.Apply(layout, p, q);
        for (var c = 0; c < shape.Conv2Filters; c++)
        {
            var src = p.AsSpan(layout.Conv2W.Offset + c * per, per).ToArray();
            var dst = q.AsSpan(layout.Conv2W.Offset + c * per, per).ToArray();
            var max = src.Max(Math.Abs);
            Assert.That(dst.Max(Math.Abs), Is.EqualTo(max).Within(max * 1e-6), $"channel {c} max");
            Assert.That(dst.Distinct().Count(), Is.LessThanOrEqualTo(255));
            for (var i = 0; i < per; i++)
                Assert.That(Math.Abs(dst[i] - src[i]), Is.LessThanOrEqualTo(max / 127 / 2 * 1.0001), $"channel {c} weight {i}");
        }
        // biases are not quantized
        Assert.That(q.AsSpan(layout.LstmB.Offset, layout.LstmB.Length).ToArray(), Is.EqualTo(p.AsSpan(layout.LstmB.Offset, layout.LstmB.Length).ToArray()));
    }

    [Test]
    public void ActQuant_RepresentsZeroExactly_ClipsOutsideAndStopsTheirGradient()
    {
        var q = ActQuant.FromRange(-0.3, 2.0);
        Assert.That(q.ZeroPoint, Is.InRange(-128, 127));
        float[] x = [0f, -0.3f, 2.0f, 5f, -1f, 0.77f];
        var pass = new byte[x.Length];
        q.Apply<float>(x, pass);
        Assert.That(x[0], Is.EqualTo(0f));
        Assert.That(pass, Is.EqualTo(new byte[] { 1, 1, 1, 0, 0, 1 }));
        Assert.That(x[3], Is.EqualTo((127 - q.ZeroPoint) * q.Scale).Within(1e-6), "clipped to the top of the range");
        var level = Math.Round(0.77 / q.Scale, MidpointRounding.AwayFromZero) * q.Scale;
        Assert.That(x[5], Is.EqualTo(level).Within(1e-6));
        float[] dy = [1, 1, 1, 1, 1, 1];
        ActQuant.Backward<float>(pass, dy);
        Assert.That(dy, Is.EqualTo(new float[] { 1, 1, 1, 0, 0, 1 }));
    }

    [Test]
    public void Calibrate_RangesCoverEveryQuantizationPoint()
    {
        var shape = CrnnGradientTestsShape();
        var trainer = new Trainer(shape, new TrainOptions { CalibrationSamples = 20 });
        var data = ToyData.Make(shape, 20, 4);
        var p = trainer.Model.Layout.Pack(CrnnWeights.RandomHe(shape, 4));
        var quant = trainer.Calibrate(data, p);
        Assert.That(quant.Points, Has.Length.EqualTo(ActQuantSet.Count));
        foreach (var a in quant.Points) Assert.That(a.Enabled && a.Scale > 0, Is.True);
        Assert.That(quant[QuantPoint.Conv1].ZeroPoint, Is.EqualTo(-128), "ReLU output starts at zero");
        Assert.That(quant[QuantPoint.Hidden].Scale * 255, Is.LessThanOrEqualTo(2.0 + 1e-9), "LSTM hidden state is within (-1, 1)");
    }

    private static CrnnShape CrnnGradientTestsShape() => new(Frames: 16, Features: 8, Conv1Filters: 4, Conv2Filters: 4, Hidden: 8, Classes: 3);
}
