using WakeWord.Core;

namespace WakeWord.Codegen.IR;

/// <summary>
/// Runs a float IR graph (NCHW or NHWC) in C#, with double accumulation. It checks that passes keep a graph's
/// meaning (same outputs before and after) and gives float values of tensors that only exist after the passes
/// (split LSTM directions, reversed sequences). Tests check it against ONNX Runtime on the imported graph.
/// </summary>
public static class FloatExecutor
{
    /// <summary>
    /// Runs <paramref name="g"/> on one input; returns the value of every activation tensor by name. When
    /// <paramref name="cellMaxAbs"/> is given, it records the largest |cell state| each LSTM node reached.
    /// </summary>
    public static Dictionary<string, float[]> Run(Graph g, float[] input, Dictionary<string, double>? cellMaxAbs = null)
    {
        var v = new Dictionary<string, float[]>();
        var x0 = g[g.Inputs[0]];
        if (input.Length != x0.Elements) throw new WakeWordException($"input '{x0.Name}': {input.Length} values, expected {x0.Elements}");
        v[x0.Name] = input;
        float[] Get(string name)
        {
            if (v.TryGetValue(name, out var a)) return a;
            var t = g[name];
            if (t.Floats is { } f) return v[name] = f.ToArray();
            throw new WakeWordException($"IR: tensor '{name}' has no value (not a float constant or not computed yet)");
        }
        foreach (var n in g.Nodes)
        {
            var outT = n.Outputs.Select(o => o.Length > 0 ? g[o] : null).ToArray();
            var x = Get(n.Inputs[0]);
            var xs = g[n.Inputs[0]].Shape;
            var y = outT[0] != null ? new float[outT[0]!.Elements] : [];
            switch (n.Op)
            {
                case OpType.Conv:
                {
                    var a = (ConvAttrs)n.Attrs;
                    Conv(x, xs.ToArray(), Get(n.Inputs[1]), g[n.Inputs[1]].Shape.ToArray(), n.Inputs.Length > 2 && n.Inputs[2].Length > 0 ? Get(n.Inputs[2]) : null,
                        a.Window, g.Layout, y, outT[0]!.Shape.ToArray());
                    Clamp(y, a.Activation.Min, a.Activation.Max);
                    break;
                }
                case OpType.Clip:
                {
                    var a = (ClipAttrs)n.Attrs;
                    x.CopyTo(y, 0);
                    Clamp(y, a.Min, a.Max);
                    break;
                }
                case OpType.MaxPool:
                case OpType.AveragePool:
                {
                    var a = (PoolAttrs)n.Attrs;
                    Pool(x, xs.ToArray(), a.Window, n.Op == OpType.MaxPool, g.Layout, y, outT[0]!.Shape.ToArray());
                    Clamp(y, a.Activation.Min, a.Activation.Max);
                    break;
                }
                case OpType.GlobalAveragePool:
                {
                    var s = xs.ToArray();
                    var w = new Window(s[g.Layout == Layout.Nchw ? 2 : 1], s[g.Layout == Layout.Nchw ? 3 : 2], 1, 1, 0, 0, 0, 0);
                    Pool(x, s, w, false, g.Layout, y, outT[0]!.Shape.ToArray());
                    break;
                }
                case OpType.Reshape:
                    x.CopyTo(y, 0);
                    break;
                case OpType.Transpose:
                    Transpose(x, xs.ToArray(), ((TransposeAttrs)n.Attrs).Perm.ToArray(), y);
                    break;
                case OpType.Concat:
                {
                    var axis = ((AxisAttrs)n.Attrs).Axis;
                    var os = outT[0]!.Shape;
                    int outer = Prod(os, 0, axis), inner = Prod(os, axis + 1, os.Length);
                    var at = 0;
                    foreach (var name in n.Inputs)
                    {
                        var part = Get(name);
                        var len = g[name].Shape[axis] * inner;
                        for (var o = 0; o < outer; o++) Array.Copy(part, o * len, y, o * os[axis] * inner + at, len);
                        at += len;
                    }
                    break;
                }
                case OpType.Slice:
                {
                    var a = (SliceAttrs)n.Attrs;
                    int outer = Prod(xs, 0, a.Axis), inner = Prod(xs, a.Axis + 1, xs.Length), dim = xs[a.Axis], len = (a.End - a.Start) * inner;
                    for (var o = 0; o < outer; o++) Array.Copy(x, (o * dim + a.Start) * inner, y, o * len, len);
                    break;
                }
                case OpType.Reverse:
                {
                    var axis = ((AxisAttrs)n.Attrs).Axis;
                    int outer = Prod(xs, 0, axis), inner = Prod(xs, axis + 1, xs.Length), dim = xs[axis];
                    for (var o = 0; o < outer; o++)
                        for (var i = 0; i < dim; i++) Array.Copy(x, (o * dim + i) * inner, y, (o * dim + dim - 1 - i) * inner, inner);
                    break;
                }
                case OpType.SubtractMean:
                {
                    var axis = ((AxisAttrs)n.Attrs).Axis;
                    int outer = Prod(xs, 0, axis), inner = Prod(xs, axis + 1, xs.Length), dim = xs[axis];
                    SubtractMean(x, y, outer, dim, inner);
                    break;
                }
                case OpType.Lstm:
                {
                    var a = (LstmAttrs)n.Attrs;
                    var yh = outT.Length > 1 && outT[1] != null ? new float[outT[1]!.Elements] : null;
                    var yFull = outT[0] != null ? y : new float[xs[0] * a.Directions * xs[1] * a.Hidden];
                    Lstm(x, xs.ToArray(), Get(n.Inputs[1]), Get(n.Inputs[2]), n.Inputs.Length > 3 && n.Inputs[3].Length > 0 ? Get(n.Inputs[3]) : null,
                        a, yFull, yh, out var cmax);
                    if (cellMaxAbs != null) cellMaxAbs[n.Name] = Math.Max(cellMaxAbs.GetValueOrDefault(n.Name), cmax);
                    if (yh != null) v[n.Outputs[1]] = yh;
                    break;
                }
                case OpType.Gemm:
                {
                    var a = (GemmAttrs)n.Attrs;
                    var w = Get(n.Inputs[1]);
                    var b = n.Inputs.Length > 2 && n.Inputs[2].Length > 0 ? Get(n.Inputs[2]) : null;
                    var nOut = g[n.Inputs[1]].Shape[0];
                    var k = g[n.Inputs[1]].Shape[1];
                    var rows = x.Length / k;
                    for (var r = 0; r < rows; r++)
                        for (var j = 0; j < nOut; j++)
                        {
                            double acc = b?[j] ?? 0;
                            for (var i = 0; i < k; i++) acc += (double)x[r * k + i] * w[j * k + i];
                            y[r * nOut + j] = (float)acc;
                        }
                    Clamp(y, a.Activation.Min, a.Activation.Max);
                    break;
                }
                case OpType.Softmax:
                {
                    var d = xs[((AxisAttrs)n.Attrs).Axis];
                    for (var o = 0; o < x.Length; o += d)
                    {
                        double max = double.NegativeInfinity, sum = 0;
                        for (var i = 0; i < d; i++) max = Math.Max(max, x[o + i]);
                        for (var i = 0; i < d; i++) sum += Math.Exp(x[o + i] - max);
                        for (var i = 0; i < d; i++) y[o + i] = (float)(Math.Exp(x[o + i] - max) / sum);
                    }
                    break;
                }
                case OpType.BatchNorm:
                {
                    var eps = ((BatchNormAttrs)n.Attrs).Epsilon;
                    float[] sc = Get(n.Inputs[1]), bi = Get(n.Inputs[2]), mu = Get(n.Inputs[3]), va = Get(n.Inputs[4]);
                    var cAxis = g.Layout == Layout.Nhwc && xs.Length == 4 ? 3 : 1;
                    int c = xs[cAxis], inner = Prod(xs, cAxis + 1, xs.Length);
                    for (var i = 0; i < x.Length; i++)
                    {
                        var ch = i / inner % c;
                        y[i] = (float)((x[i] - mu[ch]) / Math.Sqrt(va[ch] + (double)eps) * sc[ch] + bi[ch]);
                    }
                    break;
                }
                default:
                    throw new WakeWordException($"IR: node '{n.Name}': the float executor cannot run {n.Op}");
            }
            if (outT[0] != null) v[n.Outputs[0]] = y;
        }
        return v;
    }

