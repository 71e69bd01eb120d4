// twin of arm_depthwise_conv_wrapper_s8.c
namespace WakeWord.Sim.Kernels.Convolution;

/// <summary>
/// Picks the depthwise variant as CMSIS-NN does on non-MVE targets: ChMult 1, batch 1, no dilation → 3x3 with
/// padding &lt;= 1 → <see cref="ArmDepthwiseConv3x3S8"/>, else <see cref="ArmDepthwiseConvS8Opt"/>; otherwise
/// <see cref="ArmDepthwiseConvS8"/>.
/// </summary>
public static class ArmDepthwiseConvWrapperS8
{
    /// <summary>Same arguments and status as <c>arm_depthwise_conv_wrapper_s8</c>.</summary>
    public static ArmStatus Run(in NnContext ctx, in DwConvParams dwConvParams, in PerChannelQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<sbyte> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, ReadOnlySpan<int> biasData, in Dims outputDims, Span<sbyte> outputData)
    {
        var p = dwConvParams;
        if (p.ChMult == 1 && inputDims.N == 1 && p.Dilation.W == 1 && p.Dilation.H == 1)
        {
            if (filterDims.W == 3 && filterDims.H == 3 && p.Padding.H <= 1 && p.Padding.W <= 1)
                return ArmDepthwiseConv3x3S8.Run(ctx, p, quantParams, inputDims, inputData, filterDims, filterData, biasDims, biasData, outputDims, outputData);
            return ArmDepthwiseConvS8Opt.Run(ctx, p, quantParams, inputDims, inputData, filterDims, filterData, biasDims, biasData, outputDims, outputData);
        }
        return ArmDepthwiseConvS8.Run(ctx, p, quantParams, inputDims, inputData, filterDims, filterData, biasDims, biasData, outputDims, outputData);
    }
}
