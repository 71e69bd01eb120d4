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
    /// Tempo perturbation: the clip spoken <paramref name="factor"/> times faster with pitch and formants kept (WSOLA at
    /// 48 kHz: 20 ms Hann frames overlap-added every 10 ms of output, each taken from within ±5 ms of its nominal input
    /// place where it best continues the previous frame). Rate and vocal tract then vary apart, which speed
    /// perturbation (<see cref="Speed"/>) alone cannot give: a fast speaker with a long tract, a slow one with a short.
    /// </summary>
    public static short[] Tempo(ReadOnlySpan<short> x, double factor)
    {
        const int frame = 960, hop = frame / 2, tolerance = 240, coarse = 4;
        if (x.Length < 2 * frame || Math.Abs(factor - 1) < 1e-9) return x.ToArray();
        var outLen = (int)Math.Floor(x.Length / factor);
        var acc = new double[outLen + frame];
        var window = new double[frame];
        for (var i = 0; i < frame; i++) window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / frame);
        var prev = 0; // input position of the previous frame
        for (var k = 0; k * hop < outLen; k++)
        {
            var nominal = (int)Math.Round(k * hop * factor);
            var pos = Math.Clamp(nominal, 0, x.Length - frame);
            if (k > 0)
            {
                // The natural continuation of the previous frame is prev + hop; pick the offset around the nominal place
                // whose frame correlates best with it (coarse lags and samples first, then refined around the best lag).
                var target = Math.Min(prev + hop, x.Length - frame);
                int lo = Math.Max(0, nominal - tolerance), hi = Math.Min(x.Length - frame, nominal + tolerance);
                if (lo <= hi)
                {
                    var best = Math.Clamp(nominal, lo, hi);
                    var bestC = double.NegativeInfinity;
                    for (var at = lo; at <= hi; at += coarse)
                    {
                        var c = Correlation(x, at, target, frame, coarse);
                        if (c > bestC) (bestC, best) = (c, at);
                    }
                    var centre = best;
                    bestC = double.NegativeInfinity;
                    for (var at = Math.Max(lo, centre - coarse + 1); at <= Math.Min(hi, centre + coarse - 1); at++)
                    {
                        var c = Correlation(x, at, target, frame, 1);
                        if (c > bestC) (bestC, best) = (c, at);
                    }
                    pos = best;
                }
            }
            var o = k * hop;
            for (var i = 0; i < frame && o + i < acc.Length; i++) acc[o + i] += window[i] * x[pos + i];
            prev = pos;
        }
        // Hann frames at half overlap sum to 1 except in the first half frame, which only one frame covers.
        var y = new short[outLen];
        for (var i = 0; i < outLen; i++)
        {
            var v = i < hop ? (i == 0 ? x[0] : acc[i] / window[i]) : acc[i];
            y[i] = (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue);
        }
        return y;
    }

    /// <summary>Sum of x[a + i] x[b + i] over every <paramref name="step"/>-th i below <paramref name="length"/>.</summary>
    private static double Correlation(ReadOnlySpan<short> x, int a, int b, int length, int step)
    {
        double c = 0;
        for (var i = 0; i < length; i += step) c += (double)x[a + i] * x[b + i];
        return c;
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
