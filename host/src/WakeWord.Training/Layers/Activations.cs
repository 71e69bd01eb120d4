using System.Numerics;

namespace WakeWord.Training.Layers;

/// <summary>Element-wise layers: ReLU and inverted dropout, forward and backward.</summary>
internal static class Activations
{
    public static void Relu<T>(Span<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++) if (x[i] < T.Zero) x[i] = T.Zero;
    }

    /// <summary>dy *= (y > 0), where y is the ReLU output.</summary>
    public static void ReluBackward<T>(ReadOnlySpan<T> y, Span<T> dy) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < y.Length; i++) if (y[i] <= T.Zero) dy[i] = T.Zero;
    }

    /// <summary>Fills an inverted-dropout mask (0 or 1/(1-rate)) from a seeded generator.</summary>
    public static void DropoutMask<T>(Random rng, T rate, Span<T> mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var keep = T.One / (T.One - rate);
        var r = double.CreateTruncating(rate);
        for (var i = 0; i < mask.Length; i++) mask[i] = rng.NextDouble() < r ? T.Zero : keep;
    }
}
