// twin of arm_convolve_wrapper_s8.c
namespace WakeWord.Sim.Kernels.Convolution;

/// <summary>
/// Picks the int8 convolution variant exactly as CMSIS-NN does: 1x1 (no padding, no dilation) stride 1 →
/// <see cref="ArmConvolve1x1S8Fast"/>, other stride → <see cref="ArmConvolve1x1S8"/>; input height 1 with a 1xN
/// kernel and (stride.w * C) % 4 == 0 → <see cref="ArmConvolve1XNS8"/>; else <see cref="ArmConvolveS8"/>.
/// </summary>
public static class ArmConvolveWrapperS8
{
    /// <summary>Same arguments and status as <c>arm_convolve_wrapper_s8</c>; <paramref name="biasData"/> empty = NULL.</summary>
    public static ArmStatus Run(in NnContext ctx, in ConvParams convParams, in PerChannelQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<sbyte> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, ReadOnlySpan<int> biasData, in Dims outputDims, Span<sbyte> outputData)
    {
        if (IsConvolve1x1(convParams, inputDims, filterDims))
        {
            return IsConvolve1x1Fast(convParams)
                ? ArmConvolve1x1S8Fast.Run(ctx, convParams, quantParams, inputDims, inputData, filterDims, filterData, biasDims, biasData, outputDims, outputData)
                : ArmConvolve1x1S8.Run(ctx, convParams, quantParams, inputDims, inputData, filterDims, filterData, biasDims, biasData, outputDims, outputData);
        }
        if (IsConvolve1XN(convParams, inputDims, filterDims))
            return ArmConvolve1XNS8.Run(ctx, convParams, quantParams, inputDims, inputData, filterDims, filterData, biasDims, biasData, outputDims, outputData);
        return ArmConvolveS8.Run(ctx, convParams, quantParams, inputDims, inputData, filterDims, filterData, biasDims, biasData, null, outputDims, outputData);
    }

    /// <summary>Twin of <c>arm_nn_is_convolve_1x1</c>.</summary>
    public static bool IsConvolve1x1(in ConvParams p, in Dims input, in Dims filter) =>
        p.Padding.W == 0 && p.Padding.H == 0 && filter.W == 1 && filter.H == 1 && p.Dilation.W == 1 && p.Dilation.H == 1 && input.C == filter.C;

    /// <summary>Twin of <c>arm_nn_is_convolve_1x1_fast</c>.</summary>
    public static bool IsConvolve1x1Fast(in ConvParams p) => p.Stride.W == 1 && p.Stride.H == 1;

    /// <summary>Twin of <c>arm_nn_is_convolve_1_x_n</c>.</summary>
    public static bool IsConvolve1XN(in ConvParams p, in Dims input, in Dims filter) =>
        input.H == 1 && p.Dilation.W == 1 && filter.H == 1 && (p.Stride.W * input.C) % 4 == 0 && input.C == filter.C;
}
