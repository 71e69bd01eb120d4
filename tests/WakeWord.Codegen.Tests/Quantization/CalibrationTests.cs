using NUnit.Framework;
using WakeWord.Codegen.Quantization;

namespace WakeWord.Codegen.Tests.Quantization;

[TestFixture]
public class CalibrationTests
{
    private static TensorStats Gaussian(int n, int seed, bool relu, double outlier)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (var i = 0; i < n; i++)
        {
            var g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            v[i] = (float)(relu ? Math.Max(0, g) : g);
        }
        v[n / 2] = (float)outlier;
        var s = new TensorStats();
        s.Add(v);
        return s;
    }

    [Test]
    public void MinMax_IsTheObservedExtremes()
    {
        var s = Gaussian(10000, 1, false, 40);
        Assert.That(s.Range(CalibrationMethod.MinMax), Is.EqualTo((s.Min, s.Max)));
        Assert.That(s.Max, Is.EqualTo(40));
    }

    [Test]
    public void LargeCalibrationSets_KeepBoundedMemory_AndExactMinMax()
    {
        var s = new TensorStats();
        var rng = new Random(8);
        for (var k = 0; k < 400; k++)
            s.Add(Enumerable.Range(0, 10000).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray());
        s.Add([5f]);
        Assert.That(s.Count, Is.LessThanOrEqualTo(2 * TensorStats.MaxStoredValues));
        Assert.That(s.Max, Is.EqualTo(5f), "min/max see every value, stored or not");
        var (lo, hi) = s.Range(CalibrationMethod.Percentile, 99.9);
        Assert.That(hi, Is.InRange(0.99, 1.0));
        Assert.That(lo, Is.InRange(-1.0, -0.99));
    }

    [Test]
    public void Percentile_IgnoresARareOutlier()
    {
        var s = Gaussian(100000, 2, false, 40);
        var (lo, hi) = s.Range(CalibrationMethod.Percentile, 99.9);
        Assert.That(hi, Is.InRange(2.8, 3.6), "99.9th percentile of N(0,1) is 3.09");
        Assert.That(lo, Is.InRange(-3.6, -2.8));
    }

    [Test]
    public void Entropy_ClipsTheOutlier_AndKeepsTheBulk()
    {
        var s = Gaussian(100000, 3, false, 40);
        var (lo, hi) = s.Range(CalibrationMethod.Entropy);
        Assert.That(hi, Is.InRange(2.0, 20.0));
        Assert.That(lo, Is.EqualTo(-hi).Or.EqualTo(s.Min));
    }

    [Test]
    public void Entropy_OnReluValues_HasLowerBoundZero()
    {
        var s = Gaussian(50000, 4, true, 30);
        var (lo, hi) = s.Range(CalibrationMethod.Entropy);
        Assert.That(lo, Is.EqualTo(0));
        Assert.That(hi, Is.InRange(2.0, 29.0), "half the values are exact zeros; they must not pull the threshold to the bottom");
    }
}
