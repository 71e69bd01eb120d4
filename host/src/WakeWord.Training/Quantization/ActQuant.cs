using System.Numerics;

namespace WakeWord.Training.Quantization;

/// <summary>
/// Asymmetric per-tensor int8 fake quantization of an activation, as the int8 model stores it:
/// scale = (max - min) / 255 over a range that contains 0, zero point = round(-128 - min / scale),
/// q = clamp(round(x / scale) + zp, -128, 127) (round half away from zero), value = (q - zp) * scale.
/// Backward is the straight-through estimator: gradient passes where x was inside the range, zero where it clipped.
/// A default instance is disabled (identity).
/// </summary>
internal readonly record struct ActQuant(bool Enabled, double Scale, int ZeroPoint)
{
    public static ActQuant Disabled => default;

    /// <summary>Quantizer for the range [min, max] widened to contain 0.</summary>
    public static ActQuant FromRange(double min, double max)
    {
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        if (max - min < 1e-8) max = min + 1e-8;
        var scale = (max - min) / 255.0;
        var zp = (int)Math.Clamp(Math.Round(-128 - min / scale, MidpointRounding.AwayFromZero), -128, 127);
        return new ActQuant(true, scale, zp);
    }

    /// <summary>Quantizes <paramref name="x"/> in place; <paramref name="pass"/> (if not empty) gets 1 where the gradient passes.</summary>
    public void Apply<T>(Span<T> x, Span<byte> pass) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Enabled)
        {
            if (!pass.IsEmpty) pass.Fill(1);
            return;
        }
        var inv = 1.0 / Scale;
        for (var i = 0; i < x.Length; i++)
        {
            var q = Math.Round(double.CreateTruncating(x[i]) * inv, MidpointRounding.AwayFromZero) + ZeroPoint;
            var inside = q >= -128 && q <= 127;
            if (!pass.IsEmpty) pass[i] = inside ? (byte)1 : (byte)0;
            q = Math.Clamp(q, -128, 127);
            x[i] = T.CreateTruncating((q - ZeroPoint) * Scale);
        }
    }

    /// <summary>Straight-through backward: dx = dy where the value passed, else 0.</summary>
    public static void Backward<T>(ReadOnlySpan<byte> pass, Span<T> dy) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < dy.Length; i++) if (pass[i] == 0) dy[i] = T.Zero;
    }
}
