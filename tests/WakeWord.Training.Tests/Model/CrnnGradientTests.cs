using WakeWord.Onnx;
using WakeWord.Training.Model;

namespace WakeWord.Training.Tests.Model;

/// <summary>The whole CRNN's backward pass equals finite differences of its loss, for every parameter.</summary>
[TestFixture]
public class CrnnGradientTests
{
    internal static readonly CrnnShape Small = new(Frames: 10, Features: 8, Conv1Filters: 2, Conv2Filters: 3, Hidden: 4, Classes: 3);

    [TestCase(0, false, 1)]
    [TestCase(2, true, 1)]
    [TestCase(0, false, 2)]
    [TestCase(1, true, 2)]
    public void Crnn_Backward_MatchesFiniteDifferencesForEveryParameter(int label, bool dropout, int conv2Stride)
    {
        var shape = Small with { Conv2Stride = (conv2Stride, conv2Stride) };
        var model = new Crnn(shape);
        var rng = new Random(11);
        var p = GradCheck.Random(model.Layout.Count, rng, 0.6);
        var x = GradCheck.Random(shape.Frames * shape.Features, rng, 1.5);
        var ws = new CrnnWorkspace<double>(shape);
        ForwardOptions Opt() => dropout ? new ForwardOptions(0.3, 0.3, new Random(7), null) : ForwardOptions.Inference;
        double Loss()
        {
            var probs = model.Forward<double>(p, x, ws, Opt());
            return -0.7 * Math.Log(probs[label]);
        }
        model.Forward<double>(p, x, ws, Opt());
        var g = new double[p.Length];
        var loss = model.Backward<double>(p, ws, label, 0.7, g);
        Assert.That(loss, Is.EqualTo(Loss()).Within(1e-12));
        var numeric = GradCheck.Numeric(p, Loss);
        foreach (var slice in model.Layout.Slices)
            GradCheck.AssertClose(slice.Name, g.AsSpan(slice.Offset, slice.Length).ToArray(),
                numeric.AsSpan(slice.Offset, slice.Length).ToArray(), 1e-5);
    }

    [TestCase(0, 0.5, 2.0)]
    [TestCase(2, 1.0, 3.0)]
    [TestCase(1, 0.3, 1.0)]
    public void Crnn_DistillationBackward_MatchesFiniteDifferencesForEveryParameter(int label, double alpha, double temperature)
    {
        var model = new Crnn(Small);
        var rng = new Random(12);
        var p = GradCheck.Random(model.Layout.Count, rng, 0.6);
        var x = GradCheck.Random(Small.Frames * Small.Features, rng, 1.5);
        var ws = new CrnnWorkspace<double>(Small);
        double[] soft = [0.2, 0.7, 0.1];
        var target = new DistillTarget<double>(soft, alpha, temperature);
        double Loss()
        {
            var probs = model.Forward<double>(p, x, ws, ForwardOptions.Inference);
            // (1 - a) w CE + a w T^2 KL(soft || softmax(z / T)), written out independently of the layer code
            var z = ws.Logits.Select(v => v / temperature).ToArray();
            var max = z.Max();
            var lse = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
            var kl = 0.0;
            for (var k = 0; k < soft.Length; k++) kl += soft[k] * (Math.Log(soft[k]) - (z[k] - lse));
            return 0.7 * ((1 - alpha) * -Math.Log(probs[label]) + alpha * temperature * temperature * kl);
        }
        model.Forward<double>(p, x, ws, ForwardOptions.Inference);
        var g = new double[p.Length];
        var loss = model.Backward<double>(p, ws, label, 0.7, g, target);
        Assert.That(loss, Is.EqualTo(Loss()).Within(1e-12));
        var numeric = GradCheck.Numeric(p, Loss);
        foreach (var slice in model.Layout.Slices)
            GradCheck.AssertClose(slice.Name, g.AsSpan(slice.Offset, slice.Length).ToArray(),
                numeric.AsSpan(slice.Offset, slice.Length).ToArray(), 1e-5);
    }

    [Test]
    public void CrnnShape_DefaultConv2Stride2_HalvesLstmStepsAndInput()
    {
        var shape = new CrnnShape();
        Assert.That(shape.Conv2Stride, Is.EqualTo((2, 2)));
        Assert.That(shape.Conv1Out, Is.EqualTo((49, 12)));
        Assert.That(shape.Conv2Out, Is.EqualTo((25, 6)));
        Assert.That(shape.LstmSteps, Is.EqualTo(25));
        Assert.That(shape.LstmInput, Is.EqualTo(96));
        var unit = shape with { Conv2Stride = (1, 1) };
        Assert.That((unit.Conv2Out, unit.LstmSteps, unit.LstmInput), Is.EqualTo(((49, 12), 49, 192)));
    }

    [Test]
    public void Crnn_FloatAndDoublePaths_AgreeOnDefaultShape()
    {
        var shape = new CrnnShape();
        var model = new Crnn(shape);
        var pf = model.Layout.Pack(CrnnWeights.RandomHe(shape, 3));
        var xf = new float[shape.Frames * shape.Features];
        var rng = new Random(4);
        for (var i = 0; i < xf.Length; i++) xf[i] = (float)(rng.NextDouble() * 2 - 1);
        var pf2 = model.Forward<float>(pf, xf, new CrnnWorkspace<float>(shape), ForwardOptions.Inference).ToArray();
        var pd = model.Forward<double>(pf.Select(v => (double)v).ToArray(), xf.Select(v => (double)v).ToArray(),
            new CrnnWorkspace<double>(shape), ForwardOptions.Inference).ToArray();
        for (var k = 0; k < shape.Classes; k++) Assert.That(pf2[k], Is.EqualTo(pd[k]).Within(1e-4), $"class {k}");
    }
}
