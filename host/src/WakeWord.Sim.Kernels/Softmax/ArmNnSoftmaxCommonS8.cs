// twin of arm_nn_softmax_common_s8.c
using System.Numerics;
using WakeWord.Sim.Kernels.NNSupport;

namespace WakeWord.Sim.Kernels.Softmax;

/// <summary>Softmax body shared by the int8 and int16 outputs: Σ exp(x - max) in Q12.19, reciprocal, scale.</summary>
public static class ArmNnSoftmaxCommonS8
{
    private const int AccumBits = 12;

    /// <summary>Same arguments as <c>arm_nn_softmax_common_s8</c>; exactly one of the outputs is written.</summary>
    public static void Run(ReadOnlySpan<sbyte> input, int numRows, int rowSize, int mult, int shift, int diffMin,
        bool int16Output, Span<sbyte> outputS8, Span<short> outputS16)
    {
        int mask = unchecked((int)(1u << shift));
        for (int row = 0; row < numRows; row++)
        {
            var x = input.Slice(row * rowSize, rowSize);
            int max = x[0];
            for (int c = 1; c < rowSize; c++) max = Math.Max(max, x[c]);
            int sum = 0;
            for (int c = 0; c < rowSize; c++)
            {
                int diff = x[c] - max;
                if (diff >= diffMin)
                    sum = unchecked(sum + Requant.DivideByPowerOfTwo(SoftmaxMath.ExpOnNegativeValues(Requant.DoublingHighMult(unchecked(diff * mask), mult)), AccumBits));
            }
            int headroom = BitOperations.LeadingZeroCount((uint)sum);
            int shiftedSum = sum > 0 ? unchecked((int)((uint)sum << headroom)) : 0;
            int shiftedScale = SoftmaxMath.OneOverOnePlusXForXIn01(unchecked((int)((uint)shiftedSum - 0x80000000u)));
            int bitsOverUnit = AccumBits - headroom + (int16Output ? 15 : 23);
            for (int c = 0; c < rowSize; c++)
            {
                int diff = x[c] - max;
                int res;
                if (diff >= diffMin)
                {
                    res = Requant.DivideByPowerOfTwo(Requant.DoublingHighMult(shiftedScale,
                        SoftmaxMath.ExpOnNegativeValues(Requant.DoublingHighMult(unchecked(diff * mask), mult))), bitsOverUnit);
                    res = int16Output ? Requant.Clamp(res + short.MinValue, short.MinValue, short.MaxValue)
                                      : Requant.Clamp(res + sbyte.MinValue, sbyte.MinValue, sbyte.MaxValue);
                }
                else
                {
                    res = int16Output ? short.MinValue : sbyte.MinValue;
                }
                if (int16Output) outputS16[row * rowSize + c] = (short)res;
                else outputS8[row * rowSize + c] = (sbyte)res;
            }
        }
    }
}