    internal static int Prod(IReadOnlyList<int> s, int from, int to)
    {
        var p = 1;
        for (var i = from; i < to; i++) p *= s[i];
        return p;
    }

    private static void Clamp(float[] y, float lo, float hi)
    {
        for (var i = 0; i < y.Length; i++) y[i] = Math.Clamp(y[i], lo, hi);
    }

    /// <summary>Index helper: element (n, c, h, w) of a 4-D tensor in the given layout.</summary>
    private static int At(int[] s, Layout l, int n, int c, int h, int w) => l == Layout.Nchw
        ? ((n * s[1] + c) * s[2] + h) * s[3] + w
        : ((n * s[1] + h) * s[2] + w) * s[3] + c;

    private static (int N, int C, int H, int W) Dims(int[] s, Layout l) => l == Layout.Nchw ? (s[0], s[1], s[2], s[3]) : (s[0], s[3], s[1], s[2]);

    private static void Conv(float[] x, int[] xs, float[] w, int[] ws, float[]? b, Window win, Layout l, float[] y, int[] ys)
    {
        var (n, cin, ih, iw) = Dims(xs, l);
        var (_, cout, oh, ow) = Dims(ys, l);
        // Weight OIHW (NCHW graphs) or OHWI (NHWC graphs).
        int WAt(int o, int c, int ky, int kx) => l == Layout.Nchw
            ? ((o * ws[1] + c) * ws[2] + ky) * ws[3] + kx
            : ((o * ws[1] + ky) * ws[2] + kx) * ws[3] + c;
        for (var b0 = 0; b0 < n; b0++)
            for (var o = 0; o < cout; o++)
                for (var oy = 0; oy < oh; oy++)
                    for (var ox = 0; ox < ow; ox++)
                    {
                        double acc = b?[o] ?? 0;
                        for (var ky = 0; ky < win.KernelH; ky++)
                        {
                            var yy = oy * win.StrideH - win.PadTop + ky * win.DilationH;
                            if (yy < 0 || yy >= ih) continue;
                            for (var kx = 0; kx < win.KernelW; kx++)
                            {
                                var xx = ox * win.StrideW - win.PadLeft + kx * win.DilationW;
                                if (xx < 0 || xx >= iw) continue;
                                for (var c = 0; c < cin; c++) acc += (double)x[At(xs, l, b0, c, yy, xx)] * w[WAt(o, c, ky, kx)];
                            }
                        }
                        y[At(ys, l, b0, o, oy, ox)] = (float)acc;
                    }
    }

