namespace WakeWord.Sim.Audio;

/// <summary>
/// Sample-rate conversion between any two integer rates, in double precision, by band-limited
/// interpolation: output sample k sits at input position p = k * from / to and is
/// sum_i x[i] * h(p - i), where h is a Kaiser-windowed sinc with its cutoff at
/// <see cref="Rolloff"/> times the lower of the two Nyquist frequencies and <see cref="ZeroCrossings"/>
/// zero crossings each side (widened by from/to when decimating). The ratio is reduced by the GCD; its
/// L phases (L = to / gcd) are tabulated when the table is small (each phase normalized to unit DC gain),
/// otherwise taps are computed per sample. Samples before the start and after the end count as zero.
/// The output has floor(n * to / from) samples and sample 0 is aligned with input sample 0.
/// </summary>
public sealed class RateConverter
{
    public int FromRate { get; }
    public int ToRate { get; }
    public int ZeroCrossings { get; }
    public double Rolloff { get; }
    public double KaiserBeta { get; }

    private readonly int _l, _m;
    private readonly double _fc;      // cutoff in cycles per input sample
    private readonly int _half;       // taps each side
    private readonly double[]? _table; // [phase][2 * half]
    private readonly double _i0Beta;

    public RateConverter(int fromRate, int toRate, int zeroCrossings = 32, double rolloff = 0.91, double kaiserBeta = 8.6)
    {
        if (fromRate <= 0) throw new ArgumentOutOfRangeException(nameof(fromRate));
        if (toRate <= 0) throw new ArgumentOutOfRangeException(nameof(toRate));
        FromRate = fromRate;
        ToRate = toRate;
        ZeroCrossings = zeroCrossings;
        Rolloff = rolloff;
        KaiserBeta = kaiserBeta;
        var g = Gcd(fromRate, toRate);
        _l = toRate / g;
        _m = fromRate / g;
        _fc = 0.5 * Math.Min(1.0, (double)toRate / fromRate) * rolloff;
        _half = (int)Math.Ceiling(zeroCrossings / (2 * _fc));
        _i0Beta = Frontend.FrontendTables.BesselI0(kaiserBeta);
        if ((long)_l * 2 * _half <= 8_000_000)
        {
            _table = new double[_l * 2 * _half];
            for (var ph = 0; ph < _l; ph++) FillTaps((double)ph / _l, _table.AsSpan(ph * 2 * _half, 2 * _half));
        }
    }

    /// <summary>Output length for <paramref name="inputLength"/> input samples.</summary>
    public long OutputLength(long inputLength) => inputLength * _l / _m;

    /// <summary>Converts a whole signal.</summary>
    public double[] Process(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        var y = new double[OutputLength(n)];
        var taps = _table == null ? new double[2 * _half] : null;
        for (long k = 0; k < y.Length; k++)
        {
            var num = k * _m;
            var ip = (int)(num / _l);
            var ph = (int)(num % _l);
            ReadOnlySpan<double> h;
            if (_table != null) h = _table.AsSpan(ph * 2 * _half, 2 * _half);
            else
            {
                FillTaps((double)ph / _l, taps);
                h = taps;
            }
            // taps index t covers input i = ip - half + 1 + t
            var first = ip - _half + 1;
            var t0 = Math.Max(0, -first);
            var t1 = Math.Min(2 * _half, n - first);
            double acc = 0;
            for (var t = t0; t < t1; t++) acc += x[first + t] * h[t];
            y[k] = acc;
        }
        return y;
    }

    /// <summary>Taps for fractional position <paramref name="frac"/> in [0, 1), normalized to unit sum.</summary>
    private void FillTaps(double frac, Span<double> h)
    {
        double sum = 0;
        for (var t = 0; t < h.Length; t++)
        {
            var j = t - _half + 1;          // input offset relative to ip
            var d = frac - j;               // distance from output position to input sample
            var arg = 2 * _fc * d;
            var sinc = Math.Abs(arg) < 1e-12 ? 1.0 : Math.Sin(Math.PI * arg) / (Math.PI * arg);
            var r = d / _half;
            var w = Math.Abs(r) >= 1 ? 0 : Frontend.FrontendTables.BesselI0(KaiserBeta * Math.Sqrt(1 - r * r)) / _i0Beta;
            h[t] = 2 * _fc * sinc * w;
            sum += h[t];
        }
        if (sum != 0) for (var t = 0; t < h.Length; t++) h[t] /= sum;
    }

    /// <summary>Full scale 1.0 to int16: times 32768, rounded to nearest (halves away from zero), saturated.</summary>
    public static short[] ToInt16(ReadOnlySpan<double> x)
    {
        var r = new short[x.Length];
        for (var i = 0; i < r.Length; i++)
        {
            var v = Math.Round(x[i] * 32768.0, MidpointRounding.AwayFromZero);
            r[i] = v >= short.MaxValue ? short.MaxValue : v <= short.MinValue ? short.MinValue : (short)v;
        }
        return r;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
