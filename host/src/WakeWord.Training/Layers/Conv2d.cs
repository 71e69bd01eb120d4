using System.Numerics;
using System.Numerics.Tensors;

namespace WakeWord.Training.Layers;

/// <summary>
/// 3x3 Conv2D (ONNX Conv, NCHW, weights OIHW, symmetric zero padding) for one sample, forward and backward,
/// as im2col plus dot products. Generic so tests can run the same code in double against finite differences.
/// </summary>
internal static class Conv2d
{
    public const int K = 3;

    public static int OutSize(int n, int stride, int pad) => (n + 2 * pad - K) / stride + 1;

    /// <summary>Gathers input patches: cols[p][c*9 + kh*3 + kw] for each output position p = oh*outW + ow.</summary>
    public static void Im2Col<T>(ReadOnlySpan<T> x, int c, int h, int w, int stride, int pad, Span<T> cols)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Im2Col<T>(x, c, h, w, stride, stride, pad, cols);

    /// <summary>Gathers input patches: cols[p][c*9 + kh*3 + kw] for each output position p = oh*outW + ow. Strides per axis (rows, columns).</summary>
    public static void Im2Col<T>(ReadOnlySpan<T> x, int c, int h, int w, int strideH, int strideW, int pad, Span<T> cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var oh = OutSize(h, strideH, pad);
        var ow = OutSize(w, strideW, pad);
        var patch = c * K * K;
        for (var y = 0; y < oh; y++)
        for (var xo = 0; xo < ow; xo++)
        {
            var row = cols.Slice((y * ow + xo) * patch, patch);
            var i = 0;
            for (var ch = 0; ch < c; ch++)
            for (var kh = 0; kh < K; kh++)
            {
                var iy = y * strideH - pad + kh;
                for (var kw = 0; kw < K; kw++, i++)
                {
                    var ix = xo * strideW - pad + kw;
                    row[i] = (uint)iy < (uint)h && (uint)ix < (uint)w ? x[(ch * h + iy) * w + ix] : T.Zero;
                }
            }
        }
    }

    /// <summary>Adds patch gradients back to the input gradient (the transpose of <see cref="Im2Col"/>).</summary>
    public static void Col2ImAdd<T>(ReadOnlySpan<T> dcols, int c, int h, int w, int stride, int pad, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Col2ImAdd<T>(dcols, c, h, w, stride, stride, pad, dx);

    /// <summary>Adds patch gradients back to the input gradient (the transpose of <see cref="Im2Col"/>). Strides per axis (rows, columns).</summary>
    public static void Col2ImAdd<T>(ReadOnlySpan<T> dcols, int c, int h, int w, int strideH, int strideW, int pad, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var oh = OutSize(h, strideH, pad);
        var ow = OutSize(w, strideW, pad);
        var patch = c * K * K;
        for (var y = 0; y < oh; y++)
        for (var xo = 0; xo < ow; xo++)
        {
            var row = dcols.Slice((y * ow + xo) * patch, patch);
            var i = 0;
            for (var ch = 0; ch < c; ch++)
            for (var kh = 0; kh < K; kh++)
            {
                var iy = y * strideH - pad + kh;
                for (var kw = 0; kw < K; kw++, i++)
                {
                    var ix = xo * strideW - pad + kw;
                    if ((uint)iy < (uint)h && (uint)ix < (uint)w) dx[(ch * h + iy) * w + ix] += row[i];
                }
            }
        }
    }

    /// <summary>y[m][p] = b[m] + w[m] · cols[p]; y is [M][P] (channel-major, as NCHW).</summary>
    public static void Forward<T>(ReadOnlySpan<T> cols, int positions, int patch, ReadOnlySpan<T> weight,
        ReadOnlySpan<T> bias, int filters, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var m = 0; m < filters; m++)
        {
            var wm = weight.Slice(m * patch, patch);
            var ym = y.Slice(m * positions, positions);
            var bm = bias[m];
            for (var p = 0; p < positions; p++) ym[p] = bm + TensorPrimitives.Dot(wm, cols.Slice(p * patch, patch));
        }
    }

    /// <summary>
    /// Accumulates dW and dB from dy [M][P]; when <paramref name="dcols"/> is not empty also writes the patch
    /// gradients dcols[p] = Σ_m dy[m][p] w[m].
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> cols, int positions, int patch, ReadOnlySpan<T> weight, int filters,
        ReadOnlySpan<T> dy, Span<T> dWeight, Span<T> dBias, Span<T> dcols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var m = 0; m < filters; m++)
        {
            var dym = dy.Slice(m * positions, positions);
            dBias[m] += TensorPrimitives.Sum(dym);
            var dwm = dWeight.Slice(m * patch, patch);
            for (var p = 0; p < positions; p++)
            {
                var g = dym[p];
                if (g != T.Zero) TensorPrimitives.MultiplyAdd(cols.Slice(p * patch, patch), g, dwm, dwm);
            }
        }
        if (dcols.IsEmpty) return;
        dcols.Clear();
        for (var p = 0; p < positions; p++)
        {
            var dc = dcols.Slice(p * patch, patch);
            for (var m = 0; m < filters; m++)
            {
                var g = dy[m * positions + p];
                if (g != T.Zero) TensorPrimitives.MultiplyAdd(weight.Slice(m * patch, patch), g, dc, dc);
            }
        }
    }
}
