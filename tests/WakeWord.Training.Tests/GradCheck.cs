namespace WakeWord.Training.Tests;

/// <summary>Central finite differences in double precision, compared element by element with an analytic gradient.</summary>
internal static class GradCheck
{
    public static double[] Random(int n, Random rng, double scale = 1.0)
    {
        var a = new double[n];
        for (var i = 0; i < n; i++) a[i] = (rng.NextDouble() * 2 - 1) * scale;
        return a;
    }

    /// <summary>Numerical gradient of <paramref name="loss"/> with respect to every element of <paramref name="x"/>.</summary>
    public static double[] Numeric(double[] x, Func<double> loss, double eps = 1e-6)
    {
        var g = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var keep = x[i];
            x[i] = keep + eps;
            var up = loss();
            x[i] = keep - eps;
            var down = loss();
            x[i] = keep;
            g[i] = (up - down) / (2 * eps);
        }
        return g;
    }

    /// <summary>Asserts |a - n| &lt;= tol * max(1, |a|, |n|) everywhere, naming the first offending index.</summary>
    public static void AssertClose(string what, double[] analytic, double[] numeric, double tol = 1e-6)
    {
        Assert.That(analytic, Has.Length.EqualTo(numeric.Length), what);
        for (var i = 0; i < analytic.Length; i++)
        {
            var scale = Math.Max(1.0, Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric[i])));
            if (Math.Abs(analytic[i] - numeric[i]) > tol * scale)
                Assert.Fail($"{what}: first mismatch at index {i}: analytic {analytic[i]:R}, numeric {numeric[i]:R}");
        }
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
