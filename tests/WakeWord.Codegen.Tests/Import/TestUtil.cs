using NUnit.Framework;
using WakeWord.Codegen.IR;
using WakeWord.Core;

namespace WakeWord.Codegen.Tests.Import;

internal static class TestUtil
{
    public static string DefaultModelPath => Path.Combine(RepoPaths.Datasets, "models", "default", "crnn.onnx");

    public static float[] RandomInput(int n, int seed, double scale = 1.5)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();
    }

    /// <summary>Asserts two float arrays agree within <paramref name="tol"/>, naming the first differing index.</summary>
    public static void AssertClose(float[] actual, float[] expected, double tol, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: length");
        for (var i = 0; i < actual.Length; i++)
            if (!(Math.Abs(actual[i] - expected[i]) <= tol))
                Assert.Fail($"{what}: first difference at index {i}: actual {actual[i]}, expected {expected[i]} (tolerance {tol})");
    }

    public static float[] Output(Graph g, float[] input) => FloatExecutor.Run(g, input)[g.Outputs[0]];
}
