// twin of arm_convolve_wrapper_s16.c
namespace WakeWord.Sim.Kernels.Convolution;

/// <summary>int16 convolution dispatcher; CMSIS-NN has one variant, <see cref="ArmConvolveS16"/>.</summary>
public static class ArmConvolveWrapperS16
{
    /// <summary>Same arguments and status as <c>arm_convolve_wrapper_s16</c>.</summary>
    public static ArmStatus Run(in NnContext ctx, in ConvParams convParams, in PerChannelQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<short> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, in BiasData biasData, in Dims outputDims, Span<short> outputData) =>
        ArmConvolveS16.Run(ctx, convParams, quantParams, inputDims, inputData, filterDims, filterData, biasDims, biasData, outputDims, outputData);
}
