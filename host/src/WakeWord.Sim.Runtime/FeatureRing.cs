// twin of ww_ring.c
namespace WakeWord.Sim.Runtime;

/// <summary>The last <see cref="Frames"/> quantized frames, read back oldest first (twin of <c>ww_ring_t</c>).</summary>
public sealed class FeatureRing
{
    private readonly sbyte[] _data;

    public FeatureRing(int frames, int width)
    {
        if (frames < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(frames), "frames and width must be positive");
        Frames = frames;
        Width = width;
        _data = new sbyte[frames * width];
    }

    public int Frames { get; }
    public int Width { get; }
    /// <summary>Slot the next frame goes to.</summary>
    public int Head { get; private set; }
    /// <summary>Frames held, saturating at <see cref="Frames"/>.</summary>
    public int Count { get; private set; }

    /// <summary>ww_ring_push.</summary>
    public void Push(ReadOnlySpan<sbyte> frame)
    {
        frame[..Width].CopyTo(_data.AsSpan(Head * Width, Width));
        Head = Head + 1 == Frames ? 0 : Head + 1;
        if (Count < Frames) Count++;
    }

    /// <summary>ww_ring_copy_window: the window oldest first; frames not yet written read as 0.</summary>
    public void CopyWindow(Span<sbyte> dst)
    {
        var tail = (Frames - Head) * Width;
        if (Count < Frames) dst[..tail].Clear();
        else _data.AsSpan(Head * Width, tail).CopyTo(dst);
        _data.AsSpan(0, Head * Width).CopyTo(dst[tail..]);
    }
}
