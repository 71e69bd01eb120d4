namespace WakeWord.Training;

/// <summary>
/// One training clip: one or more feature variants (the clean clip and its augmented copies), each
/// [Frames][Features] normalized features flattened, with at least the model's window of frames. Training picks a
/// variant and a window offset per epoch (<see cref="Data.WindowSampler"/>); evaluation uses variant 0 at
/// <see cref="EvalOffset"/>. <paramref name="SpanStart"/>..<paramref name="SpanEnd"/> (inclusive, in frames) is the
/// spoken part of the clip found by <see cref="Data.SpeechSpan"/>, or -1 when unknown.
/// </summary>
internal sealed record TrainSample(float[][] Variants, int Frames, int Label, string Id, int SpanStart = -1, int SpanEnd = -1)
{
    /// <summary>Copies the window of <paramref name="window"/> frames starting at <paramref name="offset"/>.</summary>
    public void CopyWindow(int variant, int offset, int window, int features, Span<float> dst) =>
        Variants[variant].AsSpan(offset * features, window * features).CopyTo(dst);

    public int CenterOffset(int window) => (Frames - window) / 2;

    public bool HasSpan => SpanStart >= 0 && SpanEnd >= SpanStart;

    /// <summary>Loss weight of this clip on top of its class weight (hard negatives such as confusable phrases &gt; 1).</summary>
    public float Weight { get; init; } = 1f;

    /// <summary>
    /// Long continuous audio (a training stream): prefix sums of its labelled speech frames; windows are taken anywhere
    /// and labelled by what they hold (<see cref="Data.WindowSampler"/>). Null for clips.
    /// </summary>
    public int[]? SpeechPrefix { get; init; }

    /// <summary>(start, end) per variant (augmented copies may be sped up or slowed down); null = variant 0's span for all.</summary>
    public int[]? VariantSpans { get; init; }

    /// <summary>The spoken span of <paramref name="variant"/>, (-1, -1) when unknown.</summary>
    public (int Start, int End) SpanOf(int variant) =>
        VariantSpans is { } v && 2 * variant + 1 < v.Length ? (v[2 * variant], v[2 * variant + 1]) : (SpanStart, SpanEnd);

    /// <summary>
    /// The evaluation window: the spoken span centred in the window when it is known (a span longer than the window
    /// keeps its end, where the phrase completes), else the clip's centre.
    /// </summary>
    public int EvalOffset(int window)
    {
        if (!HasSpan) return CenterOffset(window);
        var len = SpanEnd - SpanStart + 1;
        var off = len <= window ? SpanStart - (window - len) / 2 : SpanEnd + 1 - window;
        return Math.Clamp(off, 0, Frames - window);
    }
}
