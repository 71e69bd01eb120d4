using System.Numerics;
using System.Numerics.Tensors;

namespace WakeWord.Training.Layers;

/// <summary>Fully connected layer (ONNX Gemm with transB = 1): y = W x + b, W is [out][in].</summary>
internal static class Dense
{
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = x.Length;
        for (var o = 0; o < y.Length; o++) y[o] = bias[o] + TensorPrimitives.Dot(weight.Slice(o * n, n), x);
    }

    /// <summary>Accumulates dW, dB; writes dx (when not empty).</summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> dy,
        Span<T> dWeight, Span<T> dBias, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = x.Length;
        if (!dx.IsEmpty) dx.Clear();
        for (var o = 0; o < dy.Length; o++)
        {
            var g = dy[o];
            dBias[o] += g;
            var dw = dWeight.Slice(o * n, n);
            TensorPrimitives.MultiplyAdd(x, g, dw, dw);
            if (!dx.IsEmpty) TensorPrimitives.MultiplyAdd(weight.Slice(o * n, n), g, dx, dx);
        }
    }
}
