// twin of arm_depthwise_conv_s8_opt.c
namespace WakeWord.Sim.Kernels.Convolution;

/// <summary>int8 depthwise convolution with input channels = output channels (same integers as <see cref="ArmDepthwiseConvS8"/>).</summary>
public static class ArmDepthwiseConvS8Opt
{
    /// <summary>Same arguments and status as <c>arm_depthwise_conv_s8_opt</c> on a pure C build (no scratch needed).</summary>
    public static ArmStatus Run(in NnContext ctx, in DwConvParams dwConvParams, in PerChannelQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<sbyte> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, ReadOnlySpan<int> biasData, in Dims outputDims, Span<sbyte> outputData)
    {
        if (inputDims.C != outputDims.C) return ArmStatus.ArgError;
        return ArmDepthwiseConvS8.Run(ctx, dwConvParams, quantParams, inputDims, inputData, filterDims, filterData, biasDims, biasData, outputDims, outputData);
    }
}
