// twin of arm_nn_activation_s16.c
using System.Runtime.CompilerServices;
namespace WakeWord.Sim.Kernels.Activations;

/// <summary>
/// int16 sigmoid/tanh by linear interpolation in <see cref="SigmoidTable"/>; input Q3.12 scaled by 2^leftShift,
/// output Q0.15. LSTM gates use leftShift 0; tanh of the cell state uses cell_scale_power + 12.
/// </summary>
public static class ArmNnActivationS16
{
    /// <summary>Same arguments as <c>arm_nn_activation_s16</c> (input, output, size, left shift, type).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ArmStatus Run(ReadOnlySpan<short> input, Span<short> output, int size, int leftShift, ActivationType type)
    {
        var table = SigmoidTable.Values;
        bool sigmoid = type == ActivationType.Sigmoid;
        int absInputShift = sigmoid ? 9 : 8;
        uint maxSaturation = sigmoid ? 0x7FFFu << 10 : 0xFFFFu << 8;
        uint fracMask = sigmoid ? 0x1FFu : 0xFFu;
        int inputMultiplier = leftShift < 0 ? 3 : 3 << leftShift;
        int absLeftShift = leftShift < 0 ? -leftShift : 0;
        int rounding = absLeftShift > 0 ? 1 << (absLeftShift - 1) : 0;
        for (int i = 0; i < size; i++)
        {
            int x = (input[i] * inputMultiplier + rounding) >> absLeftShift;
            uint absX = x > 0 ? (uint)x : unchecked(0u - (uint)x);
            uint uh = absX >> absInputShift;
            uint result;
            if (uh >= 255)
            {
                result = maxSaturation;
            }
            else
            {
                uint ua = table[(int)uh], ub = table[(int)uh + 1];
                result = unchecked((ua << absInputShift) + (absX & fracMask) * (ub - ua));
            }
            if (sigmoid)
                result = unchecked((x >= 0 ? result + (1u << 9) : (1u << 25) - result + (1u << 9) - 1u) >> 10);
            else
                result = unchecked((x >= 0 ? result - (1u << 23) + (1u << 7) : (1u << 23) - result + (1u << 7) - 1u) >> 8);
            output[i] = unchecked((short)result);
        }
        return ArmStatus.Success;
    }
}
