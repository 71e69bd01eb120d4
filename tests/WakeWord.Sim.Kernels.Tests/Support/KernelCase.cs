using System.Runtime.InteropServices;

namespace WakeWord.Sim.Kernels.Tests.Support;

/// <summary>One array passed to or returned by a kernel: element size 1, 2, 4 or 8 bytes. Empty = NULL in C.</summary>
public sealed record Field(int ElemSize, Array Data)
{
    public int Count => Data.Length;

    public static Field Of(params sbyte[] v) => new(1, v);
    public static Field Of(params short[] v) => new(2, v);
    public static Field Of(params int[] v) => new(4, v);
    public static Field Of(params long[] v) => new(8, v);
    public static Field Null8 => new(1, Array.Empty<sbyte>());
    public static Field Null32 => new(4, Array.Empty<int>());

    public byte[] Bytes() => Data switch
    {
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        _ => throw new InvalidOperationException("unsupported field type"),
    };

    public long this[int i] => Data switch
    {
        sbyte[] a => a[i],
        short[] a => a[i],
        int[] a => a[i],
        long[] a => a[i],
        _ => throw new InvalidOperationException(),
    };
}

/// <summary>A kernel call's result: status and output arrays, the same from the C harness and from C#.</summary>
public sealed record CaseResult(int Status, IReadOnlyList<Field> Outputs);

/// <summary>
/// One kernel call: the harness op code, its input fields (see firmware/tests/kernels/kernel_harness.c for the
/// order per op) and the C# twin producing the same result shape.
/// </summary>
public sealed record KernelCase(string Name, int Op, IReadOnlyList<Field> Inputs, Func<CaseResult> RunCSharp);

/// <summary>Op codes of the C harness.</summary>
public static class Op
{
    public const int ConvWrapperS8 = 1, ConvS8 = 2, Conv1x1FastS8 = 3, Conv1x1S8 = 4, Conv1XNS8 = 5;
    public const int DwWrapperS8 = 6, DwS8 = 7, DwOptS8 = 8, Dw3x3S8 = 9;
    public const int FcS8 = 10, FcPerChannelS8 = 11, FcS16 = 12;
    public const int MaxPoolS8 = 13, AvgpoolS8 = 14, SoftmaxS8 = 15, LstmS8 = 16, Requantize = 17, ActivationS16 = 18;
    public const int ConvWrapperS16 = 19, ConvS16 = 20, VectorSumS8 = 21, LstmTraceS8 = 22;
}

/// <summary>Output buffers start filled with this byte on both sides (outputs a kernel leaves untouched compare equal).</summary>
public static class Fill
{
    public const byte Byte = 0x55;
    public static sbyte[] S8(int n) { var a = new sbyte[n]; a.AsSpan().Fill(unchecked((sbyte)Byte)); return a; }
    public static short[] S16(int n) { var a = new short[n]; a.AsSpan().Fill(0x5555); return a; }
    public static int[] S32(int n) { var a = new int[n]; a.AsSpan().Fill(0x55555555); return a; }
}
