// twin of arm_elementwise_mul_s16.c
namespace WakeWord.Sim.Kernels.BasicMath;

/// <summary>output[i] = clamp(requantize(in1[i] * in2[i], outMult, outShift)); the offsets are not used (as in C).</summary>
public static class ArmElementwiseMulS16
{
    /// <summary>Same arguments as <c>arm_elementwise_mul_s16</c>. Output may alias an input.</summary>
    public static ArmStatus Run(ReadOnlySpan<short> input1, ReadOnlySpan<short> input2, int input1Offset, int input2Offset,
        Span<short> output, int outOffset, int outMult, int outShift, int outActivationMin, int outActivationMax, int blockSize)
    {
        _ = input1Offset; _ = input2Offset; _ = outOffset;
        var mode = Requant.Mode;
        for (int i = 0; i < blockSize; i++)
        {
            int v = Requant.Requantize(input1[i] * input2[i], outMult, outShift, mode);
            output[i] = (short)Requant.Clamp(v, outActivationMin, outActivationMax);
        }
        return ArmStatus.Success;
    }
}
