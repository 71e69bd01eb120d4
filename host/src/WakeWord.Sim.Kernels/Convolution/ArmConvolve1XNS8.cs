// twin of arm_convolve_1_x_n_s8.c
namespace WakeWord.Sim.Kernels.Convolution;

/// <summary>int8 convolution of a height-1 input with a 1xN kernel (same integers as <see cref="ArmConvolveS8"/>).</summary>
public static class ArmConvolve1XNS8
{
    /// <summary>Same arguments and status as <c>arm_convolve_1_x_n_s8</c>.</summary>
    public static ArmStatus Run(in NnContext ctx, in ConvParams convParams, in PerChannelQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<sbyte> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, ReadOnlySpan<int> biasData, in Dims outputDims, Span<sbyte> outputData)
    {
        var p = convParams;
        if (inputDims.H != 1 || p.Dilation.W != 1 || ctx.Buf == null || p.Stride.W == 0 || (p.Stride.W * inputDims.C) % 4 != 0)
            return ArmStatus.ArgError;
        return ArmConvolveS8.Run(ctx, convParams, quantParams, inputDims, inputData, filterDims, filterData, biasDims, biasData, null, outputDims, outputData);
    }
}
