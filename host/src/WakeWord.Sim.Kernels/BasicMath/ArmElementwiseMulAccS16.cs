// twin of arm_elementwise_mul_acc_s16.c
namespace WakeWord.Sim.Kernels.BasicMath;

/// <summary>output[i] = clamp(output[i] + requantize(in1[i] * in2[i])); clamp to the int16 range when max &lt;= 0.</summary>
public static class ArmElementwiseMulAccS16
{
    /// <summary>Same arguments as <c>arm_elementwise_mul_acc_s16</c>.</summary>
    public static ArmStatus Run(ReadOnlySpan<short> input1, ReadOnlySpan<short> input2, int input1Offset, int input2Offset,
        Span<short> output, int outOffset, int outMult, int outShift, int outActivationMin, int outActivationMax, int blockSize)
    {
        _ = input1Offset; _ = input2Offset; _ = outOffset;
        var mode = Requant.Mode;
        int max = outActivationMax > 0 ? outActivationMax : short.MaxValue;
        int min = outActivationMax > 0 ? outActivationMin : short.MinValue;
        for (int i = 0; i < blockSize; i++)
        {
            int v = Requant.Requantize(input1[i] * input2[i], outMult, outShift, mode) + output[i];
            output[i] = (short)Requant.Clamp(v, min, max);
        }
        return ArmStatus.Success;
    }
}
