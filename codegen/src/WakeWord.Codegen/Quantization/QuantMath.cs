using WakeWord.Core;

namespace WakeWord.Codegen.Quantization;

/// <summary>
/// The scale arithmetic of the TFLite / CMSIS-NN int8 scheme, done once at generate time:
/// real multipliers to (multiplier, shift) pairs, activation ranges to (scale, zero point), weights to int8.
/// </summary>
public static class QuantMath
{
    /// <summary>
    /// TFLite <c>QuantizeMultiplier</c>: <c>m ≈ multiplier · 2^(shift-31)</c> with multiplier in [2^30, 2^31):
    /// frexp, round half away from zero of q·2^31, q = 2^31 halves and bumps the shift; tiny values become 0.
    /// </summary>
    public static (int Multiplier, int Shift) QuantizeMultiplier(double m)
    {
        if (m == 0) return (0, 0);
        if (!double.IsFinite(m) || m < 0) throw new WakeWordException($"quantization: multiplier {m} is not a finite non-negative number");
        var (q, shift) = Frexp(m);
        var qFixed = (long)Math.Round(q * (1L << 31), MidpointRounding.AwayFromZero);
        if (qFixed == 1L << 31)
        {
            qFixed /= 2;
            shift++;
        }
        if (shift < -31) return (0, 0);
        if (shift > 30) throw new WakeWordException($"quantization: multiplier {m} is too large for a 32-bit fixed-point multiplier");
        return ((int)qFixed, shift);
    }

    /// <summary>frexp: m = q · 2^e with q in [0.5, 1).</summary>
    public static (double Q, int Exp) Frexp(double m)
    {
        var e = (int)Math.Floor(Math.Log2(m)) + 1;
        var q = m / Math.Pow(2, e);
        // Guard against log2 rounding at exact powers of two.
        while (q >= 1) { q /= 2; e++; }
        while (q < 0.5) { q *= 2; e--; }
        return (q, e);
    }

    /// <summary>Asymmetric int8 parameters for a real range (widened to contain 0), TFLite-style nudged zero point.</summary>
    public static (double Scale, int ZeroPoint) Asymmetric(double min, double max, int qmin = -128, int qmax = 127)
    {
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        if (max - min < 1e-8) max = min + 1e-8;
        var scale = (max - min) / (qmax - qmin);
        var zp = (int)Math.Round(qmin - min / scale, MidpointRounding.AwayFromZero);
        return (scale, Math.Clamp(zp, qmin, qmax));
    }

    /// <summary>Symmetric int16 parameters (zero point 0) for a real range.</summary>
    public static double SymmetricScale(double maxAbs, int qmax) => Math.Max(maxAbs, 1e-8) / qmax;

    /// <summary>Quantizes one real value with (scale, zero point), clamped to [qmin, qmax].</summary>
    public static int Quantize(double v, double scale, int zp, int qmin, int qmax) =>
        (int)Math.Clamp(Math.Round(v / scale, MidpointRounding.AwayFromZero) + zp, qmin, qmax);

    /// <summary>Symmetric int8 weights of one row set: scale = max|w| / 127 (a zero row gets scale 1).</summary>
    public static double WeightScale(ReadOnlySpan<float> w)
    {
        double m = 0;
        foreach (var v in w) m = Math.Max(m, Math.Abs(v));
        return m > 0 ? m / 127.0 : 1.0;
    }

    public static sbyte[] QuantizeWeights(ReadOnlySpan<float> w, double scale)
    {
        var q = new sbyte[w.Length];
        for (var i = 0; i < w.Length; i++) q[i] = (sbyte)Math.Clamp(Math.Round(w[i] / scale, MidpointRounding.AwayFromZero), -127, 127);
        return q;
    }

    /// <summary>int32 bias with scale <paramref name="scale"/> (= input scale · weight scale).</summary>
    public static int QuantizeBias(double b, double scale)
    {
        var q = Math.Round(b / scale, MidpointRounding.AwayFromZero);
        return (int)Math.Clamp(q, int.MinValue, int.MaxValue);
    }

    /// <summary>Activation clamp of a fused Relu/Clip in the output's integer domain.</summary>
    public static (int Min, int Max) ActivationRange(float min, float max, double scale, int zp, int qmin, int qmax)
    {
        var lo = float.IsNegativeInfinity(min) ? qmin : Math.Max(qmin, Quantize(min, scale, zp, qmin, qmax));
        var hi = float.IsPositiveInfinity(max) ? qmax : Math.Min(qmax, Quantize(max, scale, zp, qmin, qmax));
        return (lo, hi);
    }

    /// <summary>
    /// Softmax input parameters as TFLM's int8 softmax prepares them (beta 1, 5 integer bits of the scaled difference):
    /// multiplier/left shift of <c>input_scale · 2^26</c> and diff_min = -floor(31 · 2^26 / 2^shift).
    /// </summary>
    public static (int Multiplier, int Shift, int DiffMin) Softmax(double inputScale)
    {
        const int integerBits = 5;
        var real = Math.Min(inputScale * (1L << (31 - integerBits)), (1L << 31) - 1.0);
        var (mult, shift) = QuantizeMultiplier(real);
        if (shift < 0) throw new WakeWordException($"quantization: softmax input scale {inputScale} is too small");
        var radius = ((1 << integerBits) - 1) * (double)(1L << (31 - integerBits)) / (1L << shift);
        return (mult, shift, -(int)Math.Floor(radius));
    }
}
