// twin of arm_fully_connected_s16.c
namespace WakeWord.Sim.Kernels.FullyConnected;

/// <summary>Fully connected layer, int16 activations, int8 weights, int64 bias, 64-bit requantization (Q15 multiplier).</summary>
public static class ArmFullyConnectedS16
{
    /// <summary>Same arguments and status as <c>arm_fully_connected_s16</c>; <paramref name="biasData"/> empty = NULL.</summary>
    public static ArmStatus Run(in NnContext ctx, in FcParams fcParams, in PerTensorQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<short> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, ReadOnlySpan<long> biasData, in Dims outputDims, Span<short> outputData)
    {
        _ = ctx; _ = biasDims;
        int depth = filterDims.N, outDepth = outputDims.C;
        int reduced = Requant.ReduceMultiplier(quantParams.Multiplier);
        for (int b = 0; b < inputDims.N; b++)
        {
            var x = inputData.Slice(b * depth, depth);
            for (int o = 0; o < outDepth; o++)
            {
                var w = filterData.Slice(o * depth, depth);
                long acc = 0;
                for (int i = 0; i < depth; i++) acc += (long)x[i] * w[i];
                if (!biasData.IsEmpty) acc += biasData[o];
                int r = Requant.RequantizeS64(acc, reduced, quantParams.Shift);
                outputData[b * outDepth + o] = (short)Requant.Clamp(r, fcParams.Activation.Min, fcParams.Activation.Max);
            }
        }
        return ArmStatus.Success;
    }
}
