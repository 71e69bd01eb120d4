namespace WakeWord.Training.Data;

/// <summary>
/// The spoken part of a clip from its front-end log-energy feature: frames louder than both the clip's peak minus
/// <see cref="BelowPeakDb"/> and its noise floor (10th percentile) plus <see cref="AboveFloorDb"/>; the span runs from
/// the first to the last such frame. Log energy is in natural-log units with the front end's fraction bits, so
/// 10 dB = ln(10) nats.
/// </summary>
internal static class SpeechSpan
{
    public const double BelowPeakDb = 25;
    public const double AboveFloorDb = 8;

    /// <summary>(first, last) frame of the span, or (-1, -1) when no frame stands out of the floor.</summary>
    public static (int Start, int End) Find(ReadOnlySpan<short> features, int frames, int featuresPerFrame, int energyIndex, int fracBits)
    {
        if (frames <= 0) return (-1, -1);
        var e = new int[frames];
        for (var t = 0; t < frames; t++) e[t] = features[t * featuresPerFrame + energyIndex];
        var sorted = (int[])e.Clone();
        Array.Sort(sorted);
        var floor = sorted[frames / 10];
        var peak = sorted[^1];
        double perDb = Math.Log(10) / 10 * (1 << fracBits);
        var threshold = Math.Max(peak - BelowPeakDb * perDb, floor + AboveFloorDb * perDb);
        if (peak <= threshold) return (-1, -1);
        int first = -1, last = -1;
        for (var t = 0; t < frames; t++)
        {
            if (e[t] <= threshold) continue;
            if (first < 0) first = t;
            last = t;
        }
        return (first, last);
    }
}
