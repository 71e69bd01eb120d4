using WakeWord.Core;

namespace WakeWord.Codegen.Quantization;

/// <summary>How a tensor's quantization range is chosen from its calibration values.</summary>
public enum CalibrationMethod
{
    /// <summary>Observed minimum and maximum.</summary>
    MinMax,
    /// <summary>Lower and upper percentiles (e.g. 0.01 % and 99.99 %) of the values.</summary>
    Percentile,
    /// <summary>KL-divergence (entropy) threshold on |x|, TensorRT-style: 2048 bins, 128 (signed) or 256 (non-negative) levels.</summary>
    Entropy,
}

/// <summary>
/// Calibration values of one tensor and its range choices. Min and max are exact over every value; the histogram
/// methods use the stored runs, which are thinned (every other run dropped, then only every 2nd, 4th, ... run kept)
/// once more than <see cref="MaxStoredValues"/> values are held, so memory stays bounded on large calibration sets.
/// </summary>
public sealed class TensorStats
{
    private const int Bins = 2048;
    public const long MaxStoredValues = 1 << 20;
    private readonly List<float[]> _chunks = new();
    private long _stored;
    private int _stride = 1;
    private long _seen;

    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public long Count { get; private set; }

    public void Add(float[] values)
    {
        foreach (var v in values)
        {
            if (v < Min) Min = v;
            if (v > Max) Max = v;
        }
        if (_seen++ % _stride != 0) return;
        _chunks.Add(values);
        _stored += values.Length;
        Count = _stored;
        if (_stored > MaxStoredValues && _chunks.Count > 1)
        {
            var kept = new List<float[]>();
            for (var i = 0; i < _chunks.Count; i += 2) kept.Add(_chunks[i]);
            _chunks.Clear();
            _chunks.AddRange(kept);
            _stored = kept.Sum(c => (long)c.Length);
            Count = _stored;
            _stride *= 2;
        }
    }

    /// <summary>The range [lo, hi] the method picks (always within [Min, Max]).</summary>
    public (double Lo, double Hi) Range(CalibrationMethod method, double percentile = 99.99)
    {
        if (Count == 0) throw new WakeWordException("calibration: a tensor received no values");
        return method switch
        {
            CalibrationMethod.MinMax => (Min, Max),
            CalibrationMethod.Percentile => Percentiles(percentile),
            _ => Entropy(),
        };
    }

    private (double, double) Percentiles(double p)
    {
        if (Max <= Min) return (Min, Max);
        var hist = new long[Bins];
        var w = (Max - Min) / Bins;
        foreach (var c in _chunks)
            foreach (var v in c) hist[Math.Min(Bins - 1, (int)((v - Min) / w))]++;
        var tail = (long)Math.Floor(Count * (100 - p) / 100);
        long acc = 0;
        var lo = 0;
        while (lo < Bins - 1 && acc + hist[lo] <= tail) acc += hist[lo++];
        acc = 0;
        var hi = Bins - 1;
        while (hi > lo && acc + hist[hi] <= tail) acc += hist[hi--];
        return (Math.Max(Min, Min + lo * w), Math.Min(Max, Min + (hi + 1) * w));
    }

    private (double, double) Entropy()
    {
        var maxAbs = Math.Max(Math.Abs(Min), Math.Abs(Max));
        if (maxAbs == 0) return (0, 0);
        var levels = Min >= 0 ? 256 : 128;
        var hist = new double[Bins];
        var w = maxAbs / Bins;
        // Exact zeros (ReLU outputs, padding) are represented exactly by any range; leaving them out keeps their
        // spike in bin 0 from pulling the threshold down.
        foreach (var c in _chunks)
            foreach (var v in c)
                if (v != 0) hist[Math.Min(Bins - 1, (int)(Math.Abs(v) / w))]++;
        var best = Bins;
        var bestKl = double.PositiveInfinity;
        var p = new double[Bins];
        var q = new double[Bins];
        for (var i = levels; i <= Bins; i++)
        {
            // Reference P: the first i bins, with everything beyond folded into the last one.
            Array.Copy(hist, p, i);
            double outliers = 0;
            for (var k = i; k < Bins; k++) outliers += hist[k];
            p[i - 1] += outliers;
            // Candidate Q: P merged into `levels` buckets, spread back over each bucket's non-empty bins.
            Array.Clear(q, 0, i);
            var per = (double)i / levels;
            for (var l = 0; l < levels; l++)
            {
                var s = (int)Math.Floor(l * per);
                var e = l == levels - 1 ? i : (int)Math.Floor((l + 1) * per);
                double sum = 0;
                var nonZero = 0;
                for (var k = s; k < e; k++)
                {
                    sum += hist[k];
                    if (hist[k] > 0) nonZero++;
                }
                if (nonZero == 0) continue;
                for (var k = s; k < e; k++)
                    if (hist[k] > 0) q[k] = sum / nonZero;
            }
            double pSum = 0, qSum = 0;
            for (var k = 0; k < i; k++) { pSum += p[k]; qSum += q[k]; }
            if (qSum == 0) continue;
            double kl = 0;
            for (var k = 0; k < i; k++)
            {
                if (p[k] == 0) continue;
                var pk = p[k] / pSum;
                var qk = q[k] / qSum;
                kl += qk > 0 ? pk * Math.Log(pk / qk) : pk * 20; // an empty Q bin where P has mass: heavy penalty
            }
            if (kl < bestKl)
            {
                bestKl = kl;
                best = i;
            }
        }
        var t = (best + 0.5) * w;
        return (Math.Max(Min, -t), Math.Min(Max, t));
    }
}
