// twin of arm_max_pool_s8.c
namespace WakeWord.Sim.Kernels.Pooling;

/// <summary>int8 max pooling; an output whose window lies wholly in the padding keeps its previous value (then clamped).</summary>
public static class ArmMaxPoolS8
{
    /// <summary>Same arguments and status as <c>arm_max_pool_s8</c>.</summary>
    public static ArmStatus Run(in NnContext ctx, in PoolParams poolParams, in Dims inputDims, ReadOnlySpan<sbyte> inputData,
        in Dims filterDims, in Dims outputDims, Span<sbyte> outputData)
    {
        _ = ctx;
        var p = poolParams;
        int inX = inputDims.W, inY = inputDims.H, ch = inputDims.C;
        if (inputDims.N < 1) return ArmStatus.ArgError;
        int o = 0;
        for (int b = 0; b < inputDims.N; b++)
        {
            var inB = inputData.Slice(b * inX * inY * ch);
            int outBase = o;
            for (int oy = 0; oy < outputDims.H; oy++)
            {
                int baseY = oy * p.Stride.H - p.Padding.H;
                int yStart = Math.Max(0, -baseY), yEnd = Math.Min(filterDims.H, inY - baseY);
                for (int ox = 0; ox < outputDims.W; ox++)
                {
                    int baseX = ox * p.Stride.W - p.Padding.W;
                    int xStart = Math.Max(0, -baseX), xEnd = Math.Min(filterDims.W, inX - baseX);
                    var dst = outputData.Slice(o, ch);
                    bool first = true;
                    for (int y = yStart; y < yEnd; y++)
                    {
                        for (int x = xStart; x < xEnd; x++)
                        {
                            var src = inB.Slice(((y + baseY) * inX + (x + baseX)) * ch, ch);
                            if (first) src.CopyTo(dst);
                            else for (int c = 0; c < ch; c++) if (src[c] > dst[c]) dst[c] = src[c];
                            first = false;
                        }
                    }
                    o += ch;
                }
            }
            for (int i = outBase; i < o; i++) outputData[i] = (sbyte)Requant.Clamp(outputData[i], p.Activation.Min, p.Activation.Max);
        }
        return ArmStatus.Success;
    }
}
