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
