using WakeWord.Onnx;

namespace WakeWord.Training.Model;

/// <summary>One named parameter tensor inside the flat parameter vector.</summary>
internal readonly record struct ParamSlice(string Name, int Offset, int Length, int FanIn);

/// <summary>
/// Where each parameter of the default CRNN lives in one flat vector (the same order and ONNX layouts as
/// <see cref="CrnnWeights"/>): conv1 W [C1][1][3][3], conv1 B, conv2 W [C2][C1][3][3], conv2 B,
/// LSTM W [2][4H][I], R [2][4H][H], B [2][8H] (Wb then Rb, gate order i, o, f, c), fc W [K][2H], fc B.
/// One flat vector makes Adam, gradient reduction and finite-difference checks one loop each.
/// </summary>
internal sealed class CrnnLayout
{
    public CrnnLayout(CrnnShape shape)
    {
        Shape = shape;
        var h = shape.Hidden;
        var list = new List<ParamSlice>();
        var at = 0;
        ParamSlice Add(string name, int n, int fanIn)
        {
            var s = new ParamSlice(name, at, n, fanIn);
            at += n;
            list.Add(s);
            return s;
        }
        Conv1W = Add("conv1.weight", shape.Conv1Filters * 9, 9);
        Conv1B = Add("conv1.bias", shape.Conv1Filters, 0);
        Conv2W = Add("conv2.weight", shape.Conv2Filters * shape.Conv1Filters * 9, shape.Conv1Filters * 9);
        Conv2B = Add("conv2.bias", shape.Conv2Filters, 0);
        LstmW = Add("lstm.W", 2 * 4 * h * shape.LstmInput, shape.LstmInput);
        LstmR = Add("lstm.R", 2 * 4 * h * h, h);
        LstmB = Add("lstm.B", 2 * 8 * h, 0);
        FcW = Add("fc.weight", shape.Classes * 2 * h, 2 * h);
        FcB = Add("fc.bias", shape.Classes, 0);
        Slices = list;
        Count = at;
    }

    public CrnnShape Shape { get; }
    public IReadOnlyList<ParamSlice> Slices { get; }
    public int Count { get; }
    public ParamSlice Conv1W { get; }
    public ParamSlice Conv1B { get; }
    public ParamSlice Conv2W { get; }
    public ParamSlice Conv2B { get; }
    public ParamSlice LstmW { get; }
    public ParamSlice LstmR { get; }
    public ParamSlice LstmB { get; }
    public ParamSlice FcW { get; }
    public ParamSlice FcB { get; }

    /// <summary>Packs <see cref="CrnnWeights"/> into a flat vector.</summary>
    public float[] Pack(CrnnWeights w)
    {
        var p = new float[Count];
        w.Conv1W.CopyTo(p, Conv1W.Offset); w.Conv1B.CopyTo(p, Conv1B.Offset);
        w.Conv2W.CopyTo(p, Conv2W.Offset); w.Conv2B.CopyTo(p, Conv2B.Offset);
        w.LstmW.CopyTo(p, LstmW.Offset); w.LstmR.CopyTo(p, LstmR.Offset); w.LstmB.CopyTo(p, LstmB.Offset);
        w.FcW.CopyTo(p, FcW.Offset); w.FcB.CopyTo(p, FcB.Offset);
        return p;
    }

    /// <summary>Unpacks a flat vector into <see cref="CrnnWeights"/> (copies).</summary>
    public CrnnWeights Unpack(float[] p)
    {
        float[] S(ParamSlice s) => p.AsSpan(s.Offset, s.Length).ToArray();
        return new CrnnWeights(S(Conv1W), S(Conv1B), S(Conv2W), S(Conv2B), S(LstmW), S(LstmR), S(LstmB), S(FcW), S(FcB));
    }
}
