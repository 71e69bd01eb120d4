using System.Collections.Immutable;

namespace WakeWord.Codegen.IR;

/// <summary>IR operations. Squeeze, Unsqueeze and Flatten import as <see cref="Reshape"/>, Gather as Slice + Reshape.</summary>
public enum OpType
{
    /// <summary>2-D convolution; inputs X, W (OIHW in NCHW graphs, OHWI in NHWC graphs), optional B.</summary>
    Conv,
    /// <summary>Clamp to [Min, Max] (Relu, ReLU6, Clip).</summary>
    Clip,
    MaxPool,
    AveragePool,
    /// <summary>Mean over H and W, keeping them as size 1.</summary>
    GlobalAveragePool,
    /// <summary>Same data, new shape (the output tensor's shape).</summary>
    Reshape,
    Transpose,
    Concat,
    /// <summary>Elements Start..End-1 of one axis (step 1).</summary>
    Slice,
    /// <summary>LSTM; inputs X [T,B,I], W [D,4H,I], R [D,4H,H], optional B [D,8H] (ONNX gate order i, o, f, c); outputs Y, Y_h, Y_c.</summary>
    Lstm,
    /// <summary>Fully connected: Y = X · Wᵀ + B with W [N,K] and X [M,K].</summary>
    Gemm,
    Softmax,
    /// <summary>Inference batch normalization; inputs X, scale, B, mean, var.</summary>
    BatchNorm,
    /// <summary>Reverse the order of elements along one axis (time reverse of a sequence).</summary>
    Reverse,
    /// <summary>
    /// x minus its mean along one axis (<see cref="AxisAttrs"/>), the ONNX pair Sub(x, ReduceMean(x, axes=[a],
    /// keepdims=1)): a per-window mean normalization of each feature over time.
    /// </summary>
    SubtractMean,
}

/// <summary>Attributes of a node; each op has its own record.</summary>
public abstract record OpAttrs
{
    public static readonly NoAttrs None = new();
}

public sealed record NoAttrs : OpAttrs;

/// <summary>Real-valued clamp applied to an op's output (fused activation); unbounded by default.</summary>
public sealed record ActRange(float Min = float.NegativeInfinity, float Max = float.PositiveInfinity)
{
    public static readonly ActRange None = new();
    public bool IsNone => float.IsNegativeInfinity(Min) && float.IsPositiveInfinity(Max);
    public override string ToString() => IsNone ? "none" : $"[{Min:G4}, {Max:G4}]";
}

/// <summary>Window of a conv or pool: kernel, strides, pads (top, left, bottom, right), dilations.</summary>
public sealed record Window(int KernelH, int KernelW, int StrideH, int StrideW, int PadTop, int PadLeft, int PadBottom, int PadRight,
    int DilationH = 1, int DilationW = 1)
{
    public int OutH(int inH) => (inH + PadTop + PadBottom - DilationH * (KernelH - 1) - 1) / StrideH + 1;
    public int OutW(int inW) => (inW + PadLeft + PadRight - DilationW * (KernelW - 1) - 1) / StrideW + 1;
    public override string ToString() =>
        $"k{KernelH}x{KernelW} s{StrideH}x{StrideW} p{PadTop},{PadLeft},{PadBottom},{PadRight}" + (DilationH * DilationW != 1 ? $" d{DilationH}x{DilationW}" : "");
}

public sealed record ConvAttrs(Window Window, ActRange Activation) : OpAttrs;

public sealed record PoolAttrs(Window Window, ActRange Activation) : OpAttrs;

public sealed record ClipAttrs(float Min, float Max) : OpAttrs;

public sealed record TransposeAttrs(ImmutableArray<int> Perm) : OpAttrs
{
    public override string ToString() => $"perm [{string.Join(",", Perm)}]";
}

public sealed record AxisAttrs(int Axis) : OpAttrs;

public sealed record SliceAttrs(int Axis, int Start, int End) : OpAttrs;

public enum LstmDirection
{
    Forward,
    Reverse,
    Bidirectional,
}

public sealed record LstmAttrs(int Hidden, LstmDirection Direction) : OpAttrs
{
    public int Directions => Direction == LstmDirection.Bidirectional ? 2 : 1;
}

public sealed record GemmAttrs(ActRange Activation) : OpAttrs;

public sealed record BatchNormAttrs(float Epsilon) : OpAttrs;
