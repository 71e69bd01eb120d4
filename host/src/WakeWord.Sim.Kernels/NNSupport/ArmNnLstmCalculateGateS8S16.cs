// twin of arm_nn_lstm_calculate_gate_s8_s16.c
using WakeWord.Sim.Kernels.Activations;

namespace WakeWord.Sim.Kernels.NNSupport;

/// <summary>One LSTM gate: input and hidden products requantized to Q3.12, summed with int16 saturation, then sigmoid/tanh.</summary>
public static class ArmNnLstmCalculateGateS8S16
{
    /// <summary>Same arguments as <c>arm_nn_lstm_calculate_gate_s8_s16</c>; <paramref name="hiddenIn"/> empty = NULL.</summary>
    public static ArmStatus Run(ReadOnlySpan<sbyte> dataIn, ReadOnlySpan<sbyte> hiddenIn, in LstmGate gateData, in LstmParams lstmParams,
        Span<short> output, int batchOffset)
    {
        int n = lstmParams.HiddenSize * lstmParams.BatchSize;
        var o = output.Slice(0, n);
        o.Clear();
        ArmNnVecMatMulResultAccS8S16.Run(dataIn, gateData.InputWeights, gateData.InputEffectiveBias, o, gateData.InputMultiplier,
            gateData.InputShift, lstmParams.InputSize, lstmParams.HiddenSize, lstmParams.BatchSize, batchOffset);
        if (!hiddenIn.IsEmpty)
        {
            ArmNnVecMatMulResultAccS8S16.Run(hiddenIn, gateData.HiddenWeights, gateData.HiddenEffectiveBias, o, gateData.HiddenMultiplier,
                gateData.HiddenShift, lstmParams.HiddenSize, lstmParams.HiddenSize, lstmParams.BatchSize, batchOffset);
        }
        return ArmNnActivationS16.Run(o, o, n, 0, gateData.ActivationType);
    }
}
