namespace WakeWord.Sim.Audio;

/// <summary>Sample encoding of a WAV file.</summary>
public enum WavSampleFormat
{
    /// <summary>Integer PCM: 8-bit unsigned, 16/24/32-bit signed.</summary>
    Pcm = 1,

    /// <summary>IEEE float, 32 or 64 bit.</summary>
    IeeeFloat = 3,
}

/// <summary>
/// A decoded WAV file. <see cref="Samples"/> holds one array per channel, scaled so that integer full
/// scale is [-1, 1) (16-bit value v is v / 32768; 8-bit unsigned u is (u - 128) / 128); float files keep
/// their values.
/// </summary>
public sealed record WavAudio(int SampleRate, int Channels, int BitsPerSample, WavSampleFormat Format, bool Extensible, float[][] Samples)
{
    /// <summary>Samples per channel.</summary>
    public int Frames => Samples.Length == 0 ? 0 : Samples[0].Length;

    public double DurationSeconds => (double)Frames / SampleRate;

    /// <summary>Mean of the channels, in double.</summary>
    public double[] MixToMono()
    {
        var n = Frames;
        var mono = new double[n];
        foreach (var ch in Samples)
            for (var i = 0; i < n; i++) mono[i] += ch[i];
        if (Channels > 1)
        {
            var inv = 1.0 / Channels;
            for (var i = 0; i < n; i++) mono[i] *= inv;
        }
        return mono;
    }

    /// <summary>
    /// Mono int16 at <paramref name="targetRate"/>: channels averaged, converted with <see cref="RateConverter"/>
    /// (skipped when the rate already matches), scaled by 32768, rounded to nearest (halves away from zero,
    /// no dither) and saturated.
    /// </summary>
    public short[] ToMono(int targetRate)
    {
        if (Channels == 1 && Format == WavSampleFormat.Pcm && BitsPerSample == 16 && SampleRate == targetRate)
        {
            // exact fast path: v / 32768 * 32768 == v
            var src = Samples[0];
            var r = new short[src.Length];
            for (var i = 0; i < r.Length; i++) r[i] = (short)(src[i] * 32768f);
            return r;
        }
        var mono = MixToMono();
        var conv = SampleRate == targetRate ? mono : new RateConverter(SampleRate, targetRate).Process(mono);
        return RateConverter.ToInt16(conv);
    }

    /// <summary>Mono int16 at 48 kHz, the front end's input.</summary>
    public short[] ToMono48k() => ToMono(48000);

    /// <summary>Mono int16 at 16 kHz (for listening or external tools; the front end takes 48 kHz).</summary>
    public short[] ToMono16k() => ToMono(16000);
}
