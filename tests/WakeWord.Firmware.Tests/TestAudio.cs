namespace WakeWord.Firmware.Tests;

/// <summary>Mixed test audio built from the bundled sample: speech, noise, digital silence and clipping.</summary>
internal static class TestAudio
{
    /// <summary>
    /// The sample, 1.5 s of digital silence, 1.5 s of low white noise, the sample amplified 8x with
    /// saturation (clipping), 1.5 s of silence, and the sample again: about 17 s at 48 kHz.
    /// </summary>
    public static short[] Mixed()
    {
        var sample = HostFirmware.SamplePcm();
        var pcm = new List<short>(sample.Length * 4 + 48000 * 5);
        pcm.AddRange(sample);
        pcm.AddRange(new short[72000]);
        uint s = 12345;
        for (var i = 0; i < 72000; i++)
        {
            s ^= s << 13; s ^= s >> 17; s ^= s << 5;
            pcm.Add((short)((int)(s % 201u) - 100));
        }
        foreach (var x in sample) pcm.Add((short)Math.Clamp(x * 8, short.MinValue, short.MaxValue));
        pcm.AddRange(new short[72000]);
        pcm.AddRange(sample);
        return [.. pcm];
    }
}

/// <summary>Long recordings for the identical-trace endurance test.</summary>
internal static class LongAudio
{
    /// <summary>
    /// About <paramref name="seconds"/> of audio: the mixed clip repeated with a different gain each
    /// time (from -30 dB to +12 dB, so some repeats clip), separated by silence or noise of varying length.
    /// </summary>
    public static short[] Build(int seconds)
    {
        var clip = TestAudio.Mixed();
        var total = seconds * 48000;
        var pcm = new short[total];
        var pos = 0;
        uint s = 99;
        uint Next() { s ^= s << 13; s ^= s >> 17; s ^= s << 5; return s; }
        for (var rep = 0; pos < total; rep++)
        {
            var gainDb = -30 + (int)(Next() % 43u);
            var g = Math.Pow(10, gainDb / 20.0);
            for (var i = 0; i < clip.Length && pos < total; i++, pos++)
                pcm[pos] = (short)Math.Clamp(Math.Round(clip[i] * g), short.MinValue, short.MaxValue);
            var gap = (int)(Next() % 96000u);
            var noisy = Next() % 2u == 0u;
            for (var i = 0; i < gap && pos < total; i++, pos++)
                pcm[pos] = noisy ? (short)((int)(Next() % 401u) - 200) : (short)0;
        }
        return pcm;
    }
}
