namespace WakeWord.Training.Data;

/// <summary>How training windows are placed in a clip's frames.</summary>
public sealed record WindowOptions
{
    /// <summary>A wake window may cut at most this fraction of the spoken span (split between both ends).</summary>
    public double MaxWakeCut { get; init; } = 0.12;

    /// <summary>Probability that a wake clip gives a "partial" window instead, labelled speech.</summary>
    public double PartialRate { get; init; } = 0.2;

    /// <summary>A partial window cuts at least this fraction of the span (only the start or only the end stays).</summary>
    public double MinPartialCut { get; init; } = 0.4;

    /// <summary>
    /// Place wake windows by the spoken span (with partial-phrase negatives); false (the default, which measured
    /// better on held-out voices) treats wake clips like the others: centre ± shift.
    /// </summary>
    public bool UseSpans { get; init; }

    /// <summary>
    /// Non-wake windows at any offset of the clip (with <see cref="FeatureOptions.NegativePadSeconds"/> they show
    /// utterance starts and ends next to silence, as streaming does) instead of centre ± shift (the default, which
    /// measured better: docs/training.md).
    /// </summary>
    public bool NegativeAnywhere { get; init; }
}

/// <summary>
/// Picks a training window offset and its label. Wake clips with a known spoken span: a window that holds the whole
/// span, or all but <see cref="WindowOptions.MaxWakeCut"/> of it, anywhere in the window (so the posterior is high
/// wherever the phrase sits, as in streaming); with probability <see cref="WindowOptions.PartialRate"/> a window that
/// holds only the first or the last part of the phrase, labelled speech, so that "hey" or "nova" alone do not
/// trigger. Other clips (and wake clips without a span): any offset within <paramref name="maxShift"/> of the centre.
/// </summary>
internal sealed class WindowSampler(int window, int maxShift, WindowOptions options, int speechLabel, int backgroundLabel)
{
    /// <summary>A stream window with at least this many labelled speech frames is "speech", else "background".</summary>
    public const int MinSpeechFrames = 10;

    public (int Offset, int Label) Pick(TrainSample s, int variant, Random rng, int wakeLabel)
    {
        var maxOff = s.Frames - window;
        if (s.SpeechPrefix is { } sp)
        {
            var o = rng.Next(maxOff + 1);
            return (o, sp[o + window] - sp[o] >= MinSpeechFrames ? speechLabel : backgroundLabel);
        }
        var (a, b) = s.SpanOf(variant);
        if (s.Label != wakeLabel && options.NegativeAnywhere) return (rng.Next(maxOff + 1), s.Label);
        if (s.Label != wakeLabel || !options.UseSpans || a < 0 || b < a)
        {
            var c = s.CenterOffset(window);
            var shift = Math.Min(maxShift, c);
            return (Math.Clamp(c + rng.Next(-shift, shift + 1), 0, maxOff), s.Label);
        }
        var len = b - a + 1;
        if (options.PartialRate > 0 && rng.NextDouble() < options.PartialRate)
        {
            // Keep only the head (window ends inside the span) or only the tail (window starts inside it).
            // Head: offset a + keep - window >= 0. Tail: offset b - keep + 1 <= maxOff.
            var keepMax = (int)Math.Floor(len * (1 - options.MinPartialCut));
            var head = rng.Next(2) == 0;
            var keepMin = Math.Max(1, head ? window - a : b + 1 - maxOff);
            if (keepMin <= keepMax)
            {
                var keep = rng.Next(keepMin, keepMax + 1);
                return (head ? a + keep - window : b - keep + 1, speechLabel);
            }
        }
        var cut = (int)Math.Floor(len * options.MaxWakeCut);
        // Window [off, off + window) must contain [a + cutStart, b - cutEnd] with cutStart + cutEnd <= cut.
        var lo = Math.Max(0, b - cut - window + 1);
        var hi = Math.Min(maxOff, a + cut);
        if (len - cut > window || lo > hi)
        {
            // Longer than the window: keep the end of the phrase, where it completes.
            return (Math.Clamp(b + 1 - window + rng.Next(0, Math.Max(1, cut / 2 + 1)), 0, maxOff), s.Label);
        }
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var off = rng.Next(lo, hi + 1);
            var cutStart = Math.Max(0, off - a);
            var cutEnd = Math.Max(0, b - (off + window - 1));
            if (cutStart + cutEnd <= cut) return (off, s.Label);
        }
        return (Math.Clamp(a - (window - len) / 2, 0, maxOff), s.Label);
    }
}
