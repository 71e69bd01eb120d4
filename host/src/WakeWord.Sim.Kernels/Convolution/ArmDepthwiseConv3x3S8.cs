// twin of arm_depthwise_conv_3x3_s8.c
namespace WakeWord.Sim.Kernels.Convolution;

/// <summary>int8 depthwise convolution, 3x3 kernel, input channels = output channels, padding.w &lt;= 1.</summary>
public static class ArmDepthwiseConv3x3S8
{
    /// <summary>Same arguments and status as <c>arm_depthwise_conv_3x3_s8</c>.</summary>
    public static ArmStatus Run(in NnContext ctx, in DwConvParams dwConvParams, in PerChannelQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<sbyte> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, ReadOnlySpan<int> biasData, in Dims outputDims, Span<sbyte> outputData)
    {
        if (inputDims.C != outputDims.C) return ArmStatus.ArgError;
        if (dwConvParams.Padding.W > 1 || filterDims.W != 3 || filterDims.H != 3) return ArmStatus.ArgError;
        return ArmDepthwiseConvS8.Run(ctx, dwConvParams, quantParams, inputDims, inputData, filterDims, filterData, biasDims, biasData, outputDims, outputData);
    }
}
