namespace WakeWord.Training;

/// <summary>
/// One training clip: one or more feature variants (the clean clip and its augmented copies), each
/// [Frames][Features] normalized features flattened, with at least the model's window of frames. Training picks a
/// variant and a window offset (time shift) per epoch; evaluation uses variant 0, centred.
/// </summary>
internal sealed record TrainSample(float[][] Variants, int Frames, int Label, string Id)
{
    /// <summary>Copies the window of <paramref name="window"/> frames starting at <paramref name="offset"/>.</summary>
    public void CopyWindow(int variant, int offset, int window, int features, Span<float> dst) =>
        Variants[variant].AsSpan(offset * features, window * features).CopyTo(dst);

    public int CenterOffset(int window) => (Frames - window) / 2;
}
