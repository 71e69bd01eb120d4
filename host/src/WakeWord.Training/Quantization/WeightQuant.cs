using WakeWord.Training.Model;

namespace WakeWord.Training.Quantization;

/// <summary>
/// Symmetric int8 fake quantization of the CRNN weights, per group: scale = max|w| / 127,
/// q = clamp(round(w / scale), -127, 127) (round half away from zero), w' = q * scale.
/// Groups: conv weights per output channel (CMSIS-NN per-channel convolution), LSTM W and R per gate and
/// direction (the 8x8_16 LSTM has one scale per gate matrix), the fully connected weights per output row, as
/// codegen's quantizer does. Biases
/// stay float (they become int32). The straight-through estimator applies the gradient of w' to w.
/// </summary>
internal static class WeightQuant
{
    /// <summary>Writes the fake-quantized copy of <paramref name="parameters"/> into <paramref name="output"/>.</summary>
    public static void Apply(CrnnLayout layout, ReadOnlySpan<float> parameters, Span<float> output)
    {
        parameters.CopyTo(output);
        var s = layout.Shape;
        Groups(parameters, output, layout.Conv1W, s.Conv1Filters);
        Groups(parameters, output, layout.Conv2W, s.Conv2Filters);
        Groups(parameters, output, layout.LstmW, 8);
        Groups(parameters, output, layout.LstmR, 8);
        Groups(parameters, output, layout.FcW, s.Classes);
    }

    /// <summary>Quantizes a slice as <paramref name="groups"/> equal consecutive groups, one scale each.</summary>
    private static void Groups(ReadOnlySpan<float> p, Span<float> o, ParamSlice slice, int groups)
    {
        var n = slice.Length / groups;
        for (var g = 0; g < groups; g++)
        {
            var src = p.Slice(slice.Offset + g * n, n);
            var dst = o.Slice(slice.Offset + g * n, n);
            Quantize(src, dst);
        }
    }

    /// <summary>One symmetric group; an all-zero group stays zero.</summary>
    public static void Quantize(ReadOnlySpan<float> src, Span<float> dst)
    {
        var max = 0f;
        foreach (var v in src) max = Math.Max(max, Math.Abs(v));
        if (max == 0) { dst.Clear(); return; }
        var scale = max / 127.0;
        for (var i = 0; i < src.Length; i++)
        {
            var q = Math.Clamp(Math.Round(src[i] / scale, MidpointRounding.AwayFromZero), -127, 127);
            dst[i] = (float)(q * scale);
        }
    }
}
