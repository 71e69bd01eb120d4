// twin of ww_frontend.c
namespace WakeWord.Sim.Frontend;

/// <summary>
/// The streaming front end: 48 kHz int16 PCM in chunks of any size to feature frames of
/// Features int16 each (c0..c(Cepstra-1), then log energy). Same semantics and integers as
/// <c>ww_frontend_process</c>: the first frame is complete after Decimation * FrameLength input samples,
/// then one frame every Decimation * Hop samples, whatever the chunking.
/// </summary>
public sealed class Frontend
{
    private readonly FrontendTables _t;
    private readonly Resampler _resampler;
    private readonly Mfcc _mfcc;
    private readonly short[] _frame;
    private int _fill;

    public Frontend(FrontendTables tables)
    {
        _t = tables;
        _resampler = new Resampler(tables);
        _mfcc = new Mfcc(tables);
        _frame = new short[tables.Config.FrameLength];
    }

    public Frontend(FrontendConfig config) : this(new FrontendTables(config)) { }

    public FrontendTables Tables => _t;

    /// <summary>Frames dropped because a call's output buffer was smaller than <see cref="MaxFrames"/>.</summary>
    public long DroppedFrames { get; private set; }

    /// <summary>Upper bound of frames one call with <paramref name="samples"/> input samples can return.</summary>
    public static int MaxFrames(FrontendConfig c, int samples) => samples / (c.Decimation * c.Hop) + 1;

    /// <summary>Back to the power-on state.</summary>
    public void Reset()
    {
        _resampler.Reset();
        Array.Clear(_frame);
        _fill = 0;
        DroppedFrames = 0;
    }

    /// <summary>
    /// Consumes <paramref name="pcm48k"/> and writes finished frames to <paramref name="features"/>
    /// (frames x Features, oldest first). Returns the number of frames written. Frames beyond
    /// features.Length / Features are dropped and counted in <see cref="DroppedFrames"/>; a buffer of
    /// <see cref="MaxFrames"/> frames never drops.
    /// </summary>
    public int Process(ReadOnlySpan<short> pcm48k, Span<short> features)
    {
        var c = _t.Config;
        var nf = c.Features;
        var maxFrames = features.Length / nf;
        var frames = 0;
        var used = 0;
        while (used < pcm48k.Length)
        {
            _fill += _resampler.Process(pcm48k[used..], _frame.AsSpan(_fill), out var consumed);
            used += consumed;
            if (_fill < c.FrameLength) break; // input used up before the frame filled
            if (frames < maxFrames)
            {
                _mfcc.Frame(_frame, features.Slice(frames * nf, nf));
                frames++;
            }
            else
            {
                DroppedFrames++;
            }
            Array.Copy(_frame, c.Hop, _frame, 0, c.FrameLength - c.Hop);
            _fill = c.FrameLength - c.Hop;
        }
        return frames;
    }

    /// <summary>Features of a whole recording from power-on: frames x Features, row-major.</summary>
    public static short[] ComputeAll(FrontendTables tables, ReadOnlySpan<short> pcm48k)
    {
        var fe = new Frontend(tables);
        var nf = tables.Config.Features;
        var buf = new short[MaxFrames(tables.Config, pcm48k.Length) * nf];
        var n = fe.Process(pcm48k, buf);
        return buf.AsSpan(0, n * nf).ToArray();
    }
}
