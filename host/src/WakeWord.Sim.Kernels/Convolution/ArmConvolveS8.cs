// twin of arm_convolve_s8.c
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace WakeWord.Sim.Kernels.Convolution;

/// <summary>
/// General int8 convolution (any kernel, stride, padding, dilation; grouped when filter C &lt; input C; optional
/// 2x upscale of the input grid). Filters OHWI, activations NHWC.
/// <c>acc = bias[oc] + Σ (x + InputOffset) * w</c> over valid taps (padding contributes 0), then
/// <c>clamp(requantize(acc, mult[oc], shift[oc]) + OutputOffset)</c>.
/// </summary>
public static class ArmConvolveS8
{
    /// <summary>Same arguments and status as <c>arm_convolve_s8</c>; <paramref name="biasData"/> empty = NULL.</summary>
    public static ArmStatus Run(in NnContext ctx, in ConvParams convParams, in PerChannelQuantParams quantParams,
        in Dims inputDims, ReadOnlySpan<sbyte> inputData, in Dims filterDims, ReadOnlySpan<sbyte> filterData,
        in Dims biasDims, ReadOnlySpan<int> biasData, Dims? upscaleDims, in Dims outputDims, Span<sbyte> outputData)
    {
        _ = biasDims;
        if (ctx.Buf == null) return ArmStatus.ArgError;
        int inputCh = inputDims.C, kernelCh = filterDims.C, outputCh = outputDims.C;
        if (kernelCh <= 0 || inputCh < kernelCh) return ArmStatus.ArgError;
        int groups = inputCh / kernelCh;
        if (inputCh % groups != 0 || outputCh % groups != 0) return ArmStatus.ArgError;
        var mode = Requant.Mode;
        if (groups == 1 && upscaleDims == null)
            Fast(convParams, quantParams, inputDims, inputData, filterDims, filterData, biasData, outputDims, outputData, mode);
        else
            Reference(convParams, quantParams, inputDims, inputData, filterDims, filterData, biasData, upscaleDims, outputDims, outputData, groups, mode);
        return ArmStatus.Success;
    }

