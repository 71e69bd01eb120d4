namespace WakeWord.Sim.Model;

/// <summary>Multiply-accumulates and weight bytes per layer, for the manifest, the report and the budget check.</summary>
public static class ModelStats
{
    /// <summary>MACs of one inference of layer <paramref name="index"/> (0 for copies and reshapes).</summary>
    public static long Macs(QuantizedModel m, int index)
    {
        var l = m.Layers[index];
        var y = m.Tensors[l.Output];
        return l switch
        {
            DepthwiseConv2DLayer c => (long)y.Elements * c.WeightShape[1] * c.WeightShape[2],
            ConvLayerBase c => (long)y.Elements * c.WeightShape[1] * c.WeightShape[2] * c.WeightShape[3],
            FullyConnectedLayer f => (long)y.Elements * f.InputDepth,
            FullyConnectedS16Layer f => (long)y.Elements * f.InputDepth,
            PoolLayerBase p => (long)y.Elements * p.KernelH * p.KernelW,
            LstmUnidirectionalLayer s => (long)s.TimeSteps * s.BatchSize * 4 * s.HiddenSize * (s.InputSize + s.HiddenSize),
            _ => 0,
        };
    }

    /// <summary>Bytes of constant data (weights, biases, multipliers, shifts) of layer <paramref name="index"/>.</summary>
    public static long WeightBytes(QuantizedModel m, int index) => m.Layers[index] switch
    {
        Conv2DLayer c => c.Weights.Length + 4L * (c.Bias.Length + c.Multiplier.Length + c.Shift.Length),
        Conv2DS16Layer c => c.Weights.Length + 8L * c.Bias.Length + 4L * (c.Multiplier.Length + c.Shift.Length),
        DepthwiseConv2DLayer c => c.Weights.Length + 4L * (c.Bias.Length + c.Multiplier.Length + c.Shift.Length),
        FullyConnectedLayer f => f.Weights.Length + 4L * (f.Bias.Length + f.Multiplier.Length + f.Shift.Length),
        FullyConnectedS16Layer f => f.Weights.Length + 8L * f.Bias.Length,
        LstmUnidirectionalLayer s => s.Gates.Sum(g => (long)g.Gate.InputWeights.Length + g.Gate.HiddenWeights.Length
            + 4L * (g.Gate.InputEffectiveBias.Length + g.Gate.HiddenEffectiveBias.Length + g.Gate.Bias.Length)),
        _ => 0,
    };

    public static long TotalMacs(QuantizedModel m)
    {
        long s = 0;
        for (var i = 0; i < m.Layers.Length; i++) s += Macs(m, i);
        return s;
    }

    public static long TotalWeightBytes(QuantizedModel m)
    {
        long s = 0;
        for (var i = 0; i < m.Layers.Length; i++) s += WeightBytes(m, i);
        return s;
    }
}
