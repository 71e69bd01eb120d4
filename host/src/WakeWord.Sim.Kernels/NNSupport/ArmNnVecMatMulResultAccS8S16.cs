// twin of arm_nn_vec_mat_mul_result_acc_s8_s16.c
using System.Runtime.CompilerServices;
namespace WakeWord.Sim.Kernels.NNSupport;

/// <summary>dst[b][r] = clamp16(dst[b][r] + requantize(effectiveBias[r] + Σ_c lhs[b][c] * rhs[r][c])); LSTM gates.</summary>
public static class ArmNnVecMatMulResultAccS8S16
{
    /// <summary>Same arguments as <c>arm_nn_vec_mat_mul_result_acc_s8_s16</c>; lhs batches are cols * batchOffset apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ArmStatus Run(ReadOnlySpan<sbyte> lhs, ReadOnlySpan<sbyte> rhs, ReadOnlySpan<int> effectiveBias, Span<short> dst,
        int dstMultiplier, int dstShift, int rhsCols, int rhsRows, int batches, int batchOffset)
    {
        var mode = Requant.Mode;
        int d = 0;
        for (int b = 0; b < batches; b++)
        {
            var x = lhs.Slice(b * rhsCols * batchOffset, rhsCols);
            for (int r = 0; r < rhsRows; r++, d++)
            {
                int acc = unchecked(effectiveBias[r] + Dot.S8S8(x, rhs.Slice(r * rhsCols, rhsCols)));
                int v = Requant.Requantize(acc, dstMultiplier, dstShift, mode) + dst[d];
                dst[d] = (short)Requant.Clamp(v, short.MinValue, short.MaxValue);
            }
        }
        return ArmStatus.Success;
    }
}
