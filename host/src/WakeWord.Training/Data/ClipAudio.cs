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

    /// <summary>
    /// Exactly <paramref name="length"/> samples cut at a uniformly random place of the clip with
    /// <paramref name="pad"/> samples of silence added on each side (centred in silence when even that is shorter).
    /// </summary>
    public static short[] Cut(ReadOnlySpan<short> pcm, int length, int pad, Random rng)
    {
        var total = pcm.Length + 2 * pad;
        if (total <= length) return Fit(pcm, length);
        var start = rng.Next(total - length + 1) - pad; // clip index of the first output sample
        var r = new short[length];
        var from = Math.Max(0, start);
        var to = Math.Min(pcm.Length, start + length);
        if (to > from) pcm[from..to].CopyTo(r.AsSpan(from - start));
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

    /// <summary>
    /// Random colouring, as another voice or microphone would give: a peaking biquad (RBJ cookbook) at
    /// <paramref name="centreHz"/> with <paramref name="gainDb"/> and Q 1, then a first-order tilt
    /// y[n] = x[n] - <paramref name="tilt"/> x[n-1] (tilt &gt; 0 brightens, &lt; 0 darkens), at 48 kHz, RMS kept.
    /// </summary>
    public static short[] Colour(ReadOnlySpan<short> x, double centreHz, double gainDb, double tilt)
    {
        const double rate = 48000;
        var a = Math.Pow(10, gainDb / 40);
        var w0 = 2 * Math.PI * centreHz / rate;
        var alpha = Math.Sin(w0) / 2; // Q = 1
        var b0 = 1 + alpha * a;
        var b1 = -2 * Math.Cos(w0);
        var b2 = 1 - alpha * a;
        var a0 = 1 + alpha / a;
        var a2 = 1 - alpha / a;
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0, prev = 0;
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            double v = x[i];
            var e = (b0 * v + b1 * x1 + b2 * x2 - b1 * y1 - a2 * y2) / a0;
            x2 = x1; x1 = v; y2 = y1; y1 = e;
            y[i] = e - tilt * prev;
            prev = e;
        }
        var rin = Rms(x);
        double sq = 0;
        foreach (var v in y) sq += v * v;
        var rout = y.Length == 0 ? 0 : Math.Sqrt(sq / y.Length);
        var g = rout > 0 ? rin / rout : 0;
        var r = new short[x.Length];
        for (var i = 0; i < r.Length; i++) r[i] = (short)Math.Clamp(Math.Round(y[i] * g), short.MinValue, short.MaxValue);
        return r;
    }
}
