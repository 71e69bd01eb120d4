namespace WakeWord.Sim.Frontend;

/// <summary>
/// Every table of the fixed-point front end, computed once from a <see cref="FrontendConfig"/> in double
/// precision and then quantized. The simulator uses these arrays directly; <see cref="FrontendHeaderEmitter"/>
/// writes the very same integers into <c>ww_frontend_config.h</c> for the firmware. The double-precision
/// originals are kept for the reference front end and for accuracy reports.
/// </summary>
public sealed class FrontendTables
{
    /// <summary>Fractional bits of the FFT twiddles (cos/sin in Q30).</summary>
    public const int TwiddleFracBits = 30;

    /// <summary>Fractional bits of log2 values, the log table and the DCT table (Q24).</summary>
    public const int LogFracBits = 24;

    /// <summary>Log2 table resolution: 2^LogTableBits intervals over the mantissa [1, 2).</summary>
    public const int LogTableBits = 8;

    /// <summary>Fractional bits of FIR taps, window and mel weights (Q15).</summary>
    public const int Q15 = 15;

    public FrontendConfig Config { get; }

    /// <summary>FIR taps as designed (double, unit DC gain), in delay-line order: oldest sample first.</summary>
    public double[] FirTapsDouble { get; }

    /// <summary>FIR taps in Q15, same order.</summary>
    public short[] FirTaps { get; }

    /// <summary>Hamming window (double), length FrameLength.</summary>
    public double[] WindowDouble { get; }

    /// <summary>Hamming window in Q15 (1.0 saturated to 32767).</summary>
    public short[] Window { get; }

    /// <summary>
    /// Block-scaling target: each windowed frame is shifted so that its largest magnitude lies in
    /// [2^(NormBits-1), 2^NormBits]. Chosen so that FrameLength * 2^NormBits stays below 2^31, which
    /// bounds every FFT intermediate (each is a partial DFT, bounded by the frame's L1 norm).
    /// </summary>
    public int NormBits { get; }

    /// <summary>cos(2 pi k / FftLength) in Q30, k = 0..FftLength/2.</summary>
    public int[] TwiddleCos { get; }

    /// <summary>sin(2 pi k / FftLength) in Q30, k = 0..FftLength/2.</summary>
    public int[] TwiddleSin { get; }

    /// <summary>Bit-reversal permutation of the FftLength/2-point complex FFT.</summary>
    public ushort[] BitReverse { get; }

    /// <summary>First FFT bin of each mel filter.</summary>
    public ushort[] MelStart { get; }

    /// <summary>Number of bins of each mel filter.</summary>
    public ushort[] MelLength { get; }

    /// <summary>Offset of each mel filter's weights in <see cref="MelWeights"/>.</summary>
    public ushort[] MelOffset { get; }

    /// <summary>Mel weights in Q15 (triangles peak at 1.0, saturated to 32767), all filters concatenated.</summary>
    public short[] MelWeights { get; }

    /// <summary>Dense double mel matrix [band][bin], bins 0..FftLength/2 (reference front end).</summary>
    public double[][] MelMatrixDouble { get; }

    /// <summary>Orthonormal DCT-II [cepstrum][band] (double).</summary>
    public double[][] DctDouble { get; }

    /// <summary>DCT-II times ln 2 in Q24, row-major [cepstrum][band]: turns log2 (Q24) into nats (Q48).</summary>
    public int[] Dct { get; }

    /// <summary>log2(1 + i / 2^LogTableBits) in Q24, i = 0..2^LogTableBits.</summary>
    public int[] Log2Table { get; }

    /// <summary>ln 2 in Q24.</summary>
    public int Ln2Q24 { get; }

    /// <summary>log2(MelFloor) in Q24.</summary>
    public int MelFloorLog2 { get; }

    /// <summary>log2(EnergyFloor) in Q24.</summary>
    public int EnergyFloorLog2 { get; }

