using System.Numerics;
using System.Numerics.Tensors;
using WakeWord.Training.Quantization;

namespace WakeWord.Training.Layers;

/// <summary>Everything one LSTM direction keeps from the forward pass for backpropagation through time.</summary>
internal sealed class LstmCache<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public LstmCache(int steps, int input, int hidden)
    {
        Steps = steps;
        Hidden = hidden;
        Gates = new T[steps * 4 * hidden];
        C = new T[steps * hidden];
        TanhC = new T[steps * hidden];
        H = new T[steps * hidden];
        HPass = new byte[steps * hidden];
        Pre = new T[steps * 4 * hidden];
        Dh = new T[hidden];
        DhNext = new T[hidden];
        Dc = new T[hidden];
        DPre = new T[4 * hidden];
        Zero = new T[hidden];
        _ = input;
    }

    public int Steps { get; }
    public int Hidden { get; }
    /// <summary>Activated gates per time step [t][i, o, f, c~].</summary>
    public T[] Gates { get; }
    public T[] C { get; }
    public T[] TanhC { get; }
    /// <summary>Hidden state per time step, after fake quantization: this is also the output Y.</summary>
    public T[] H { get; }
    public byte[] HPass { get; }
    internal T[] Pre { get; }
    internal T[] Dh { get; }
    internal T[] DhNext { get; }
    internal T[] Dc { get; }
    internal T[] DPre { get; }
    internal T[] Zero { get; }
}

/// <summary>
/// One direction of the ONNX LSTM (default activations sigmoid/tanh, gate order i, o, f, c, no peepholes,
/// zero initial state): i = σ(W_i x + R_i h + Wb_i + Rb_i), o, f likewise, c~ = tanh(...),
/// C = f ⊙ C_prev + i ⊙ c~, H = o ⊙ tanh(C). The reverse direction processes t = T-1 .. 0 and stores H at t,
/// so its final state is at t = 0. Optional fake quantization of H (the int8 hidden state), straight-through.
/// </summary>
internal static class Lstm
{
    /// <summary>
    /// Runs the direction over xs [T][I]. w is [4H][I], r is [4H][H], b is [8H] (Wb then Rb).
    /// Outputs are in <paramref name="cache"/> (H per step).
    /// </summary>
    public static void Forward<T>(ReadOnlySpan<T> xs, int input, ReadOnlySpan<T> w, ReadOnlySpan<T> r, ReadOnlySpan<T> b,
        bool reverse, ActQuant hQuant, LstmCache<T> cache)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var steps = cache.Steps;
        var h = cache.Hidden;
        var g4 = 4 * h;
        var pre = cache.Pre;
        // Input projections for all steps: pre[t][g] = W[g] · x_t + Wb[g] + Rb[g].
        for (var t = 0; t < steps; t++)
        {
            var xt = xs.Slice(t * input, input);
            var pt = pre.AsSpan(t * g4, g4);
            for (var g = 0; g < g4; g++) pt[g] = TensorPrimitives.Dot(w.Slice(g * input, input), xt) + b[g] + b[g4 + g];
        }
        ReadOnlySpan<T> hPrev = cache.Zero;
        ReadOnlySpan<T> cPrev = cache.Zero;
        for (var k = 0; k < steps; k++)
        {
            var t = reverse ? steps - 1 - k : k;
            var gates = cache.Gates.AsSpan(t * g4, g4);
            var pt = pre.AsSpan(t * g4, g4);
            for (var g = 0; g < g4; g++) gates[g] = pt[g] + TensorPrimitives.Dot(r.Slice(g * h, h), hPrev);
            TensorPrimitives.Sigmoid<T>(gates[..(3 * h)], gates[..(3 * h)]);
            TensorPrimitives.Tanh<T>(gates[(3 * h)..], gates[(3 * h)..]);
            var c = cache.C.AsSpan(t * h, h);
            var tc = cache.TanhC.AsSpan(t * h, h);
            var ht = cache.H.AsSpan(t * h, h);
            for (var j = 0; j < h; j++)
            {
                c[j] = gates[2 * h + j] * cPrev[j] + gates[j] * gates[3 * h + j];
                tc[j] = T.Tanh(c[j]);
                ht[j] = gates[h + j] * tc[j];
            }
            hQuant.Apply(ht, cache.HPass.AsSpan(t * h, h));
            hPrev = ht;
            cPrev = c;
        }
    }

    /// <summary>
    /// Backpropagation through time. dY [T][H] is the loss gradient w.r.t. each step's output (may be sparse).
    /// Accumulates dW, dR, dB and, when <paramref name="dxs"/> is not empty, adds dL/dx_t into it.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> xs, int input, ReadOnlySpan<T> w, ReadOnlySpan<T> r, bool reverse,
        LstmCache<T> cache, ReadOnlySpan<T> dY, Span<T> dW, Span<T> dR, Span<T> dB, Span<T> dxs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var steps = cache.Steps;
        var h = cache.Hidden;
        var g4 = 4 * h;
        var dh = cache.Dh.AsSpan();
        var dhNext = cache.DhNext.AsSpan();
        var dc = cache.Dc.AsSpan();
        var dpre = cache.DPre.AsSpan();
        dhNext.Clear();
        dc.Clear();
        for (var k = steps - 1; k >= 0; k--)
        {
            var t = reverse ? steps - 1 - k : k;
            var tPrev = reverse ? t + 1 : t - 1; // the step processed just before t
            var hasPrev = k > 0;
            ReadOnlySpan<T> cPrev = hasPrev ? cache.C.AsSpan(tPrev * h, h) : cache.Zero;
            ReadOnlySpan<T> hPrev = hasPrev ? cache.H.AsSpan(tPrev * h, h) : cache.Zero;
            var gates = cache.Gates.AsSpan(t * g4, g4);
            var tc = cache.TanhC.AsSpan(t * h, h);
            var pass = cache.HPass.AsSpan(t * h, h);
            TensorPrimitives.Add(dY.Slice(t * h, h), dhNext, dh);
            ActQuant.Backward<T>(pass, dh);
            for (var j = 0; j < h; j++)
            {
                var ig = gates[j];
                var og = gates[h + j];
                var fg = gates[2 * h + j];
                var cg = gates[3 * h + j];
                var dcj = dc[j] + dh[j] * og * (T.One - tc[j] * tc[j]);
                dpre[j] = dcj * cg * ig * (T.One - ig);
                dpre[h + j] = dh[j] * tc[j] * og * (T.One - og);
                dpre[2 * h + j] = dcj * cPrev[j] * fg * (T.One - fg);
                dpre[3 * h + j] = dcj * ig * (T.One - cg * cg);
                dc[j] = dcj * fg;
            }
            var xt = xs.Slice(t * input, input);
            dhNext.Clear();
            for (var g = 0; g < g4; g++)
            {
                var d = dpre[g];
                dB[g] += d;
                dB[g4 + g] += d;
                if (d == T.Zero) continue;
                var dwg = dW.Slice(g * input, input);
                TensorPrimitives.MultiplyAdd(xt, d, dwg, dwg);
                if (!dxs.IsEmpty)
                {
                    var dxt = dxs.Slice(t * input, input);
                    TensorPrimitives.MultiplyAdd(w.Slice(g * input, input), d, dxt, dxt);
                }
                if (hasPrev)
                {
                    var drg = dR.Slice(g * h, h);
                    TensorPrimitives.MultiplyAdd(hPrev, d, drg, drg);
                    TensorPrimitives.MultiplyAdd(r.Slice(g * h, h), d, dhNext, dhNext);
                }
            }
        }
    }
}
