using WakeWord.Sim.Frontend;
using Fe = WakeWord.Sim.Frontend.Frontend;

namespace WakeWord.Sim.Tests.Frontend;

/// <summary>The C front end (built for the PC) and the C# simulator give identical features.</summary>
[TestFixture]
public class FrontendBitExactTests
{
    private static readonly FrontendTables Tables = new(FrontendConfig.Default);
    private NativeFrontend _native = null!;

    [OneTimeSetUp]
    public void BuildNative() => _native = NativeFrontend.Build(FrontendConfig.Default);

    internal static void AssertSame(short[] expected, short[] actual, int perFrame, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: value count");
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
                Assert.Fail($"{what}: first difference at frame {i / perFrame}, feature {i % perFrame}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private void CheckSimEqualsNative(short[] pcm, string what)
    {
        var sim = Fe.ComputeAll(Tables, pcm);
        var native = _native.Run(pcm);
        Assert.That(native.Frames, Is.EqualTo(sim.Length / 24), $"{what}: frame count");
        Assert.That(native.Frames, Is.EqualTo(Math.Max(0, (pcm.Length / 3 - 400) / 160 + 1)), $"{what}: frames from sample count");
        AssertSame(sim, native.Data, 24, what);
    }

    [Test]
    public void Silence_SimEqualsNative() => CheckSimEqualsNative(Signals.Silence(1.0), "silence");

    [TestCase(-60.0)]
    [TestCase(-20.0)]
    [TestCase(-3.0)]
    public void WhiteNoise_SimEqualsNative(double dbfs) => CheckSimEqualsNative(Signals.WhiteNoise(2.0, dbfs, 11), $"white noise {dbfs} dBFS");

    [TestCase(-40.0)]
    [TestCase(-6.0)]
    public void PinkNoise_SimEqualsNative(double dbfs) => CheckSimEqualsNative(Signals.PinkNoise(2.0, dbfs, 12), $"pink noise {dbfs} dBFS");

    [TestCase(-50.0)]
    [TestCase(0.0)]
    public void ToneSweep0To8kHz_SimEqualsNative(double dbfs) => CheckSimEqualsNative(Signals.Sweep(4.0, 0, 8000, dbfs), $"sweep {dbfs} dBFS");

    [TestCase(100.0)]
    [TestCase(1000.0)]
    [TestCase(7000.0)]
    public void FullScaleSquare_SimEqualsNative(double hz) => CheckSimEqualsNative(Signals.Square(1.0, hz), $"square {hz} Hz");

    [TestCase((short)12000)]
    [TestCase((short)-32000)]
    public void DcOffset_SimEqualsNative(short dc) => CheckSimEqualsNative(Signals.Dc(1.5, dc, -50, 13), $"DC {dc}");
}
