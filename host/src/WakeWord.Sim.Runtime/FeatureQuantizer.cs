// twin of ww_features_quant.c
using WakeWord.Sim.Kernels;
using WakeWord.Sim.Model;

namespace WakeWord.Sim.Runtime;

/// <summary>
/// int16 front-end features to the model's int8 input, per coefficient c:
/// <c>q = clamp(arm_nn_requantize(f + offset[c], mult[c], shift[c]) + zero_point, -128, 127)</c>
/// (twin of <c>ww_features_quantize</c>; numbers from codegen's <see cref="Model.FeatureQuantizer"/>).
/// </summary>
public sealed class FeatureQuantizer
{
    private readonly int[] _offset, _mult, _shift;
    private readonly int _zeroPoint;
    private readonly RoundingMode _rounding;

    public FeatureQuantizer(int[] offset, int[] mult, int[] shift, int zeroPoint, RequantRounding rounding = RequantRounding.Double)
    {
        if (offset.Length != mult.Length || offset.Length != shift.Length)
            throw new ArgumentException("offset, mult and shift must have one entry per coefficient");
        _offset = offset;
        _mult = mult;
        _shift = shift;
        _zeroPoint = zeroPoint;
        _rounding = rounding == RequantRounding.Single ? RoundingMode.Single : RoundingMode.Double;
    }

    public FeatureQuantizer(Model.FeatureQuantizer q, RequantRounding rounding = RequantRounding.Double)
        : this(q.Offset, q.Multiplier, q.Shift, q.InputZeroPoint, rounding) { }

    public int Count => _offset.Length;

    /// <summary>ww_features_quantize.</summary>
    public void Quantize(ReadOnlySpan<short> features, Span<sbyte> output)
    {
        for (var c = 0; c < _offset.Length; c++)
        {
            var v = Requant.Requantize(features[c] + _offset[c], _mult[c], _shift[c], _rounding) + _zeroPoint;
            output[c] = (sbyte)(v < -128 ? -128 : v > 127 ? 127 : v);
        }
    }
}
