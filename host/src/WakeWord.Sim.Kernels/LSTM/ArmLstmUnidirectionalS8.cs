// twin of arm_lstm_unidirectional_s8.c
using WakeWord.Sim.Kernels.NNSupport;

namespace WakeWord.Sim.Kernels.LSTM;

/// <summary>
/// Unidirectional int8 LSTM over time (8x8_16: int16 gates and cell state). A bidirectional layer is two calls,
/// the second on the time-reversed sequence. <see cref="LstmContext.HiddenState"/> null: start from zero state.
/// </summary>
public static class ArmLstmUnidirectionalS8
{
    /// <summary>Same arguments and status as <c>arm_lstm_unidirectional_s8</c> (input, output, params, buffers).</summary>
    public static ArmStatus Run(ReadOnlySpan<sbyte> input, Span<sbyte> output, in LstmParams lstmParams, in LstmContext buffers)
    {
        var p = lstmParams;
        int batches = p.BatchSize, hidden = p.HiddenSize;
        var cell = buffers.CellState.AsSpan(0, batches * hidden);
        sbyte[]? hiddenState = buffers.HiddenState;
        if (hiddenState == null) cell.Clear();
        if (p.TimeMajor != 0)
        {
            ReadOnlySpan<sbyte> hiddenIn = hiddenState;
            int last = -1;
            for (int t = 0; t < p.TimeSteps; t++)
            {
                var dataIn = input.Slice(t * batches * p.InputSize);
                var hiddenOut = output.Slice(t * batches * hidden, batches * hidden);
                var status = ArmNnLstmStepS8.Step(dataIn, hiddenIn, hiddenOut, p, buffers.Temp1, buffers.Temp2, cell, 1);
                if (status != ArmStatus.Success) return status;
                hiddenIn = hiddenOut;
                last = t;
            }
            if (hiddenState != null && last >= 0)
                output.Slice(last * batches * hidden, batches * hidden).CopyTo(hiddenState);
        }
        else
        {
            var stepParams = p with { BatchSize = 1 };
            for (int b = 0; b < batches; b++)
            {
                ReadOnlySpan<sbyte> hiddenIn = hiddenState == null ? default : hiddenState.AsSpan(b * hidden, hidden);
                var cellB = cell.Slice(b * hidden, hidden);
                int last = -1;
                for (int t = 0; t < p.TimeSteps; t++)
                {
                    var dataIn = input.Slice((b * p.TimeSteps + t) * p.InputSize);
                    var hiddenOut = output.Slice((b * p.TimeSteps + t) * hidden, hidden);
                    var status = ArmNnLstmStepS8.Step(dataIn, hiddenIn, hiddenOut, stepParams, buffers.Temp1, buffers.Temp2, cellB, 1);
                    if (status != ArmStatus.Success) return status;
                    hiddenIn = hiddenOut;
                    last = t;
                }
                if (hiddenState != null && last >= 0)
                    output.Slice((b * p.TimeSteps + last) * hidden, hidden).CopyTo(hiddenState.AsSpan(b * hidden, hidden));
            }
        }
        return ArmStatus.Success;
    }
}
