// twin of arm_nn_mat_mult_nt_t_s8.c
using System.Runtime.CompilerServices;
namespace WakeWord.Sim.Kernels.NNSupport;

/// <summary>
/// dst[r * rowAddressOffset + c] = clamp(requantize(bias[c] + Σ_k (lhs[r * lhsColsOffset + k] + lhsOffset) * rhs[c][k],
/// mult[c], shift[c]) + dstOffset). Used by the 1x1 convolutions.
/// </summary>
public static class ArmNnMatMultNtTS8
{
    /// <summary>Same arguments as <c>arm_nn_mat_mult_nt_t_s8</c>; bias empty = NULL.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ArmStatus Run(ReadOnlySpan<sbyte> lhs, ReadOnlySpan<sbyte> rhs, ReadOnlySpan<int> bias, Span<sbyte> dst,
        ReadOnlySpan<int> dstMultipliers, ReadOnlySpan<int> dstShifts, int lhsRows, int rhsRows, int rhsCols,
        int lhsOffset, int dstOffset, int activationMin, int activationMax, int rowAddressOffset, int lhsColsOffset)
    {
        var mode = Requant.Mode;
        Span<short> row = rhsCols <= 1024 ? stackalloc short[rhsCols] : new short[rhsCols];
        for (int r = 0; r < lhsRows; r++)
        {
            var l = lhs.Slice(r * lhsColsOffset, rhsCols);
            for (int k = 0; k < rhsCols; k++) row[k] = (short)(l[k] + lhsOffset);
            var d = dst.Slice(r * rowAddressOffset);
            for (int c = 0; c < rhsRows; c++)
            {
                int acc = unchecked((bias.IsEmpty ? 0 : bias[c]) + Dot.S16S8(row, rhs.Slice(c * rhsCols, rhsCols)));
                int v = Requant.Requantize(acc, dstMultipliers[c], dstShifts[c], mode) + dstOffset;
                d[c] = (sbyte)Requant.Clamp(v, activationMin, activationMax);
            }
        }
        return ArmStatus.Success;
    }
}