    private static void Pool(float[] x, int[] xs, Window win, bool max, Layout l, float[] y, int[] ys)
    {
        var (n, c, ih, iw) = Dims(xs, l);
        var (_, _, oh, ow) = Dims(ys, l);
        for (var b0 = 0; b0 < n; b0++)
            for (var ch = 0; ch < c; ch++)
                for (var oy = 0; oy < oh; oy++)
                    for (var ox = 0; ox < ow; ox++)
                    {
                        double acc = max ? double.NegativeInfinity : 0;
                        var count = 0;
                        for (var ky = 0; ky < win.KernelH; ky++)
                        {
                            var yy = oy * win.StrideH - win.PadTop + ky;
                            if (yy < 0 || yy >= ih) continue;
                            for (var kx = 0; kx < win.KernelW; kx++)
                            {
                                var xx = ox * win.StrideW - win.PadLeft + kx;
                                if (xx < 0 || xx >= iw) continue;
                                var val = x[At(xs, l, b0, ch, yy, xx)];
                                acc = max ? Math.Max(acc, val) : acc + val;
                                count++;
                            }
                        }
                        y[At(ys, l, b0, ch, oy, ox)] = (float)(max ? acc : acc / count);
                    }
    }

    /// <summary>Generic N-d transpose: output dim i is input dim perm[i].</summary>
    /// <summary>
    /// y = x - mean(x) along the middle axis of [outer][dim][inner], the mean summed in float in index order and
    /// divided by <paramref name="dim"/> (the order the trainer and ONNX Runtime's ReduceMean use).
    /// </summary>
    public static void SubtractMean(ReadOnlySpan<float> x, Span<float> y, int outer, int dim, int inner)
    {
        for (var o = 0; o < outer; o++)
            for (var i = 0; i < inner; i++)
            {
                var sum = 0f;
                for (var t = 0; t < dim; t++) sum += x[(o * dim + t) * inner + i];
                var mean = sum / dim;
                for (var t = 0; t < dim; t++) y[(o * dim + t) * inner + i] = x[(o * dim + t) * inner + i] - mean;
            }
    }

