namespace WakeWord.Training.Optim;

/// <summary>
/// Exponential moving average of the parameters over optimizer steps (Polyak averaging): after each step
/// avg = d x avg + (1 - d) x params with d = min(decay, (1 + t) / (10 + t)), so the first steps are not
/// averaged with the initial weights. Validation and early stopping use the average, which sits in a flatter
/// region than the last step and varies less from seed to seed.
/// </summary>
internal sealed class WeightAverage
{
    private long _t;

    public WeightAverage(ReadOnlySpan<float> parameters, double decay)
    {
        if (!(decay is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "decay must be in (0, 1)");
        Decay = decay;
        Values = parameters.ToArray();
    }

    public double Decay { get; }

    /// <summary>The averaged parameters.</summary>
    public float[] Values { get; }

    /// <summary>The decay used at step <paramref name="t"/> (1-based).</summary>
    internal static double DecayAt(double decay, long t) => Math.Min(decay, (1.0 + t) / (10.0 + t));

    public void Update(ReadOnlySpan<float> parameters)
    {
        _t++;
        var d = (float)DecayAt(Decay, _t);
        var v = Values;
        for (var i = 0; i < v.Length; i++) v[i] = d * v[i] + (1 - d) * parameters[i];
    }
}
