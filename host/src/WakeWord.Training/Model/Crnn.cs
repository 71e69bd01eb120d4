using System.Numerics;
using System.Numerics.Tensors;
using WakeWord.Onnx;
using WakeWord.Training.Layers;
using WakeWord.Training.Quantization;

namespace WakeWord.Training.Model;

/// <summary>Per-thread buffers for one sample's forward and backward pass through the CRNN.</summary>
internal sealed class CrnnWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public CrnnWorkspace(CrnnShape s)
    {
        var p1 = s.Conv1Out.H * s.Conv1Out.W;
        var p2 = s.Conv2Out.H * s.Conv2Out.W;
        var steps = s.LstmSteps;
        X = new T[s.Frames * s.Features];
        Cols1 = new T[p1 * 9];
        Y1 = new T[s.Conv1Filters * p1];
        Pass1 = new byte[Y1.Length];
        Cols2 = new T[p2 * s.Conv1Filters * 9];
        Y2 = new T[s.Conv2Filters * p2];
        Pass2 = new byte[Y2.Length];
        Seq = new T[steps * s.LstmInput];
        SeqMask = new T[Seq.Length];
        Fwd = new LstmCache<T>(steps, s.LstmInput, s.Hidden);
        Bwd = new LstmCache<T>(steps, s.LstmInput, s.Hidden);
        HCat = new T[2 * s.Hidden];
        HCatMask = new T[HCat.Length];
        Logits = new T[s.Classes];
        LogitsPass = new byte[s.Classes];
        Probs = new T[s.Classes];
        DLogits = new T[s.Classes];
        DHCat = new T[HCat.Length];
        DYf = new T[steps * s.Hidden];
        DYb = new T[steps * s.Hidden];
        DSeq = new T[Seq.Length];
        DY2 = new T[Y2.Length];
        DCols2 = new T[Cols2.Length];
        DY1 = new T[Y1.Length];
    }

    public T[] X { get; }
    public T[] Cols1 { get; }
    public T[] Y1 { get; }
    public byte[] Pass1 { get; }
    public T[] Cols2 { get; }
    public T[] Y2 { get; }
    public byte[] Pass2 { get; }
    public T[] Seq { get; }
    public T[] SeqMask { get; }
    public LstmCache<T> Fwd { get; }
    public LstmCache<T> Bwd { get; }
    public T[] HCat { get; }
    public T[] HCatMask { get; }
    public T[] Logits { get; }
    public byte[] LogitsPass { get; }
    public T[] Probs { get; }
    public T[] DLogits { get; }
    public T[] DHCat { get; }
    public T[] DYf { get; }
    public T[] DYb { get; }
    public T[] DSeq { get; }
    public T[] DY2 { get; }
    public T[] DCols2 { get; }
    public T[] DY1 { get; }
    /// <summary>Whether the last forward applied dropout masks (so backward applies them too).</summary>
    public bool Dropped { get; set; }
}

/// <summary>
/// A teacher's softened class probabilities for one sample (<paramref name="Soft"/>, at temperature
/// <paramref name="Temperature"/>) and the share <paramref name="Alpha"/> of the loss that follows them.
/// </summary>
internal sealed record DistillTarget<T>(T[] Soft, T Alpha, T Temperature) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Per-sample forward options: dropout (training only) and activation fake quantization.</summary>
internal readonly record struct ForwardOptions(double SeqDropout, double FcDropout, Random? Rng, ActQuantSet? Quant)
{
    public static ForwardOptions Inference => new(0, 0, null, null);
}

/// <summary>
/// The default CRNN (see <see cref="CrnnOnnxBuilder"/> for the graph): conv1 3x3 + ReLU, conv2 3x3 + ReLU (strides from
/// <see cref="CrnnShape"/>),
/// [C][T][W] → [T][C*W], bidirectional LSTM, final states [fwd(T-1), bwd(0)] → fc → softmax.
/// Forward and backward for one sample on a flat parameter vector (<see cref="CrnnLayout"/>).
/// </summary>
internal sealed class Crnn
{
    public Crnn(CrnnShape shape)
    {
        Shape = shape;
        Layout = new CrnnLayout(shape);
    }

    public CrnnShape Shape { get; }
    public CrnnLayout Layout { get; }

    private static ReadOnlySpan<T> P<T>(ReadOnlySpan<T> p, ParamSlice s) => p.Slice(s.Offset, s.Length);
    private static Span<T> G<T>(Span<T> g, ParamSlice s) => g.Slice(s.Offset, s.Length);

