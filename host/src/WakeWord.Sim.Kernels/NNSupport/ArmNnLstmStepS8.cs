// twin of arm_nn_lstm_step_s8.c
using WakeWord.Sim.Kernels.Activations;
using WakeWord.Sim.Kernels.BasicMath;

namespace WakeWord.Sim.Kernels.NNSupport;

/// <summary>
/// One LSTM step (8x8_16) for all batches: c = f*c + i*g (clipped), h = o * tanh(c). Afterwards Temp1 holds the
/// output gate and Temp2 tanh(c), as in C.
/// </summary>
public static class ArmNnLstmStepS8
{
    /// <summary>Same arguments as <c>arm_nn_lstm_step_s8</c>; <paramref name="hiddenIn"/> empty = NULL.</summary>
    public static ArmStatus Run(ReadOnlySpan<sbyte> dataIn, ReadOnlySpan<sbyte> hiddenIn, Span<sbyte> hiddenOut,
        in LstmParams lstmParams, in LstmContext buffers, int batchOffset) =>
        Step(dataIn, hiddenIn, hiddenOut, lstmParams, buffers.Temp1, buffers.Temp2, buffers.CellState, batchOffset);

    internal static ArmStatus Step(ReadOnlySpan<sbyte> dataIn, ReadOnlySpan<sbyte> hiddenIn, Span<sbyte> hiddenOut,
        in LstmParams p, Span<short> temp1, Span<short> temp2, Span<short> cellState, int batchOffset)
    {
        int n = p.HiddenSize * p.BatchSize;
        ArmNnLstmCalculateGateS8S16.Run(dataIn, hiddenIn, p.ForgetGate, p, temp1, batchOffset);
        ArmElementwiseMulS16.Run(temp1, cellState, 0, 0, cellState, 0, p.ForgetToCellMultiplier, p.ForgetToCellShift,
            short.MinValue, short.MaxValue, n);
        ArmNnLstmCalculateGateS8S16.Run(dataIn, hiddenIn, p.InputGate, p, temp1, batchOffset);
        ArmNnLstmCalculateGateS8S16.Run(dataIn, hiddenIn, p.CellGate, p, temp2, batchOffset);
        ArmElementwiseMulAccS16.Run(temp1, temp2, 0, 0, cellState, 0, p.InputToCellMultiplier, p.InputToCellShift,
            -p.CellClip, p.CellClip, n);
        ArmNnLstmCalculateGateS8S16.Run(dataIn, hiddenIn, p.OutputGate, p, temp1, batchOffset);
        ArmNnActivationS16.Run(cellState, temp2, n, p.CellScalePower + 12, ActivationType.Tanh);
        ArmElementwiseMulS16S8.Run(temp1, temp2, hiddenOut, p.OutputOffset, p.OutputMultiplier, p.OutputShift,
            p.HiddenSize, p.BatchSize, batchOffset);
        return ArmStatus.Success;
    }
}