    public FrontendTables(FrontendConfig config)
    {
        Config = config.Validate();
        var c = config;

        FirTapsDouble = DesignFir(c);
        FirTaps = new short[FirTapsDouble.Length];
        for (var i = 0; i < FirTaps.Length; i++) FirTaps[i] = SatQ15(FirTapsDouble[i]);

        WindowDouble = new double[c.FrameLength];
        Window = new short[c.FrameLength];
        for (var n = 0; n < c.FrameLength; n++)
        {
            WindowDouble[n] = 0.54 - 0.46 * Math.Cos(2 * Math.PI * n / (c.FrameLength - 1));
            Window[n] = SatQ15(WindowDouble[n]);
        }

        var norm = 0;
        while ((long)c.FrameLength << (norm + 1) < (1L << 31) * 9 / 10) norm++;
        NormBits = norm;

        var half = c.FftLength / 2;
        TwiddleCos = new int[half + 1];
        TwiddleSin = new int[half + 1];
        for (var k = 0; k <= half; k++)
        {
            var a = 2 * Math.PI * k / c.FftLength;
            TwiddleCos[k] = (int)Math.Round(Math.Cos(a) * (1 << TwiddleFracBits), MidpointRounding.AwayFromZero);
            TwiddleSin[k] = (int)Math.Round(Math.Sin(a) * (1 << TwiddleFracBits), MidpointRounding.AwayFromZero);
        }
        BitReverse = new ushort[half];
        var bits = System.Numerics.BitOperations.Log2((uint)half);
        for (var i = 0; i < half; i++)
        {
            var r = 0;
            for (var b = 0; b < bits; b++) if ((i & (1 << b)) != 0) r |= 1 << (bits - 1 - b);
            BitReverse[i] = (ushort)r;
        }

        MelMatrixDouble = DesignMel(c);
        MelStart = new ushort[c.MelBands];
        MelLength = new ushort[c.MelBands];
        MelOffset = new ushort[c.MelBands];
        var weights = new List<short>();
        for (var m = 0; m < c.MelBands; m++)
        {
            var row = MelMatrixDouble[m];
            int first = -1, last = -1;
            for (var k = 0; k < row.Length; k++)
            {
                if (row[k] <= 0) continue;
                if (first < 0) first = k;
                last = k;
            }
            if (first < 0) throw new WakeWord.Core.WakeWordException($"frontend config: mel band {m} covers no FFT bin; use fewer MelBands or a longer FftLength");
            MelStart[m] = (ushort)first;
            MelLength[m] = (ushort)(last - first + 1);
            MelOffset[m] = (ushort)weights.Count;
            for (var k = first; k <= last; k++) weights.Add(SatQ15(row[k]));
        }
        MelWeights = weights.ToArray();

        DctDouble = new double[c.Cepstra][];
        Dct = new int[c.Cepstra * c.MelBands];
        for (var i = 0; i < c.Cepstra; i++)
        {
            DctDouble[i] = new double[c.MelBands];
            var alpha = Math.Sqrt((i == 0 ? 1.0 : 2.0) / c.MelBands);
            for (var m = 0; m < c.MelBands; m++)
            {
                DctDouble[i][m] = alpha * Math.Cos(Math.PI * i * (m + 0.5) / c.MelBands);
                Dct[i * c.MelBands + m] = (int)Math.Round(DctDouble[i][m] * Math.Log(2) * (1 << LogFracBits), MidpointRounding.AwayFromZero);
            }
        }

        Log2Table = new int[(1 << LogTableBits) + 1];
        for (var i = 0; i < Log2Table.Length; i++)
            Log2Table[i] = (int)Math.Round(Math.Log2(1 + (double)i / (1 << LogTableBits)) * (1 << LogFracBits), MidpointRounding.AwayFromZero);
        Ln2Q24 = (int)Math.Round(Math.Log(2) * (1 << LogFracBits), MidpointRounding.AwayFromZero);
        MelFloorLog2 = (int)Math.Round(Math.Log2(c.MelFloor) * (1 << LogFracBits), MidpointRounding.AwayFromZero);
        EnergyFloorLog2 = (int)Math.Round(Math.Log2(c.EnergyFloor) * (1 << LogFracBits), MidpointRounding.AwayFromZero);
    }

    private static short SatQ15(double v)
    {
        var r = Math.Round(v * 32768, MidpointRounding.AwayFromZero);
        return (short)Math.Clamp(r, short.MinValue, short.MaxValue);
    }

    /// <summary>
    /// Kaiser-windowed sinc low-pass at the input rate, normalized to unit DC gain. Even length, symmetric
    /// (linear phase); the group delay is (taps - 1) / 2 input samples.
    /// </summary>
    internal static double[] DesignFir(FrontendConfig c)
    {
        var n = c.ResamplerTaps;
        var fc = c.ResamplerCutoffHz / c.InputRate;
        var h = new double[n];
        var mid = (n - 1) / 2.0;
        var i0b = BesselI0(c.ResamplerKaiserBeta);
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            var t = i - mid;
            var sinc = t == 0 ? 2 * fc : Math.Sin(2 * Math.PI * fc * t) / (Math.PI * t);
            var r = t / mid;
            var w = BesselI0(c.ResamplerKaiserBeta * Math.Sqrt(Math.Max(0, 1 - r * r))) / i0b;
            h[i] = sinc * w;
            sum += h[i];
        }
        for (var i = 0; i < n; i++) h[i] /= sum;
        return h;
    }

    internal static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (var k = 1; k < 200; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }

    /// <summary>HTK mel scale.</summary>
    public static double HzToMel(double hz) => 2595.0 * Math.Log10(1 + hz / 700.0);

    public static double MelToHz(double mel) => 700.0 * (Math.Pow(10, mel / 2595.0) - 1);

    /// <summary>Triangular filters equally spaced on the mel scale, peak 1, evaluated at the FFT bin centres.</summary>
    internal static double[][] DesignMel(FrontendConfig c)
    {
        var bins = c.FftLength / 2 + 1;
        var lo = HzToMel(c.MelLowHz);
        var hi = HzToMel(c.MelHighHz);
        var edges = new double[c.MelBands + 2];
        for (var i = 0; i < edges.Length; i++) edges[i] = MelToHz(lo + (hi - lo) * i / (c.MelBands + 1));
        var m = new double[c.MelBands][];
        for (var b = 0; b < c.MelBands; b++)
        {
            m[b] = new double[bins];
            double l = edges[b], ctr = edges[b + 1], r = edges[b + 2];
            for (var k = 0; k < bins; k++)
            {
                var f = (double)k * c.SampleRate / c.FftLength;
                double w = 0;
                if (f > l && f <= ctr) w = (f - l) / (ctr - l);
                else if (f > ctr && f < r) w = (r - f) / (r - ctr);
                m[b][k] = w;
            }
        }
        return m;
    }
}
