using WakeWord.Training.Layers;
using WakeWord.Training.Quantization;

namespace WakeWord.Training.Tests.Layers;

/// <summary>Every layer's backward pass equals the finite-difference gradient of its forward pass (double precision).</summary>
[TestFixture]
public class LayerGradientTests
{
    [TestCase(2, 7, 6, 3, 2, 1)]
    [TestCase(1, 9, 8, 4, 1, 1)]
    public void Conv2d_Backward_MatchesFiniteDifferences(int c, int h, int w, int m, int stride, int pad)
    {
        var rng = new Random(1);
        var oh = Conv2d.OutSize(h, stride, pad);
        var ow = Conv2d.OutSize(w, stride, pad);
        var pos = oh * ow;
        var patch = c * 9;
        var x = GradCheck.Random(c * h * w, rng);
        var wt = GradCheck.Random(m * patch, rng);
        var b = GradCheck.Random(m, rng);
        var coef = GradCheck.Random(m * pos, rng);
        double Loss()
        {
            var cols = new double[pos * patch];
            var y = new double[m * pos];
            Conv2d.Im2Col<double>(x, c, h, w, stride, pad, cols);
            Conv2d.Forward<double>(cols, pos, patch, wt, b, m, y);
            return GradCheck.Dot(y, coef);
        }
        var cols0 = new double[pos * patch];
        Conv2d.Im2Col<double>(x, c, h, w, stride, pad, cols0);
        var dw = new double[wt.Length];
        var db = new double[b.Length];
        var dcols = new double[cols0.Length];
        Conv2d.Backward<double>(cols0, pos, patch, wt, m, coef, dw, db, dcols);
        var dx = new double[x.Length];
        Conv2d.Col2ImAdd<double>(dcols, c, h, w, stride, pad, dx);
        GradCheck.AssertClose("dW", dw, GradCheck.Numeric(wt, Loss));
        GradCheck.AssertClose("dB", db, GradCheck.Numeric(b, Loss));
        GradCheck.AssertClose("dX", dx, GradCheck.Numeric(x, Loss));
    }

    [Test]
    public void Dense_Backward_MatchesFiniteDifferences()
    {
        var rng = new Random(2);
        var x = GradCheck.Random(7, rng);
        var wt = GradCheck.Random(4 * 7, rng);
        var b = GradCheck.Random(4, rng);
        var coef = GradCheck.Random(4, rng);
        double Loss()
        {
            var y = new double[4];
            Dense.Forward<double>(x, wt, b, y);
            return GradCheck.Dot(y, coef);
        }
        var dw = new double[wt.Length];
        var db = new double[4];
        var dx = new double[7];
        Dense.Backward<double>(x, wt, coef, dw, db, dx);
        GradCheck.AssertClose("dW", dw, GradCheck.Numeric(wt, Loss));
        GradCheck.AssertClose("dB", db, GradCheck.Numeric(b, Loss));
        GradCheck.AssertClose("dX", dx, GradCheck.Numeric(x, Loss));
    }

    [TestCase(0, 1.0)]
    [TestCase(2, 0.25)]
    public void SoftmaxCrossEntropy_Gradient_MatchesFiniteDifferences(int label, double weight)
    {
        var logits = GradCheck.Random(3, new Random(3), 3);
        double Loss()
        {
            var p = new double[3];
            SoftmaxCrossEntropy.Softmax<double>(logits, p);
            return SoftmaxCrossEntropy.LossAndGradient<double>(p, label, weight, new double[3]);
        }
        var probs = new double[3];
        SoftmaxCrossEntropy.Softmax<double>(logits, probs);
        var d = new double[3];
        SoftmaxCrossEntropy.LossAndGradient<double>(probs, label, weight, d);
        GradCheck.AssertClose("dLogits", d, GradCheck.Numeric(logits, Loss));
        Assert.That(probs.Sum(), Is.EqualTo(1.0).Within(1e-12));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Lstm_Bptt_MatchesFiniteDifferences(bool reverse)
    {
        const int steps = 6, input = 5, hidden = 4;
        var rng = new Random(reverse ? 5 : 4);
        var xs = GradCheck.Random(steps * input, rng);
        var w = GradCheck.Random(4 * hidden * input, rng, 0.7);
        var r = GradCheck.Random(4 * hidden * hidden, rng, 0.7);
        var b = GradCheck.Random(8 * hidden, rng, 0.5);
        var coef = GradCheck.Random(steps * hidden, rng);
        double Loss()
        {
            var cache = new LstmCache<double>(steps, input, hidden);
            Lstm.Forward<double>(xs, input, w, r, b, reverse, ActQuant.Disabled, cache);
            return GradCheck.Dot(cache.H, coef);
        }
        var c0 = new LstmCache<double>(steps, input, hidden);
        Lstm.Forward<double>(xs, input, w, r, b, reverse, ActQuant.Disabled, c0);
        var dw = new double[w.Length];
        var dr = new double[r.Length];
        var db = new double[b.Length];
        var dx = new double[xs.Length];
        Lstm.Backward<double>(xs, input, w, r, reverse, c0, coef, dw, dr, db, dx);
        GradCheck.AssertClose("dW", dw, GradCheck.Numeric(w, Loss));
        GradCheck.AssertClose("dR", dr, GradCheck.Numeric(r, Loss));
        GradCheck.AssertClose("dB", db, GradCheck.Numeric(b, Loss));
        GradCheck.AssertClose("dX", dx, GradCheck.Numeric(xs, Loss));
    }

    [Test]
    public void Lstm_ReverseDirection_FinalStateIsAtTimeZeroAndEqualsForwardOnReversedInput()
    {
        const int steps = 5, input = 3, hidden = 2;
        var rng = new Random(6);
        var xs = GradCheck.Random(steps * input, rng);
        var w = GradCheck.Random(4 * hidden * input, rng);
        var r = GradCheck.Random(4 * hidden * hidden, rng);
        var b = GradCheck.Random(8 * hidden, rng);
        var rev = new double[xs.Length];
        for (var t = 0; t < steps; t++) xs.AsSpan(t * input, input).CopyTo(rev.AsSpan((steps - 1 - t) * input, input));
        var a = new LstmCache<double>(steps, input, hidden);
        var f = new LstmCache<double>(steps, input, hidden);
        Lstm.Forward<double>(xs, input, w, r, b, true, ActQuant.Disabled, a);
        Lstm.Forward<double>(rev, input, w, r, b, false, ActQuant.Disabled, f);
        for (var t = 0; t < steps; t++)
        for (var j = 0; j < hidden; j++)
            Assert.That(a.H[t * hidden + j], Is.EqualTo(f.H[(steps - 1 - t) * hidden + j]).Within(1e-15), $"t {t} j {j}");
    }

    [Test]
    public void LstmCell_SingleStep_MatchesOnnxEquations()
    {
        // One step, hidden 1, input 1, by hand: gates in ONNX order i, o, f, c.
        double[] x = [0.5];
        double[] w = [0.1, 0.2, 0.3, 0.4];
        double[] r = [0, 0, 0, 0];
        double[] b = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08];
        var cache = new LstmCache<double>(1, 1, 1);
        Lstm.Forward<double>(x, 1, w, r, b, false, ActQuant.Disabled, cache);
        static double Sig(double v) => 1 / (1 + Math.Exp(-v));
        var i = Sig(0.05 + 0.06);
        var o = Sig(0.1 + 0.08);
        var cc = Math.Tanh(0.2 + 0.12);
        var expected = o * Math.Tanh(i * cc);
        Assert.That(cache.H[0], Is.EqualTo(expected).Within(1e-15));
    }
}