    /// <summary>
    /// <see cref="CrnnShape.WindowMean"/>: x[t][c] -= mean over t of x[.][c], summed in frame order (as codegen's
    /// float executor does). The input needs no gradient, so the backward pass has nothing to undo.
    /// </summary>
    public static void SubtractWindowMean<T>(Span<T> x, int frames, int features)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = T.CreateChecked(frames);
        for (var c = 0; c < features; c++)
        {
            var sum = T.Zero;
            for (var t = 0; t < frames; t++) sum += x[t * features + c];
            var mean = sum / n;
            for (var t = 0; t < frames; t++) x[t * features + c] -= mean;
        }
    }

    /// <summary>
    /// Forward pass on features [Frames][Features] (already normalized). Writes ws.Probs and returns them.
    /// <paramref name="ranges"/>, when given, records each quantization point's float range (calibration).
    /// </summary>
    public ReadOnlySpan<T> Forward<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> features, CrnnWorkspace<T> ws,
        ForwardOptions opt, RangeStats? ranges = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = Shape;
        var L = Layout;
        var q = opt.Quant ?? ActQuantSet.Float;
        var (h1, w1) = s.Conv1Out;
        var (oh, ow) = s.Conv2Out;
        var pos1 = h1 * w1;
        var pos = oh * ow;
        features.CopyTo(ws.X);
        Observe(ranges, QuantPoint.Input, ws.X);
        q[QuantPoint.Input].Apply<T>(ws.X, default);
        if (s.WindowMean) SubtractWindowMean(ws.X, s.Frames, s.Features);

        Conv2d.Im2Col<T>(ws.X, 1, s.Frames, s.Features, s.Conv1Stride.H, s.Conv1Stride.W, 1, ws.Cols1);
        Conv2d.Forward<T>(ws.Cols1, pos1, 9, P(parameters, L.Conv1W), P(parameters, L.Conv1B), s.Conv1Filters, ws.Y1);
        Activations.Relu<T>(ws.Y1);
        Observe(ranges, QuantPoint.Conv1, ws.Y1);
        q[QuantPoint.Conv1].Apply<T>(ws.Y1, ws.Pass1);

        var patch2 = s.Conv1Filters * 9;
        Conv2d.Im2Col<T>(ws.Y1, s.Conv1Filters, h1, w1, s.Conv2Stride.H, s.Conv2Stride.W, 1, ws.Cols2);
        Conv2d.Forward<T>(ws.Cols2, pos, patch2, P(parameters, L.Conv2W), P(parameters, L.Conv2B), s.Conv2Filters, ws.Y2);
        Activations.Relu<T>(ws.Y2);
        Observe(ranges, QuantPoint.Conv2, ws.Y2);
        q[QuantPoint.Conv2].Apply<T>(ws.Y2, ws.Pass2);

        // [C][T][W] → [T][C*W]
        var input = s.LstmInput;
        for (var c = 0; c < s.Conv2Filters; c++)
        for (var t = 0; t < oh; t++)
            ws.Y2.AsSpan(c * pos + t * ow, ow).CopyTo(ws.Seq.AsSpan(t * input + c * ow, ow));
        ws.Dropped = opt.Rng != null && (opt.SeqDropout > 0 || opt.FcDropout > 0);
        if (ws.Dropped)
        {
            Activations.DropoutMask(opt.Rng!, T.CreateTruncating(opt.SeqDropout), ws.SeqMask);
            TensorPrimitives.Multiply<T>(ws.Seq, ws.SeqMask, ws.Seq);
        }

        var h = s.Hidden;
        var g4 = 4 * h;
        var w = P(parameters, L.LstmW);
        var r = P(parameters, L.LstmR);
        var b = P(parameters, L.LstmB);
        var hq = q[QuantPoint.Hidden];
        Lstm.Forward<T>(ws.Seq, input, w[..(g4 * input)], r[..(g4 * h)], b[..(2 * g4)], false, hq, ws.Fwd);
        Lstm.Forward<T>(ws.Seq, input, w[(g4 * input)..], r[(g4 * h)..], b[(2 * g4)..], true, hq, ws.Bwd);
        if (ranges != null)
        {
            ranges.Observe(QuantPoint.Hidden, ToFloat(ws.Fwd.H));
            ranges.Observe(QuantPoint.Hidden, ToFloat(ws.Bwd.H));
        }
        ws.Fwd.H.AsSpan((oh - 1) * h, h).CopyTo(ws.HCat);
        ws.Bwd.H.AsSpan(0, h).CopyTo(ws.HCat.AsSpan(h));
        if (ws.Dropped)
        {
            Activations.DropoutMask(opt.Rng!, T.CreateTruncating(opt.FcDropout), ws.HCatMask);
            TensorPrimitives.Multiply<T>(ws.HCat, ws.HCatMask, ws.HCat);
        }

        Dense.Forward<T>(ws.HCat, P(parameters, L.FcW), P(parameters, L.FcB), ws.Logits);
        Observe(ranges, QuantPoint.Logits, ws.Logits);
        q[QuantPoint.Logits].Apply<T>(ws.Logits, ws.LogitsPass);
        SoftmaxCrossEntropy.Softmax<T>(ws.Logits, ws.Probs);
        return ws.Probs;
    }

    /// <summary>
    /// Backward pass for the sample last run through <see cref="Forward"/> on <paramref name="ws"/>: adds the
    /// gradient of the weighted cross-entropy into <paramref name="grad"/> (flat layout) and returns the loss.
    /// With <paramref name="distill"/> the loss is the distillation loss against a teacher's softened probabilities
    /// (<see cref="SoftmaxCrossEntropy.DistillLossAndGradient"/>).
    /// </summary>
    public T Backward<T>(ReadOnlySpan<T> parameters, CrnnWorkspace<T> ws, int label, T classWeight, Span<T> grad,
        DistillTarget<T>? distill = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = Shape;
        var L = Layout;
        var (h1, w1) = s.Conv1Out;
        var (oh, ow) = s.Conv2Out;
        var pos1 = h1 * w1;
        var pos = oh * ow;
        var h = s.Hidden;
        var g4 = 4 * h;
        var input = s.LstmInput;

        var loss = distill is { } d
            ? SoftmaxCrossEntropy.DistillLossAndGradient<T>(ws.Logits, ws.Probs, label, classWeight, d.Soft, d.Alpha, d.Temperature, ws.DLogits)
            : SoftmaxCrossEntropy.LossAndGradient<T>(ws.Probs, label, classWeight, ws.DLogits);
        ActQuant.Backward<T>(ws.LogitsPass, ws.DLogits);
        Dense.Backward<T>(ws.HCat, P(parameters, L.FcW), ws.DLogits, G(grad, L.FcW), G(grad, L.FcB), ws.DHCat);
        if (ws.Dropped) TensorPrimitives.Multiply<T>(ws.DHCat, ws.HCatMask, ws.DHCat);

        Array.Clear(ws.DYf);
        Array.Clear(ws.DYb);
        ws.DHCat.AsSpan(0, h).CopyTo(ws.DYf.AsSpan((oh - 1) * h, h));
        ws.DHCat.AsSpan(h, h).CopyTo(ws.DYb.AsSpan(0, h));
        Array.Clear(ws.DSeq);
        var w = P(parameters, L.LstmW);
        var r = P(parameters, L.LstmR);
        var dW = G(grad, L.LstmW);
        var dR = G(grad, L.LstmR);
        var dB = G(grad, L.LstmB);
        Lstm.Backward<T>(ws.Seq, input, w[..(g4 * input)], r[..(g4 * h)], false, ws.Fwd, ws.DYf,
            dW[..(g4 * input)], dR[..(g4 * h)], dB[..(2 * g4)], ws.DSeq);
        Lstm.Backward<T>(ws.Seq, input, w[(g4 * input)..], r[(g4 * h)..], true, ws.Bwd, ws.DYb,
            dW[(g4 * input)..], dR[(g4 * h)..], dB[(2 * g4)..], ws.DSeq);
        if (ws.Dropped) TensorPrimitives.Multiply<T>(ws.DSeq, ws.SeqMask, ws.DSeq);

        for (var c = 0; c < s.Conv2Filters; c++)
        for (var t = 0; t < oh; t++)
            ws.DSeq.AsSpan(t * input + c * ow, ow).CopyTo(ws.DY2.AsSpan(c * pos + t * ow, ow));
        ActQuant.Backward<T>(ws.Pass2, ws.DY2);
        Activations.ReluBackward<T>(ws.Y2, ws.DY2);
        var patch2 = s.Conv1Filters * 9;
        Conv2d.Backward<T>(ws.Cols2, pos, patch2, P(parameters, L.Conv2W), s.Conv2Filters, ws.DY2,
            G(grad, L.Conv2W), G(grad, L.Conv2B), ws.DCols2);
        Array.Clear(ws.DY1);
        Conv2d.Col2ImAdd<T>(ws.DCols2, s.Conv1Filters, h1, w1, s.Conv2Stride.H, s.Conv2Stride.W, 1, ws.DY1);
        ActQuant.Backward<T>(ws.Pass1, ws.DY1);
        Activations.ReluBackward<T>(ws.Y1, ws.DY1);
        Conv2d.Backward<T>(ws.Cols1, pos1, 9, P(parameters, L.Conv1W), s.Conv1Filters, ws.DY1,
            G(grad, L.Conv1W), G(grad, L.Conv1B), default);
        return loss;
    }

    private static void Observe<T>(RangeStats? ranges, QuantPoint p, T[] values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ranges != null) ranges.Observe(p, ToFloat(values));
    }

    private static float[] ToFloat<T>(T[] v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (v is float[] f) return f;
        var r = new float[v.Length];
        for (var i = 0; i < v.Length; i++) r[i] = float.CreateTruncating(v[i]);
        return r;
    }
}
