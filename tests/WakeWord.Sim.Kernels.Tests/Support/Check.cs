namespace WakeWord.Sim.Kernels.Tests.Support;

/// <summary>Exact comparisons that name the first differing element.</summary>
public static class Check
{
    /// <summary>Fails with "what[i]: expected e, actual a" at the first difference (or a length mismatch).</summary>
    public static void Equal<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what) where T : IEquatable<T>
    {
        int n = Math.Min(expected.Length, actual.Length);
        for (int i = 0; i < n; i++)
        {
            if (!expected[i].Equals(actual[i]))
                Assert.Fail($"{what}[{i}]: expected {expected[i]}, actual {actual[i]} (first of {Count(expected, actual)} differences)");
        }
        if (expected.Length != actual.Length) Assert.Fail($"{what}: expected {expected.Length} elements, actual {actual.Length}");
    }

    private static int Count<T>(ReadOnlySpan<T> e, ReadOnlySpan<T> a) where T : IEquatable<T>
    {
        int c = 0;
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++) if (!e[i].Equals(a[i])) c++;
        return c;
    }

    /// <summary>Compares two results of the same case: status, field count, then each field element by element.</summary>
    public static string? Diff(CaseResult expected, CaseResult actual)
    {
        if (expected.Status != actual.Status) return $"status: C {expected.Status}, C# {actual.Status}";
        if (expected.Status != 0) return null;
        if (expected.Outputs.Count != actual.Outputs.Count) return $"output count: C {expected.Outputs.Count}, C# {actual.Outputs.Count}";
        for (int f = 0; f < expected.Outputs.Count; f++)
        {
            var e = expected.Outputs[f];
            var a = actual.Outputs[f];
            if (e.ElemSize != a.ElemSize || e.Count != a.Count)
                return $"output {f}: C {e.Count} x {e.ElemSize} bytes, C# {a.Count} x {a.ElemSize} bytes";
            for (int i = 0; i < e.Count; i++)
            {
                if (e[i] != a[i]) return $"output {f} [{i}]: C {e[i]}, C# {a[i]}";
            }
        }
        return null;
    }

    /// <summary>Runs every case through C# and compares with the harness results; fails naming the first bad case.</summary>
    public static void SameAsC(IReadOnlyList<KernelCase> cases, IReadOnlyList<CaseResult> cResults, string build = "C")
    {
        Assert.That(cResults, Has.Count.EqualTo(cases.Count), "harness result count");
        int failures = 0;
        string? first = null;
        for (int i = 0; i < cases.Count; i++)
        {
            var diff = Diff(cResults[i], cases[i].RunCSharp());
            if (diff == null) continue;
            failures++;
            first ??= $"case {i} ({cases[i].Name}): {diff}";
        }
        if (first != null) Assert.Fail($"{failures} of {cases.Count} cases differ between {build} and C#; first: {first}");
        int ok = cResults.Count(r => r.Status == 0);
        Assert.That(ok, Is.GreaterThanOrEqualTo(cases.Count * 9 / 10), "most random cases must be valid calls, or the comparison proves little");
    }
}
