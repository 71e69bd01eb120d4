using System.Numerics;
using System.Runtime.InteropServices;
using WakeWord.Sim.Frontend;

namespace WakeWord.Sim.Tests.Frontend;

/// <summary>
/// Each C stage against its C# twin on edge and random inputs, element by element: the FFT at the
/// largest magnitudes block scaling allows (the overflow bound), the log over the whole uint64 range,
/// one frame at every level, the decimator at full scale.
/// </summary>
[TestFixture]
public class FrontendStageTwinTests
{
    private static readonly FrontendTables Tables = new(FrontendConfig.Default);
    private NativeFrontend _native = null!;

    [OneTimeSetUp]
    public void BuildNative() => _native = NativeFrontend.Build(FrontendConfig.Default);

    private static void AssertSame<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, int perBlock, string what) where T : IEquatable<T>
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: element count");
        for (var i = 0; i < expected.Length; i++)
            if (!expected[i].Equals(actual[i]))
                Assert.Fail($"{what}: first difference at block {i / perBlock}, element {i % perBlock}: C# {expected[i]}, C {actual[i]}");
    }

    [Test]
    public void Fft_ExtremeAndRandomBlocks_CEqualsCSharp_AndStaysNearTheExactDft()
    {
        var n = Tables.Config.FftLength;
        var len = Tables.Config.FrameLength;
        var full = 1 << Tables.NormBits;
        var r = new Random(5);
        var blocks = new List<int[]>();
        // worst cases for growth: constant full scale, alternating, and sign patterns matched to a bin
        blocks.Add(Enumerable.Range(0, n).Select(i => i < len ? full : 0).ToArray());
        blocks.Add(Enumerable.Range(0, n).Select(i => i < len ? -full : 0).ToArray());
        blocks.Add(Enumerable.Range(0, n).Select(i => i < len ? (i % 2 == 0 ? full : -full) : 0).ToArray());
        foreach (var k in new[] { 1, 37, 128, 255 })
        {
            blocks.Add(Enumerable.Range(0, n).Select(i => i < len ? (Math.Cos(2 * Math.PI * k * i / n) >= 0 ? full : -full) : 0).ToArray());
            blocks.Add(Enumerable.Range(0, n).Select(i => i < len ? (Math.Sin(2 * Math.PI * k * i / n) >= 0 ? -full : full) : 0).ToArray());
        }
        for (var b = 0; b < 40; b++)
        {
            var amp = full >> r.Next(20);
            blocks.Add(Enumerable.Range(0, n).Select(i => i < len ? r.Next(-amp, amp + 1) : 0).ToArray());
        }

        var input = new byte[blocks.Count * n * 4];
        var expected = new ulong[blocks.Count * (n / 2 + 1)];
        for (var b = 0; b < blocks.Count; b++)
        {
            MemoryMarshal.AsBytes(blocks[b].AsSpan()).CopyTo(input.AsSpan(b * n * 4));
            var buf = (int[])blocks[b].Clone();
            Fft.RealPower(buf, Tables, expected.AsSpan(b * (n / 2 + 1), n / 2 + 1));

            // against the exact DFT: error far below the signal
            for (var k = 0; k <= n / 2; k += 17)
            {
                Complex x = 0;
                for (var i = 0; i < len; i++) x += blocks[b][i] * Complex.FromPolarCoordinates(1, -2 * Math.PI * k * i / n);
                var got = Math.Sqrt(expected[b * (n / 2 + 1) + k]);
                Assert.That(got, Is.EqualTo(x.Magnitude).Within(64 + 1e-6 * x.Magnitude), $"block {b} bin {k}");
            }
        }
        var actual = MemoryMarshal.Cast<byte, ulong>(_native.RunStage("fft", input));
        AssertSame<ulong>(expected, actual, n / 2 + 1, "fft power");
    }

    [Test]
    public void Log2_AcrossTheUInt64Range_CEqualsCSharp()
    {
        var values = new List<ulong> { 0, 1, 2, 3, ulong.MaxValue, ulong.MaxValue - 1, 1UL << 63, (1UL << 31) - 1, 1UL << 31, (1UL << 32) + 1 };
        for (var b = 0; b < 64; b++) { values.Add(1UL << b); values.Add((1UL << b) + 1); values.Add((1UL << b) * 3 / 2); }
        var r = new Random(2);
        for (var i = 0; i < 20000; i++) values.Add((ulong)r.NextInt64() >> r.Next(64));
        var input = MemoryMarshal.AsBytes(values.ToArray().AsSpan()).ToArray();
        var expected = values.Select(v => FixedLog.Log2Q24(v, Tables.Log2Table)).ToArray();
        var actual = MemoryMarshal.Cast<byte, int>(_native.RunStage("log", input));
        AssertSame<int>(expected, actual, 1, "log2");
    }

    [Test]
    public void MfccFrame_AllLevelsAndExtremes_CEqualsCSharp()
    {
        var len = Tables.Config.FrameLength;
        var frames = new List<short[]>
        {
            new short[len],
            Enumerable.Repeat(short.MaxValue, len).ToArray(),
            Enumerable.Repeat(short.MinValue, len).ToArray(),
            Enumerable.Range(0, len).Select(i => i % 2 == 0 ? short.MaxValue : short.MinValue).ToArray(),
            Enumerable.Range(0, len).Select(i => (short)(i == 200 ? 1 : 0)).ToArray(),
            Enumerable.Range(0, len).Select(i => (short)(i == 0 ? -1 : 0)).ToArray(),
        };
        var r = new Random(3);
        for (var f = 0; f < 200; f++)
        {
            var amp = 32768 >> r.Next(16);
            frames.Add(Enumerable.Range(0, len).Select(_ => (short)Math.Clamp(r.Next(-amp, amp + 1), short.MinValue, short.MaxValue)).ToArray());
        }
        var input = new byte[frames.Count * len * 2];
        var expected = new short[frames.Count * 24];
        var mfcc = new Mfcc(Tables);
        for (var f = 0; f < frames.Count; f++)
        {
            MemoryMarshal.AsBytes(frames[f].AsSpan()).CopyTo(input.AsSpan(f * len * 2));
            mfcc.Frame(frames[f], expected.AsSpan(f * 24, 24));
        }
        var actual = MemoryMarshal.Cast<byte, short>(_native.RunStage("mfcc", input));
        AssertSame<short>(expected, actual, 24, "mfcc frame");
    }

    [Test]
    public void Resampler_FullScaleAndRandom_CEqualsCSharp()
    {
        var x = Signals.Square(0.5, 997).Concat(Signals.WhiteNoise(0.5, 0, 8)).Concat(Signals.Sweep(0.5, 7000, 24000, 0)).ToArray();
        var rs = new Resampler(Tables);
        var expected = new List<short>();
        foreach (var v in x) if (rs.Push(v, out var y)) expected.Add(y);
        var actual = MemoryMarshal.Cast<byte, short>(_native.RunStage("resample", MemoryMarshal.AsBytes(x.AsSpan()).ToArray()));
        Assert.That(expected.Count, Is.EqualTo(x.Length / 3));
        Assert.That(expected, Has.Some.EqualTo(short.MaxValue).Or.Some.EqualTo(short.MinValue), "the square wave's overshoot reaches saturation");
        AssertSame<short>(expected.ToArray(), actual, 1, "decimator");
    }
}
