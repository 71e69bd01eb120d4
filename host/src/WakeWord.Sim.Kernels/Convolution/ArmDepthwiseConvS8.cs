// twin of arm_depthwise_conv_s8.c
namespace WakeWord.Sim.Kernels.Convolution;

/// <summary>
/// General int8 depthwise convolution (any channel multiplier, stride, padding, dilation, batch). Filter
/// [1][H][W][outCh]; output channel oc = ic * ChMult + m reads input channel ic.
/// </summary>
public static class ArmDepthwiseConvS8
{
    /// <summary>Same arguments and status as <c>arm_depthwise_conv_s8</c>; <paramref name="biasData"/> empty = NULL.</summary>
    public static ArmStatus Run(in NnContext ctx, in DwConvParams dwConvParams, in PerChannelQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<sbyte> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, ReadOnlySpan<int> biasData, in Dims outputDims, Span<sbyte> outputData)
    {
        _ = ctx; _ = biasDims;
        var p = dwConvParams;
        var mode = Requant.Mode;
        int inX = inputDims.W, inY = inputDims.H, inCh = inputDims.C, outCh = outputDims.C, chMult = p.ChMult;
        int kx = filterDims.W, ky = filterDims.H;
        int[] mult = quantParams.Multiplier, shift = quantParams.Shift;
        int o = 0;
        for (int b = 0; b < inputDims.N; b++)
        {
            var inB = inputData.Slice(b * inX * inY * inCh);
            for (int oy = 0; oy < outputDims.H; oy++)
            {
                int baseY = oy * p.Stride.H - p.Padding.H;
                for (int ox = 0; ox < outputDims.W; ox++)
                {
                    int baseX = ox * p.Stride.W - p.Padding.W;
                    for (int ic = 0; ic < inCh; ic++)
                    {
                        for (int m = 0; m < chMult; m++)
                        {
                            int oc = ic * chMult + m;
                            int acc = biasData.IsEmpty ? 0 : biasData[oc];
                            for (int y = 0; y < ky; y++)
                            {
                                int iy = baseY + p.Dilation.H * y;
                                if ((uint)iy >= (uint)inY) continue;
                                for (int x = 0; x < kx; x++)
                                {
                                    int ix = baseX + p.Dilation.W * x;
                                    if ((uint)ix >= (uint)inX) continue;
                                    acc = unchecked(acc + (inB[(iy * inX + ix) * inCh + ic] + p.InputOffset) * filterData[(y * kx + x) * outCh + oc]);
                                }
                            }
                            int v = Requant.Requantize(acc, mult[oc], shift[oc], mode) + p.OutputOffset;
                            outputData[o++] = (sbyte)Requant.Clamp(v, p.Activation.Min, p.Activation.Max);
                        }
                    }
                }
            }
        }
        return ArmStatus.Success;
    }
}