    public static void Transpose(float[] x, int[] xs, int[] perm, float[] y)
    {
        var rank = xs.Length;
        var inStride = new int[rank];
        for (int i = rank - 1, s = 1; i >= 0; s *= xs[i], i--) inStride[i] = s;
        var os = perm.Select(p => xs[p]).ToArray();
        var idx = new int[rank];
        for (var o = 0; o < y.Length; o++)
        {
            var src = 0;
            for (var i = 0; i < rank; i++) src += idx[i] * inStride[perm[i]];
            y[o] = x[src];
            for (var i = rank - 1; i >= 0; i--)
            {
                if (++idx[i] < os[i]) break;
                idx[i] = 0;
            }
        }
    }

    /// <summary>ONNX LSTM (gate order i, o, f, c; default activations), Y [T,D,B,H], Y_h [D,B,H]; reverse runs t = T-1 .. 0.</summary>
    private static void Lstm(float[] x, int[] xs, float[] w, float[] r, float[]? b, LstmAttrs a, float[] y, float[]? yh, out double cellMax)
    {
        cellMax = 0;
        int t = xs[0], batch = xs[1], inSize = xs[2], h = a.Hidden, nd = a.Directions;
        var gates = new double[4 * h];
        for (var d = 0; d < nd; d++)
        {
            var reverse = a.Direction == LstmDirection.Reverse || d == 1;
            for (var bt = 0; bt < batch; bt++)
            {
                var hs = new double[h];
                var cs = new double[h];
                for (var step = 0; step < t; step++)
                {
                    var ti = reverse ? t - 1 - step : step;
                    for (var j = 0; j < 4 * h; j++)
                    {
                        double acc = b == null ? 0 : (double)b[d * 8 * h + j] + b[d * 8 * h + 4 * h + j];
                        for (var i = 0; i < inSize; i++) acc += (double)x[(ti * batch + bt) * inSize + i] * w[(d * 4 * h + j) * inSize + i];
                        for (var k = 0; k < h; k++) acc += hs[k] * r[(d * 4 * h + j) * h + k];
                        gates[j] = acc;
                    }
                    for (var j = 0; j < h; j++)
                    {
                        var ig = Sigmoid(gates[j]);
                        var og = Sigmoid(gates[h + j]);
                        var fg = Sigmoid(gates[2 * h + j]);
                        var cg = Math.Tanh(gates[3 * h + j]);
                        cs[j] = fg * cs[j] + ig * cg;
                        cellMax = Math.Max(cellMax, Math.Abs(cs[j]));
                        hs[j] = og * Math.Tanh(cs[j]);
                        y[((ti * nd + d) * batch + bt) * h + j] = (float)hs[j];
                    }
                }
                if (yh != null)
                    for (var j = 0; j < h; j++) yh[(d * batch + bt) * h + j] = (float)hs[j];
            }
        }
    }

    private static double Sigmoid(double v) => 1.0 / (1.0 + Math.Exp(-v));
}
