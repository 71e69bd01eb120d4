// twin of arm_convolve_s16.c
namespace WakeWord.Sim.Kernels.Convolution;

/// <summary>
/// Convolution with int16 activations and int8 weights (symmetric: no offsets). int32 accumulation; int64 bias with
/// 64-bit requantization (Q15 multiplier), or int32 bias with <see cref="Requant.Requantize(int,int,int,RoundingMode)"/>.
/// </summary>
public static class ArmConvolveS16
{
    /// <summary>Same arguments and status as <c>arm_convolve_s16</c>.</summary>
    public static ArmStatus Run(in NnContext ctx, in ConvParams convParams, in PerChannelQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<short> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, in BiasData biasData, in Dims outputDims, Span<short> outputData)
    {
        _ = biasDims;
        if (ctx.Buf == null) return ArmStatus.ArgError;
        var p = convParams;
        var mode = Requant.Mode;
        int inX = inputDims.W, inY = inputDims.H, inCh = inputDims.C, kx = filterDims.W, ky = filterDims.H, outCh = outputDims.C;
        int rhsCols = kx * ky * inCh;
        int o = 0;
        for (int b = 0; b < inputDims.N; b++)
        {
            var inB = inputData.Slice(b * inX * inY * inCh);
            for (int oy = 0; oy < outputDims.H; oy++)
            {
                int baseY = p.Stride.H * oy - p.Padding.H;
                for (int ox = 0; ox < outputDims.W; ox++)
                {
                    int baseX = p.Stride.W * ox - p.Padding.W;
                    for (int oc = 0; oc < outCh; oc++)
                    {
                        var w = filterData.Slice(oc * rhsCols, rhsCols);
                        int sum = 0;
                        for (int y = 0; y < ky; y++)
                        {
                            int iy = baseY + p.Dilation.H * y;
                            if ((uint)iy >= (uint)inY) continue;
                            for (int x = 0; x < kx; x++)
                            {
                                int ix = baseX + p.Dilation.W * x;
                                if ((uint)ix >= (uint)inX) continue;
                                int xi = (iy * inX + ix) * inCh, wi = (y * kx + x) * inCh;
                                for (int ic = 0; ic < inCh; ic++) sum = unchecked(sum + inB[xi + ic] * w[wi + ic]);
                            }
                        }
                        if (biasData.IsInt32Bias)
                        {
                            if (biasData.Int32Data is { } b32) sum = unchecked(sum + b32[oc]);
                            sum = Requant.Requantize(sum, quantParams.Multiplier[oc], quantParams.Shift[oc], mode);
                        }
                        else
                        {
                            long acc = sum;
                            if (biasData.Int64Data is { } b64) acc += b64[oc];
                            sum = Requant.RequantizeS64(acc, Requant.ReduceMultiplier(quantParams.Multiplier[oc]), quantParams.Shift[oc]);
                        }
                        outputData[o++] = (short)Requant.Clamp(sum, p.Activation.Min, p.Activation.Max);
                    }
                }
            }
        }
        return ArmStatus.Success;
    }
}
