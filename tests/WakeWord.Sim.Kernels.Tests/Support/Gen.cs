namespace WakeWord.Sim.Kernels.Tests.Support;

/// <summary>Seeded random kernel arguments, biased toward edge cases (odd sizes, saturation, extreme scales).</summary>
public sealed class Gen(int seed)
{
    private readonly Random _r = new(seed);

    public int Int(int lo, int hi) => (int)_r.NextInt64(lo, (long)hi + 1);
    public bool Chance(double p) => _r.NextDouble() < p;
    public T Pick<T>(params T[] items) => items[_r.Next(items.Length)];

    public sbyte[] S8(int n, int lo = -128, int hi = 127)
    {
        var a = new sbyte[n];
        for (int i = 0; i < n; i++) a[i] = (sbyte)Int(lo, hi);
        return a;
    }

    public short[] S16(int n, int lo = short.MinValue, int hi = short.MaxValue)
    {
        var a = new short[n];
        for (int i = 0; i < n; i++) a[i] = (short)Int(lo, hi);
        return a;
    }

    public int[] S32(int n, int lo, int hi)
    {
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = Int(lo, hi);
        return a;
    }

    public long[] S64(int n, long lo, long hi)
    {
        var a = new long[n];
        for (int i = 0; i < n; i++) a[i] = _r.NextInt64(lo, hi + 1);
        return a;
    }

    public int FullInt() => unchecked((int)(uint)_r.NextInt64(0, 1L << 32));

    /// <summary>A Q31 requantization multiplier: usually in [2^30, 2^31), sometimes extreme.</summary>
    public int Multiplier() => Chance(0.1) ? Pick(int.MaxValue, 1 << 30, 1, 0x7FFF0000, 0x7FFEFFFF, Int(1, 1 << 30)) : Int(1 << 30, int.MaxValue);

    public int[] Multipliers(int n)
    {
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = Multiplier();
        return a;
    }

    /// <summary>A requantization shift: usually a typical right shift, sometimes extreme (down to -31, up to +4).</summary>
    public int Shift() => Chance(0.1) ? Pick(-31, -20, 0, 1, 4) : Int(-12, -1);

    public int[] Shifts(int n)
    {
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = Shift();
        return a;
    }

    /// <summary>Clamp range: full int8 mostly, a narrower (ReLU-like or random) range sometimes.</summary>
    public Activation Act8()
    {
        if (Chance(0.6)) return new Activation(-128, 127);
        int lo = Int(-128, 100);
        return new Activation(lo, Int(lo, 127));
    }

    /// <summary>Output size of a convolution or pool along one axis (may be &lt;= 0 for an impossible shape).</summary>
    public static int OutSize(int input, int kernel, int stride, int pad, int dilation) =>
        (input + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
}
