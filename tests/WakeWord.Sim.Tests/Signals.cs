namespace WakeWord.Sim.Tests;

/// <summary>Deterministic 48 kHz int16 test signals.</summary>
internal static class Signals
{
    public const int Rate = 48000;

    public static short[] Silence(double seconds) => new short[(int)(seconds * Rate)];

    public static short[] WhiteNoise(double seconds, double dbfs, int seed)
    {
        var r = new Random(seed);
        var n = (int)(seconds * Rate);
        var a = 32767 * Math.Pow(10, dbfs / 20) * Math.Sqrt(3);
        var x = new short[n];
        for (var i = 0; i < n; i++) x[i] = Clip((r.NextDouble() * 2 - 1) * a);
        return x;
    }

    /// <summary>Pink noise by the Voss-McCartney-style sum of filtered white noise (Kellet's filter).</summary>
    public static short[] PinkNoise(double seconds, double dbfs, int seed)
    {
        var r = new Random(seed);
        var n = (int)(seconds * Rate);
        var y = new double[n];
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, rms = 0;
        for (var i = 0; i < n; i++)
        {
            var w = r.NextDouble() * 2 - 1;
            b0 = 0.99886 * b0 + w * 0.0555179; b1 = 0.99332 * b1 + w * 0.0750759; b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856; b4 = 0.55000 * b4 + w * 0.5329522; b5 = -0.7616 * b5 - w * 0.0168980;
            y[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
            b6 = w * 0.115926;
            rms += y[i] * y[i];
        }
        rms = Math.Sqrt(rms / n);
        var g = 32767 * Math.Pow(10, dbfs / 20) / rms;
        var x = new short[n];
        for (var i = 0; i < n; i++) x[i] = Clip(y[i] * g);
        return x;
    }

    /// <summary>Logarithmic-free linear sweep from f0 to f1 Hz.</summary>
    public static short[] Sweep(double seconds, double f0, double f1, double dbfs)
    {
        var n = (int)(seconds * Rate);
        var a = 32767 * Math.Pow(10, dbfs / 20);
        var x = new short[n];
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / Rate;
            var ph = 2 * Math.PI * (f0 * t + (f1 - f0) * t * t / (2 * seconds));
            x[i] = Clip(a * Math.Sin(ph));
        }
        return x;
    }

    public static short[] Tone(double seconds, double hz, double dbfs)
    {
        var n = (int)(seconds * Rate);
        var a = 32767 * Math.Pow(10, dbfs / 20);
        var x = new short[n];
        for (var i = 0; i < n; i++) x[i] = Clip(a * Math.Sin(2 * Math.PI * hz * i / Rate));
        return x;
    }

    /// <summary>Square wave at full scale (+32767 / -32768), the hardest case for saturation.</summary>
    public static short[] Square(double seconds, double hz)
    {
        var n = (int)(seconds * Rate);
        var x = new short[n];
        for (var i = 0; i < n; i++) x[i] = (i * hz / Rate) % 1.0 < 0.5 ? short.MaxValue : short.MinValue;
        return x;
    }

    public static short[] Dc(double seconds, short value, double noiseDbfs, int seed)
    {
        var x = WhiteNoise(seconds, noiseDbfs, seed);
        for (var i = 0; i < x.Length; i++) x[i] = Clip(x[i] + (double)value);
        return x;
    }

    public static short Clip(double v) => (short)Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue);
}
