using WakeWord.Training.Quantization;

namespace WakeWord.Training.Model;

/// <summary>The activation tensors the int8 model quantizes, in forward order.</summary>
internal enum QuantPoint
{
    Input = 0,
    Conv1 = 1,
    Conv2 = 2,
    Hidden = 3,
    Logits = 4,
}

/// <summary>Activation quantizers for every <see cref="QuantPoint"/> (all disabled for float training).</summary>
internal sealed record ActQuantSet(ActQuant[] Points)
{
    public const int Count = 5;

    public static ActQuantSet Float => new(new ActQuant[Count]);

    public ActQuant this[QuantPoint p] => Points[(int)p];

    /// <summary>Quantizers from observed ranges (min/max calibration).</summary>
    public static ActQuantSet FromRanges(RangeStats stats)
    {
        var q = new ActQuant[Count];
        for (var i = 0; i < Count; i++) q[i] = ActQuant.FromRange(stats.Min[i], stats.Max[i]);
        return new ActQuantSet(q);
    }
}

/// <summary>Running min/max per quantization point, merged in a fixed order so calibration is reproducible.</summary>
internal sealed class RangeStats
{
    public double[] Min { get; } = Enumerable.Repeat(double.PositiveInfinity, ActQuantSet.Count).ToArray();
    public double[] Max { get; } = Enumerable.Repeat(double.NegativeInfinity, ActQuantSet.Count).ToArray();

    public void Observe(QuantPoint p, ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) return;
        var i = (int)p;
        Min[i] = Math.Min(Min[i], System.Numerics.Tensors.TensorPrimitives.Min(values));
        Max[i] = Math.Max(Max[i], System.Numerics.Tensors.TensorPrimitives.Max(values));
    }

    public void Merge(RangeStats other)
    {
        for (var i = 0; i < ActQuantSet.Count; i++)
        {
            Min[i] = Math.Min(Min[i], other.Min[i]);
            Max[i] = Math.Max(Max[i], other.Max[i]);
        }
    }
}
