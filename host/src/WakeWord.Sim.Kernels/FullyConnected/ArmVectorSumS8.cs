// twin of arm_vector_sum_s8.c
namespace WakeWord.Sim.Kernels.FullyConnected;

/// <summary>
/// sum[r] = bias[r] (or 0) + lhsOffset * (Σ_c data[r][c] + cols * rhsOffset), the offset term only when lhsOffset != 0.
/// Gives LSTM effective biases and MVE fully connected kernel sums.
/// </summary>
public static class ArmVectorSumS8
{
    /// <summary>Same arguments as <c>arm_vector_sum_s8</c> (output first, as in C); bias empty = NULL.</summary>
    public static ArmStatus Run(Span<int> vectorSumBuf, int vectorCols, int vectorRows, ReadOnlySpan<sbyte> vectorData,
        int lhsOffset, int rhsOffset, ReadOnlySpan<int> biasData)
    {
        for (int r = 0; r < vectorRows; r++) vectorSumBuf[r] = biasData.IsEmpty ? 0 : biasData[r];
        if (lhsOffset == 0) return ArmStatus.Success;
        for (int r = 0; r < vectorRows; r++)
        {
            int sum = 0;
            var row = vectorData.Slice(r * vectorCols, vectorCols);
            for (int c = 0; c < vectorCols; c++) sum += row[c];
            if (rhsOffset != 0) sum = unchecked(sum + vectorCols * rhsOffset);
            vectorSumBuf[r] = unchecked(vectorSumBuf[r] + sum * lhsOffset);
        }
        return ArmStatus.Success;
    }
}
