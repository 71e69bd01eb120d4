using WakeWord.Training.Eval;

namespace WakeWord.Training.Tests;

public class OperatingPointBootstrapTests
{
    /// <summary>A stream's detections at each threshold index from the scores of its false accepts.</summary>
    private static long[] Detections(IEnumerable<int> scores)
    {
        var d = new long[256];
        foreach (var s in scores)
            for (var t = 0; t < 256; t++)
                if (s >= t - 128) d[t]++;
        return d;
    }

    /// <summary>FRR at the lowest threshold within the target, computed directly (the point estimate).</summary>
    private static double PointFrr(IReadOnlyList<long[]> det, IReadOnlyList<double> hours, IReadOnlyList<int> wake, double target)
    {
        for (var t = 0; t < 256; t++)
            if (det.Sum(d => d[t]) / hours.Sum() <= target) return wake.Count(m => m < t - 128) / (double)wake.Count;
        return 1;
    }

    private static (List<long[]> Det, List<double> Hours, List<int> Wake) Population(int streams, int clips, int seed)
    {
        var rng = new Random(seed);
        var det = new List<long[]>();
        for (var i = 0; i < streams; i++)
            det.Add(Detections(Enumerable.Range(0, rng.Next(0, 12)).Select(_ => rng.Next(-100, 110))));
        var wake = Enumerable.Range(0, clips).Select(_ => Math.Clamp((int)(-20 + 150 * rng.NextDouble()), -128, 127)).ToList();
        return (det, Enumerable.Repeat(1.0 / 6, streams).ToList(), wake);
    }

    [Test]
    public void IdenticalStreamsAndClips_GiveAnIntervalOfThePointItself()
    {
        var det = Enumerable.Range(0, 6).Select(_ => Detections([100, 40, 10])).ToList();
        var hours = Enumerable.Repeat(0.5, 6).ToList();
        var wake = Enumerable.Repeat(30, 20).Concat(Enumerable.Repeat(110, 20)).ToList();
        // 6 detections per hour at 10 and above, 4 above 10, 2 above 40; at 2 FA/h the threshold is 41: clips at 30 are rejected.
        var ci = OperatingPointBootstrap.FrrInterval(det, hours, Enumerable.Repeat(30, 40).ToList(), 2)!.Value;
        Assert.That(ci.Low, Is.EqualTo(1.0));
        Assert.That(ci.High, Is.EqualTo(1.0));
        ci = OperatingPointBootstrap.FrrInterval(det, hours, Enumerable.Repeat(110, 40).ToList(), 2)!.Value;
        Assert.That((ci.Low, ci.High), Is.EqualTo((0.0, 0.0)));
        Assert.That(PointFrr(det, hours, wake, 2), Is.EqualTo(0.5));
        // Identical streams fix the threshold; redrawn clips of both kinds move the FRR around its point.
        ci = OperatingPointBootstrap.FrrInterval(det, hours, wake, 2)!.Value;
        Assert.That(0.5, Is.InRange(ci.Low, ci.High));
        Assert.That(ci.High - ci.Low, Is.GreaterThan(0.1).And.LessThan(0.5));
    }

    [Test]
    public void Interval_HoldsThePointEstimate_NarrowsWithMoreData_AndRepeats()
    {
        double smallWidth = 0, largeWidth = 0;
        for (var seed = 1; seed <= 5; seed++)
        {
            var small = Population(18, 600, seed);
            var large = Population(72, 2400, seed);
            var a = OperatingPointBootstrap.FrrInterval(small.Det, small.Hours, small.Wake, 1)!.Value;
            var b = OperatingPointBootstrap.FrrInterval(large.Det, large.Hours, large.Wake, 1)!.Value;
            Assert.That(PointFrr(small.Det, small.Hours, small.Wake, 1), Is.InRange(a.Low, a.High), $"seed {seed}");
            Assert.That(PointFrr(large.Det, large.Hours, large.Wake, 1), Is.InRange(b.Low, b.High), $"seed {seed}");
            Assert.That(a.High - a.Low, Is.GreaterThan(0), "redrawn streams move the threshold");
            Assert.That(OperatingPointBootstrap.FrrInterval(small.Det, small.Hours, small.Wake, 1), Is.EqualTo(a), "seeded");
            smallWidth += a.High - a.Low;
            largeWidth += b.High - b.Low;
        }
        // Four times the streams and clips: about half the width (averaged, as one draw's width is itself noisy).
        Assert.That(largeWidth, Is.LessThan(0.7 * smallWidth));
    }

    [Test]
    public void UnreachableTarget_IsAFalseRejectRateOfOne_AndNoStreamsGiveNoInterval()
    {
        // Every stream has a detection at the top score: no threshold reaches 0 FA/h.
        var det = Enumerable.Range(0, 4).Select(_ => Detections([127])).ToList();
        var ci = OperatingPointBootstrap.FrrInterval(det, [1, 1, 1, 1], [0, 10, 20], 0)!.Value;
        Assert.That((ci.Low, ci.High), Is.EqualTo((1.0, 1.0)));
        Assert.That(OperatingPointBootstrap.FrrInterval([], [], [0, 10], 1), Is.Null);
        Assert.That(OperatingPointBootstrap.FrrInterval(det, [1, 1, 1, 1], [], 1), Is.Null);
        Assert.That(() => OperatingPointBootstrap.FrrInterval(det, [1, 1], [0], 1), Throws.ArgumentException);
    }

    [Test]
    public void Percentile_InterpolatesBetweenRanks()
    {
        var x = new[] { 0.0, 1, 2, 3, 4 };
        Assert.That(OperatingPointBootstrap.Percentile(x, 0), Is.EqualTo(0));
        Assert.That(OperatingPointBootstrap.Percentile(x, 1), Is.EqualTo(4));
        Assert.That(OperatingPointBootstrap.Percentile(x, 0.5), Is.EqualTo(2));
        Assert.That(OperatingPointBootstrap.Percentile(x, 0.1), Is.EqualTo(0.4).Within(1e-12));
    }
}
