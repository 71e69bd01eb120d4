using NUnit.Framework;
using WakeWord.Codegen.Quantization;
using WakeWord.Sim.Kernels;

namespace WakeWord.Codegen.Tests.Quantization;

[TestFixture]
public class QuantMathTests
{
    // Values from testvectors/cmsis-nn README 4.3 (TFLite QuantizeMultiplier on the stated float scales).
    [TestCase(0.02 * 0.0040 * 4096, 1407374884, -1)]
    [TestCase(0.0071 * 0.0042 * 4096, 2098395951, -3)]
    [TestCase(0.02 * 0.0045 * 4096, 1583296744, -1)]
    [TestCase(0.0071 * 0.0047 * 4096, 1174102497, -2)]
    [TestCase(0.02 * 0.0050 * 4096, 1759218604, -1)]
    [TestCase(0.0071 * 0.0052 * 4096, 1299007018, -2)]
    [TestCase(0.02 * 0.0035 * 4096, 1231453023, -1)]
    [TestCase(0.0071 * 0.0037 * 4096, 1848586910, -3)]
    [TestCase(1.0 / 32768, 1073741824, -14)]
    [TestCase(1.0 / (1 << 19), 1073741824, -18)]
    [TestCase(1.0 / (1L << 30) / 0.0071, 1181494085, -22)]
    [TestCase(0.0, 0, 0)]
    [TestCase(1.0, 1073741824, 1)]
    public void QuantizeMultiplier_MatchesTheReferenceIntegers(double real, int mult, int shift) =>
        Assert.That(QuantMath.QuantizeMultiplier(real), Is.EqualTo((mult, shift)));

    /// <summary>Single rounding is within half an LSB of the exact product; CMSIS-NN's default double rounding within one.</summary>
    [TestCase(RoundingMode.Single, 0.5)]
    [TestCase(RoundingMode.Double, 1.0)]
    public void QuantizeMultiplier_RequantizesWithinTheRoundingBound(RoundingMode mode, double bound)
    {
        var rng = new Random(4);
        for (var k = 0; k < 2000; k++)
        {
            var real = Math.Pow(2, rng.NextDouble() * 30 - 25);
            var (m, s) = QuantMath.QuantizeMultiplier(real);
            var v = rng.Next(-100000, 100000);
            var exact = v * real;
            if (Math.Abs(exact) > 1e9) continue;
            Assert.That(Math.Abs(Requant.Requantize(v, m, s, mode) - exact), Is.LessThanOrEqualTo(bound + Math.Abs(exact) * 1e-9 + 1e-9),
                $"real {real}, value {v}");
        }
    }

    [Test]
    public void Asymmetric_ReluRange_HasZeroPointMinus128_AndZeroIsExact()
    {
        var (s, zp) = QuantMath.Asymmetric(0, 5.1);
        Assert.That(zp, Is.EqualTo(-128));
        Assert.That(s, Is.EqualTo(5.1 / 255).Within(1e-12));
        var (s2, zp2) = QuantMath.Asymmetric(-1.3, 2.7);
        Assert.That(s2 * (QuantMath.Quantize(0, s2, zp2, -128, 127) - zp2), Is.EqualTo(0.0));
        Assert.That(s2 * (-128 - zp2), Is.EqualTo(-1.3).Within(s2));
        Assert.That(s2 * (127 - zp2), Is.EqualTo(2.7).Within(s2));
    }

    [Test]
    public void Softmax_ParametersFollowTflm_ForScaleOneSixteenth()
    {
        // input_scale 1/16: real multiplier 2^22 → (2^30, shift 23); diff_min = -floor(31 * 2^26 / 2^23) = -248.
        Assert.That(QuantMath.Softmax(1.0 / 16), Is.EqualTo((1073741824, 23, -248)));
    }

    [Test]
    public void WeightScale_IsMaxAbsOver127_AndWeightsAreSymmetric()
    {
        float[] w = [0.5f, -1.27f, 0.01f];
        var s = QuantMath.WeightScale(w);
        Assert.That(s, Is.EqualTo(0.01).Within(1e-9));
        Assert.That(QuantMath.QuantizeWeights(w, s), Is.EqualTo(new sbyte[] { 50, -127, 1 }));
    }
}
