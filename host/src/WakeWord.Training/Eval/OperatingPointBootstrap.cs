using WakeWord.Datasets.Util;

namespace WakeWord.Training.Eval;

/// <summary>
/// How far an operating point's false-reject rate could move with other test data of the same kind: a percentile
/// bootstrap that redraws, with replacement, whole streams (their false accepts come in clusters, a planted phrase
/// and the evaluations around it, so streams are the unit) and wake clips, sets the threshold for the target
/// false accepts per hour on the redrawn streams, and reads the false-reject rate of the redrawn clips there.
/// Seeded, so the same evaluation gives the same interval. It measures the test set's sampling noise only; models
/// trained with other seeds differ by more (docs/training.md).
/// </summary>
public static class OperatingPointBootstrap
{
    public const int DefaultReplicates = 1000;
    public const double Coverage = 0.95;

    /// <param name="detections">Per stream, its detections at each of the 256 thresholds (non-increasing).</param>
    /// <param name="hours">Per stream, the hours it counts for (all of it, or its ordinary audio).</param>
    /// <param name="wakeMax">Per wake clip, its highest smoothed score (-128..127); accepted at threshold t when >= t.</param>
    /// <returns>The 2.5 and 97.5 percentiles of the false-reject rate (1 when the target is out of reach), or null
    /// without streams or wake clips.</returns>
    public static (double Low, double High)? FrrInterval(IReadOnlyList<long[]> detections, IReadOnlyList<double> hours,
        IReadOnlyList<int> wakeMax, double target, int replicates = DefaultReplicates, long seed = 1)
    {
        if (detections.Count != hours.Count) throw new ArgumentException("one hours figure per stream", nameof(hours));
        if (detections.Count == 0 || wakeMax.Count == 0 || hours.Sum() <= 0 || replicates < 1) return null;
        var rng = StableRng.ForItem(seed, $"operating-point-bootstrap:{target:R}");
        var frr = new double[replicates];
        var d = new long[256];
        var below = new int[257]; // below[t] = redrawn wake clips with a score under threshold index t
        for (var r = 0; r < replicates; r++)
        {
            Array.Clear(d);
            double h = 0;
            for (var k = 0; k < detections.Count; k++)
            {
                var s = rng.Next(detections.Count);
                h += hours[s];
                var ds = detections[s];
                for (var t = 0; t < 256; t++) d[t] += ds[t];
            }
            Array.Clear(below);
            for (var k = 0; k < wakeMax.Count; k++) below[wakeMax[rng.Next(wakeMax.Count)] + 128 + 1]++;
            for (var t = 1; t <= 256; t++) below[t] += below[t - 1];
            frr[r] = 1;
            if (h <= 0) continue;
            for (var t = 0; t < 256; t++)
            {
                if (d[t] / h <= target)
                {
                    frr[r] = below[t] / (double)wakeMax.Count;
                    break;
                }
            }
        }
        Array.Sort(frr);
        return (Percentile(frr, (1 - Coverage) / 2), Percentile(frr, 1 - (1 - Coverage) / 2));
    }

    /// <summary>Linear interpolation between the closest ranks of a sorted sample.</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        var x = q * (sorted.Length - 1);
        var i = (int)Math.Floor(x);
        return i + 1 < sorted.Length ? sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
