// twin of arm_softmax_s8.c
namespace WakeWord.Sim.Kernels.Softmax;

/// <summary>
/// int8 softmax (TFLite int8 scheme): mult/shift scale (x - max) into Q5.26, entries with x - max &lt; diffMin give -128,
/// output scale 1/256 with zero point -128.
/// </summary>
public static class ArmSoftmaxS8
{
    /// <summary>Same arguments as <c>arm_softmax_s8</c> (returns void in C).</summary>
    public static void Run(ReadOnlySpan<sbyte> input, int numRows, int rowSize, int mult, int shift, int diffMin, Span<sbyte> output) =>
        ArmNnSoftmaxCommonS8.Run(input, numRows, rowSize, mult, shift, diffMin, false, output, default);
}
