// twin of arm_elementwise_mul_s16_s8.c
namespace WakeWord.Sim.Kernels.BasicMath;

/// <summary>int8 output[i] = clamp(requantize(in1[i] * in2[i]) + outOffset); batches batchOffset blocks apart in the output.</summary>
public static class ArmElementwiseMulS16S8
{
    /// <summary>Same arguments as <c>arm_elementwise_mul_s16_s8</c>.</summary>
    public static ArmStatus Run(ReadOnlySpan<short> input1, ReadOnlySpan<short> input2, Span<sbyte> output, int outOffset,
        int outMult, int outShift, int blockSize, int batchSize, int batchOffset)
    {
        var mode = Requant.Mode;
        for (int b = 0; b < batchSize; b++)
        {
            var i1 = input1.Slice(b * blockSize, blockSize);
            var i2 = input2.Slice(b * blockSize, blockSize);
            var o = output.Slice(b * batchOffset * blockSize, blockSize);
            for (int i = 0; i < blockSize; i++)
            {
                int v = Requant.Requantize(i1[i] * i2[i], outMult, outShift, mode) + outOffset;
                o[i] = (sbyte)Requant.Clamp(v, sbyte.MinValue, sbyte.MaxValue);
            }
        }
        return ArmStatus.Success;
    }
}
