// twin of arm_fully_connected_per_channel_s8.c
namespace WakeWord.Sim.Kernels.FullyConnected;

/// <summary>int8 fully connected layer with one multiplier and shift per output (see <see cref="ArmFullyConnectedS8"/>).</summary>
public static class ArmFullyConnectedPerChannelS8
{
    /// <summary>Same arguments and status as <c>arm_fully_connected_per_channel_s8</c>.</summary>
    public static ArmStatus Run(in NnContext ctx, in FcParams fcParams, in PerChannelQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<sbyte> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, ReadOnlySpan<int> biasData, in Dims outputDims, Span<sbyte> outputData)
    {
        _ = ctx; _ = biasDims;
        ArmFullyConnectedS8.Core(fcParams, inputDims, inputData, filterDims, filterData, biasData, outputDims, outputData,
            quantParams.Multiplier, quantParams.Shift, perChannel: true);
        return ArmStatus.Success;
    }
}
