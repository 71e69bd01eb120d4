// twin of arm_fully_connected_s8.c
using System.Runtime.CompilerServices;
using WakeWord.Sim.Kernels.NNSupport;

namespace WakeWord.Sim.Kernels.FullyConnected;

/// <summary>
/// int8 fully connected layer, per-tensor requantization. Weights [out = outputDims.C][in = filterDims.N];
/// <c>acc = bias[o] + Σ (x + InputOffset) * (w + FilterOffset)</c>, <c>clamp(requantize(acc) + OutputOffset)</c>.
/// </summary>
public static class ArmFullyConnectedS8
{
    /// <summary>Same arguments and status as <c>arm_fully_connected_s8</c>; <paramref name="biasData"/> empty = NULL.</summary>
    public static ArmStatus Run(in NnContext ctx, in FcParams fcParams, in PerTensorQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<sbyte> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, ReadOnlySpan<int> biasData, in Dims outputDims, Span<sbyte> outputData)
    {
        _ = ctx; _ = biasDims;
        int m = quantParams.Multiplier, s = quantParams.Shift;
        Core(fcParams, inputDims, inputData, filterDims, filterData, biasData, outputDims, outputData,
            new ReadOnlySpan<int>(in m), new ReadOnlySpan<int>(in s), perChannel: false);
        return ArmStatus.Success;
    }

    /// <summary>Shared by the per-tensor and per-channel layers: Σ (x+io)(w+fo) = Σ (x+io) w + fo Σ (x+io).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Core(in FcParams p, in Dims inputDims, ReadOnlySpan<sbyte> input, in Dims filterDims,
        ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias, in Dims outputDims, Span<sbyte> output,
        ReadOnlySpan<int> mult, ReadOnlySpan<int> sh, bool perChannel)
    {
        var mode = Requant.Mode;
        int depth = filterDims.N, outDepth = outputDims.C;
        Span<short> xo = depth <= 4096 ? stackalloc short[depth] : new short[depth];
        for (int b = 0; b < inputDims.N; b++)
        {
            var x = input.Slice(b * depth, depth);
            int xsum = 0;
            for (int i = 0; i < depth; i++) { xo[i] = (short)(x[i] + p.InputOffset); xsum += xo[i]; }
            int filterTerm = unchecked(p.FilterOffset * xsum);
            var outB = output.Slice(b * outDepth, outDepth);
            for (int o = 0; o < outDepth; o++)
            {
                int acc = unchecked((bias.IsEmpty ? 0 : bias[o]) + Dot.S16S8(xo, filter.Slice(o * depth, depth)) + filterTerm);
                int q = perChannel ? o : 0;
                int v = Requant.Requantize(acc, mult[q], sh[q], mode) + p.OutputOffset;
                outB[o] = (sbyte)Requant.Clamp(v, p.Activation.Min, p.Activation.Max);
            }
        }
    }
}
