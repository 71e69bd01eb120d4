// twin of arm_avgpool_s8.c
namespace WakeWord.Sim.Kernels.Pooling;

/// <summary>int8 average pooling over the valid taps, rounded half away from zero.</summary>
public static class ArmAvgpoolS8
{
    /// <summary>
    /// Same arguments and status as <c>arm_avgpool_s8</c>. The scratch check follows <paramref name="target"/>'s
    /// <c>arm_avgpool_s8_get_buffer_size</c> (DSP builds need <c>ctx.buf</c>); default: the host (pure C) build.
    /// </summary>
    public static ArmStatus Run(in NnContext ctx, in PoolParams poolParams, in Dims inputDims, ReadOnlySpan<sbyte> inputData,
        in Dims filterDims, in Dims outputDims, Span<sbyte> outputData, KernelTarget target = KernelTarget.PureC)
    {
        var p = poolParams;
        int inX = inputDims.W, inY = inputDims.H, ch = inputDims.C;
        if (inputDims.N < 1) return ArmStatus.ArgError;
        if (ctx.Buf == null && ScratchSize.AvgpoolS8(target, outputDims.W, inputDims.C) != 0) return ArmStatus.ArgError;
        for (int b = 0; b < inputDims.N; b++)
        {
            var inB = inputData.Slice(b * inX * inY * ch);
            var outB = outputData.Slice(b * outputDims.W * outputDims.H * ch);
            for (int oy = 0; oy < outputDims.H; oy++)
            {
                int baseY = oy * p.Stride.H - p.Padding.H;
                for (int ox = 0; ox < outputDims.W; ox++)
                {
                    int baseX = ox * p.Stride.W - p.Padding.W;
                    for (int c = 0; c < ch; c++)
                    {
                        int sum = 0, count = 0;
                        for (int iy = baseY; iy < baseY + filterDims.H; iy++)
                        {
                            for (int ix = baseX; ix < baseX + filterDims.W; ix++)
                            {
                                if (iy >= 0 && ix >= 0 && iy < inY && ix < inX)
                                {
                                    sum += inB[(iy * inX + ix) * ch + c];
                                    count++;
                                }
                            }
                        }
                        if (count == 0) return ArmStatus.ArgError;
                        sum = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                        outB[(oy * outputDims.W + ox) * ch + c] = (sbyte)Requant.Clamp(sum, p.Activation.Min, p.Activation.Max);
                    }
                }
            }
        }
        return ArmStatus.Success;
    }
}
