// twin of arm_nnsupportfunctions.h (requantization arithmetic)
using System.Runtime.CompilerServices;

namespace WakeWord.Sim.Kernels;

/// <summary>
/// How <see cref="Requant.Requantize(int,int,int,RoundingMode)"/> rounds; must equal the firmware's
/// <c>CMSIS_NN_USE_SINGLE_ROUNDING</c> (Single = defined). Written into the generated config header from this value.
/// </summary>
public enum RoundingMode
{
    /// <summary>CMSIS-NN default, TFLite MultiplyByQuantizedMultiplier: doubling high multiply (ties up), then a
    /// rounding right shift (ties away from zero).</summary>
    Double = 0,
    /// <summary><c>CMSIS_NN_USE_SINGLE_ROUNDING</c>: one 64-bit product, one rounding (ties up).</summary>
    Single = 1,
}

/// <summary>
/// CMSIS-NN integer arithmetic, one method per C inline function. The rounding mode is ambient
/// (<see cref="Mode"/>, flows with the async context); kernels read it once per call.
/// </summary>
public static class Requant
{
    private static readonly AsyncLocal<RoundingMode> Current = new();

    /// <summary>The rounding mode kernels use in this execution context (default <see cref="RoundingMode.Double"/>).</summary>
    public static RoundingMode Mode
    {
        get => Current.Value;
        set => Current.Value = value;
    }

    /// <summary>Sets <see cref="Mode"/> until the returned scope is disposed.</summary>
    public static IDisposable Use(RoundingMode mode)
    {
        var previous = Current.Value;
        Current.Value = mode;
        return new Restore(previous);
    }

    private sealed class Restore(RoundingMode previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }

    /// <summary>Twin of <c>arm_nn_requantize</c>: val * multiplier * 2^(shift - 31), rounded per <paramref name="mode"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Requantize(int val, int multiplier, int shift, RoundingMode mode)
    {
        if (mode == RoundingMode.Single)
        {
            long totalShift = 31 - shift;
            long result = ((long)val * multiplier) >> (int)(totalShift - 1);
            return unchecked((int)((result + 1) >> 1));
        }
        int shifted = unchecked(val << (shift > 0 ? shift : 0));
        return DivideByPowerOfTwo(DoublingHighMultNoSat(shifted, multiplier), shift > 0 ? 0 : -shift);
    }

    /// <summary><see cref="Requantize(int,int,int,RoundingMode)"/> with the ambient <see cref="Mode"/>.</summary>
    public static int Requantize(int val, int multiplier, int shift) => Requantize(val, multiplier, shift, Mode);

    /// <summary>Twin of <c>arm_nn_doubling_high_mult_no_sat</c>: round(m1 * m2 / 2^31), ties up, no saturation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DoublingHighMultNoSat(int m1, int m2) => unchecked((int)(((long)m1 * m2 + (1L << 30)) >> 31));

    /// <summary>Twin of <c>arm_nn_doubling_high_mult</c>: saturating, ties away from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DoublingHighMult(int m1, int m2)
    {
        long acc = ((m1 < 0) != (m2 < 0)) ? 1 - (1L << 30) : 1L << 30;
        acc += (long)m1 * m2;
        int result = unchecked((int)(acc / (1L << 31)));
        return m1 == m2 && m1 == int.MinValue ? int.MaxValue : result;
    }

    /// <summary>Twin of <c>arm_nn_divide_by_power_of_two</c>: dividend / 2^exponent, ties away from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DivideByPowerOfTwo(int dividend, int exponent)
    {
        int mask = unchecked((int)((1u << exponent) - 1u));
        int remainder = dividend & mask;
        int result = dividend >> exponent;
        int threshold = (mask >> 1) + (result < 0 ? 1 : 0);
        return remainder > threshold ? result + 1 : result;
    }

    /// <summary>Twin of <c>arm_nn_requantize_s64</c>: 64-bit value times a Q15 (reduced) multiplier, one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RequantizeS64(long val, int reducedMultiplier, int shift)
    {
        long prod = unchecked(val * reducedMultiplier);
        int result = unchecked((int)(prod >> (14 - shift)));
        return unchecked(result + 1) >> 1;
    }

    /// <summary>Twin of <c>REDUCE_MULTIPLIER</c>: Q31 multiplier rounded to Q15.</summary>
    public static int ReduceMultiplier(int multiplier) => multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;

    /// <summary>Twin of <c>arm_nn_mult_by_power_of_two</c>: saturating val * 2^exp.</summary>
    public static int MultByPowerOfTwo(int val, int exp)
    {
        int thresh = unchecked((int)((1u << (31 - exp)) - 1u));
        int result = unchecked(val << exp);
        if (val > thresh) result = int.MaxValue;
        if (val < -thresh) result = int.MinValue;
        return result;
    }

    /// <summary>Clamps to [min, max] (CMSIS-NN MAX then MIN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Clamp(int v, int min, int max) => Math.Min(Math.Max(v, min), max);
}