    /// <summary>
    /// Groups 1, no upscale: accumulators for all output channels at once (Vector256 of int32 per 8 channels),
    /// one broadcast multiply-add per input tap against the transposed filter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fast(in ConvParams p, in PerChannelQuantParams q, in Dims inD, ReadOnlySpan<sbyte> input,
        in Dims fD, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias, in Dims oD, Span<sbyte> output, RoundingMode mode)
    {
        int cin = inD.C, kc = fD.C, cout = oD.C, kw = fD.W, kh = fD.H;
        int k = kw * kh * kc;
        int coutPad = (cout + 7) & ~7;
        int chunks = coutPad / 8;
        int[] wT = ArrayPool<int>.Shared.Rent(k * coutPad + coutPad * 2);
        try
        {
            Span<int> wt = wT.AsSpan(0, k * coutPad);
            Span<int> biasPad = wT.AsSpan(k * coutPad, coutPad);
            Span<int> acc = wT.AsSpan(k * coutPad + coutPad, coutPad);
            wt.Clear();
            biasPad.Clear();
            for (int oc = 0; oc < cout; oc++)
            {
                var row = filter.Slice(oc * k, k);
                for (int i = 0; i < k; i++) wt[i * coutPad + oc] = row[i];
                if (!bias.IsEmpty) biasPad[oc] = bias[oc];
            }
            int inX = inD.W, inY = inD.H, outX = oD.W, outY = oD.H;
            int off = p.InputOffset;
            ref int wBase = ref MemoryMarshal.GetReference(wt);
            ref int accBase = ref MemoryMarshal.GetReference(acc);
            int[] mult = q.Multiplier, shift = q.Shift;
            int outOff = p.OutputOffset, actMin = p.Activation.Min, actMax = p.Activation.Max;
            for (int b = 0; b < inD.N; b++)
            {
                var inB = input.Slice(b * inX * inY * cin);
                var outB = output.Slice(b * outX * outY * cout);
                for (int oy = 0; oy < outY; oy++)
                {
                    int baseY = p.Stride.H * oy - p.Padding.H;
                    for (int ox = 0; ox < outX; ox++)
                    {
                        int baseX = p.Stride.W * ox - p.Padding.W;
                        biasPad.CopyTo(acc);
                        for (int ky = 0; ky < kh; ky++)
                        {
                            int iy = baseY + p.Dilation.H * ky;
                            if ((uint)iy >= (uint)inY) continue;
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int ix = baseX + p.Dilation.W * kx;
                                if ((uint)ix >= (uint)inX) continue;
                                var x = inB.Slice((iy * inX + ix) * cin, kc);
                                int tap = (ky * kw + kx) * kc;
                                if (chunks == 1)
                                {
                                    var a0 = Vector256.LoadUnsafe(ref accBase);
                                    for (int ic = 0; ic < kc; ic++)
                                    {
                                        var v = Vector256.Create(x[ic] + off);
                                        a0 += v * Vector256.LoadUnsafe(ref wBase, (nuint)((tap + ic) * coutPad));
                                    }
                                    a0.StoreUnsafe(ref accBase);
                                }
                                else if (chunks == 2)
                                {
                                    var a0 = Vector256.LoadUnsafe(ref accBase);
                                    var a1 = Vector256.LoadUnsafe(ref accBase, 8);
                                    for (int ic = 0; ic < kc; ic++)
                                    {
                                        var v = Vector256.Create(x[ic] + off);
                                        nuint w = (nuint)((tap + ic) * coutPad);
                                        a0 += v * Vector256.LoadUnsafe(ref wBase, w);
                                        a1 += v * Vector256.LoadUnsafe(ref wBase, w + 8);
                                    }
                                    a0.StoreUnsafe(ref accBase);
                                    a1.StoreUnsafe(ref accBase, 8);
                                }
                                else
                                {
                                    for (int ic = 0; ic < kc; ic++)
                                    {
                                        var v = Vector256.Create(x[ic] + off);
                                        nuint w = (nuint)((tap + ic) * coutPad);
                                        for (int c = 0; c < chunks; c++)
                                        {
                                            nuint o = (nuint)(c * 8);
                                            var a = Vector256.LoadUnsafe(ref accBase, o) + v * Vector256.LoadUnsafe(ref wBase, w + o);
                                            a.StoreUnsafe(ref accBase, o);
                                        }
                                    }
                                }
                            }
                        }
                        var o8 = outB.Slice((oy * outX + ox) * cout, cout);
                        for (int oc = 0; oc < cout; oc++)
                        {
                            int r = Requant.Requantize(acc[oc], mult[oc], shift[oc], mode) + outOff;
                            o8[oc] = (sbyte)Requant.Clamp(r, actMin, actMax);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(wT);
        }
    }

    /// <summary>Grouped or upscaled convolution, loop for loop as the C code.</summary>
    private static void Reference(in ConvParams p, in PerChannelQuantParams q, in Dims inD, ReadOnlySpan<sbyte> input,
        in Dims fD, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias, Dims? upscale, in Dims oD, Span<sbyte> output,
        int groups, RoundingMode mode)
    {
        int inputCh = inD.C, kernelCh = fD.C, outputCh = oD.C;
        int ocPerGroup = outputCh / groups;
        int inX = inD.W, inY = inD.H;
        int xr = upscale is { W: 2 } ? 1 : 0, yr = upscale is { H: 2 } ? 1 : 0;
        int inXs = inX >> xr, inYs = inY >> yr;
        int rhsCols = fD.W * fD.H * kernelCh;
        for (int b = 0; b < inD.N; b++)
        {
            var inB = input.Slice(b * inXs * inYs * inputCh);
            var outB = output.Slice(b * oD.W * oD.H * outputCh);
            for (int oy = 0; oy < oD.H; oy++)
            {
                int baseY = p.Stride.H * oy - p.Padding.H;
                for (int ox = 0; ox < oD.W; ox++)
                {
                    int baseX = p.Stride.W * ox - p.Padding.W;
                    for (int oc = 0; oc < outputCh; oc++)
                    {
                        int group = oc / ocPerGroup;
                        var w0 = filter.Slice(oc * rhsCols, rhsCols);
                        int acc = bias.IsEmpty ? 0 : bias[oc];
                        for (int ky = 0; ky < fD.H; ky++)
                        {
                            int iy = baseY + p.Dilation.H * ky;
                            if (iy < 0 || iy >= inY || ((iy & 1) != 0 && yr != 0)) continue;
                            for (int kx = 0; kx < fD.W; kx++)
                            {
                                int ix = baseX + p.Dilation.W * kx;
                                if (ix < 0 || ix >= inX || ((ix & 1) != 0 && xr != 0)) continue;
                                int inIdx = ((iy >> yr) * inXs + (ix >> xr)) * inputCh + group * kernelCh;
                                int wIdx = (ky * fD.W + kx) * kernelCh;
                                for (int ic = 0; ic < kernelCh; ic++)
                                    acc = unchecked(acc + (inB[inIdx + ic] + p.InputOffset) * w0[wIdx + ic]);
                            }
                        }
                        int r = Requant.Requantize(acc, q.Multiplier[oc], q.Shift[oc], mode) + p.OutputOffset;
                        outB[(oy * oD.W + ox) * outputCh + oc] = (sbyte)Requant.Clamp(r, p.Activation.Min, p.Activation.Max);
                    }
                }
            }
        }
    }
}
