// twin of arm_convolve_1x1_s8_fast.c
using WakeWord.Sim.Kernels.NNSupport;

namespace WakeWord.Sim.Kernels.Convolution;

/// <summary>1x1 int8 convolution with stride 1 and no padding: one matrix product over all pixels.</summary>
public static class ArmConvolve1x1S8Fast
{
    /// <summary>Same arguments and status as <c>arm_convolve_1x1_s8_fast</c>.</summary>
    public static ArmStatus Run(in NnContext ctx, in ConvParams convParams, in PerChannelQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<sbyte> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, ReadOnlySpan<int> biasData, in Dims outputDims, Span<sbyte> outputData)
    {
        _ = ctx; _ = filterDims; _ = biasDims;
        var p = convParams;
        if (p.Padding.W != 0 || p.Padding.H != 0 || p.Stride.W != 1 || p.Stride.H != 1) return ArmStatus.ArgError;
        int rhsCols = inputDims.C, rhsRows = outputDims.C;
        int lhsRows = inputDims.W * inputDims.H * inputDims.N;
        return ArmNnMatMultNtTS8.Run(inputData, filterData, biasData, outputData, quantParams.Multiplier, quantParams.Shift,
            lhsRows, rhsRows, rhsCols, p.InputOffset, p.OutputOffset, p.Activation.Min, p.Activation.Max, rhsRows, rhsCols);
    }
}
