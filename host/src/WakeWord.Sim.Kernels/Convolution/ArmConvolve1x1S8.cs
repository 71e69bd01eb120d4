// twin of arm_convolve_1x1_s8.c
using WakeWord.Sim.Kernels.NNSupport;

namespace WakeWord.Sim.Kernels.Convolution;

/// <summary>1x1 int8 convolution, any stride, no padding: one matrix product per output row.</summary>
public static class ArmConvolve1x1S8
{
    /// <summary>Same arguments and status as <c>arm_convolve_1x1_s8</c>.</summary>
    public static ArmStatus Run(in NnContext ctx, in ConvParams convParams, in PerChannelQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<sbyte> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, ReadOnlySpan<int> biasData, in Dims outputDims, Span<sbyte> outputData)
    {
        _ = ctx; _ = filterDims; _ = biasDims;
        var p = convParams;
        if (p.Padding.W != 0 || p.Padding.H != 0) return ArmStatus.ArgError;
        int rhsRows = outputDims.C, rhsCols = inputDims.C;
        int inputRowStep = inputDims.W * p.Stride.H * rhsCols;
        int outPos = 0;
        for (int b = 0; b < inputDims.N; b++)
        {
            int inPos = b * rhsCols * inputDims.W * inputDims.H;
            for (int oy = 0; oy < outputDims.H; oy++)
            {
                var status = ArmNnMatMultNtTS8.Run(inputData.Slice(inPos), filterData, biasData, outputData.Slice(outPos),
                    quantParams.Multiplier, quantParams.Shift, outputDims.W, rhsRows, rhsCols, p.InputOffset, p.OutputOffset,
                    p.Activation.Min, p.Activation.Max, rhsRows, rhsCols * p.Stride.W);
                if (status != ArmStatus.Success) return status;
                inPos += inputRowStep;
                outPos += outputDims.W * rhsRows;
            }
        }
        return ArmStatus.Success;
    }
}
