namespace WakeWord.Training.Data;

/// <summary>Audio preparation for training clips: fixed length around the loudest part, gain, noise mixing.</summary>
internal static class ClipAudio
{
    /// <summary>48 kHz samples the front end needs to produce <paramref name="frames"/> frames from power-on.</summary>
    public static int SamplesForFrames(Sim.Frontend.FrontendConfig c, int frames) =>
        c.Decimation * (c.FrameLength + (frames - 1) * c.Hop);

    /// <summary>
    /// Exactly <paramref name="length"/> samples: a shorter clip is centred in silence, a longer one is cut to the
    /// window of that length with the most energy (in 10 ms blocks), so the spoken part stays in.
    /// </summary>
    public static short[] Fit(ReadOnlySpan<short> pcm, int length)
    {
        var r = new short[length];
        if (pcm.Length <= length)
        {
            pcm.CopyTo(r.AsSpan((length - pcm.Length) / 2));
            return r;
        }
        const int block = 480;
        var blocks = pcm.Length / block;
        var energy = new double[blocks + 1];
        for (var b = 0; b < blocks; b++)
        {
            double e = 0;
            foreach (var v in pcm.Slice(b * block, block)) e += (double)v * v;
            energy[b + 1] = energy[b] + e;
        }
        var win = Math.Max(1, length / block);
        var bestStart = 0;
        var best = double.NegativeInfinity;
        for (var b = 0; b + win <= blocks; b++)
        {
            var e = energy[b + win] - energy[b];
            if (e > best) { best = e; bestStart = b; }
        }
        var start = Math.Min(bestStart * block, pcm.Length - length);
        pcm.Slice(start, length).CopyTo(r);
        return r;
    }

    public static double Rms(ReadOnlySpan<short> x)
    {
        double s = 0;
        foreach (var v in x) s += (double)v * v;
        return x.Length == 0 ? 0 : Math.Sqrt(s / x.Length);
    }

    /// <summary>
    /// Augmented copy: gain in dB applied to the clip, then <paramref name="noise"/> (from a random offset, looped)
    /// mixed at <paramref name="snrDb"/> relative to the clip's RMS (or at a fixed level for silent clips), saturated.
    /// </summary>
    public static short[] Augment(ReadOnlySpan<short> clip, ReadOnlySpan<short> noise, double gainDb, double snrDb, Random rng)
    {
        var g = Math.Pow(10, gainDb / 20);
        var sig = Rms(clip) * g;
        var nRms = Rms(noise);
        var noiseGain = nRms > 0 ? (sig > 1 ? sig / Math.Pow(10, snrDb / 20) : 300) / nRms : 0;
        var off = noise.Length > 0 ? rng.Next(noise.Length) : 0;
        var r = new short[clip.Length];
        for (var i = 0; i < clip.Length; i++)
        {
            var v = clip[i] * g + (noise.Length > 0 ? noise[(off + i) % noise.Length] * noiseGain : 0);
            r[i] = (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue);
        }
        return r;
    }

    /// <summary>
    /// Speed perturbation: the clip played <paramref name="factor"/> times faster (tempo, pitch and formants together,
    /// as a shorter or longer vocal tract would), by linear interpolation between samples. At 48 kHz the interpolation
    /// error below the front end's 8 kHz band is under 0.5 dB.
    /// </summary>
    public static short[] Speed(ReadOnlySpan<short> x, double factor)
    {
        if (x.Length == 0) return [];
        var n = Math.Max(1, (int)Math.Floor((x.Length - 1) / factor) + 1);
        var y = new short[n];
        for (var i = 0; i < n; i++)
        {
            var pos = i * factor;
            var k = (int)pos;
            var frac = pos - k;
            var a = x[Math.Min(k, x.Length - 1)];
            var b = x[Math.Min(k + 1, x.Length - 1)];
            y[i] = (short)Math.Clamp(Math.Round(a + (b - a) * frac), short.MinValue, short.MaxValue);
        }
        return y;
    }
}
