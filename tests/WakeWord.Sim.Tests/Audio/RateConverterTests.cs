using WakeWord.Sim.Audio;

namespace WakeWord.Sim.Tests.Audio;

[TestFixture]
public class RateConverterTests
{
    private static double[] Sine(int rate, double hz, int n, double amp = 0.5)
    {
        var x = new double[n];
        for (var i = 0; i < n; i++) x[i] = amp * Math.Sin(2 * Math.PI * hz * i / rate);
        return x;
    }

    /// <summary>SNR of y against the ideal sine, skipping the filter's start-up and tail.</summary>
    private static double SnrDb(double[] y, int rate, double hz, double amp, int skip)
    {
        double s = 0, e = 0;
        for (var i = skip; i < y.Length - skip; i++)
        {
            var r = amp * Math.Sin(2 * Math.PI * hz * i / rate);
            s += r * r;
            e += (y[i] - r) * (y[i] - r);
        }
        return 10 * Math.Log10(s / e);
    }

    [TestCase(16000, 1000.0)]
    [TestCase(22050, 3000.0)]
    [TestCase(44100, 1000.0)]
    [TestCase(44100, 15000.0)]
    [TestCase(8000, 3000.0)]
    [TestCase(96000, 5000.0)]
    [TestCase(47999, 1000.0)]
    public void InBandSine_ConvertedTo48k_MatchesTheIdealSineWithin80dB(int from, double hz)
    {
        var x = Sine(from, hz, from / 2);
        var y = new RateConverter(from, 48000).Process(x);
        Assert.That(y.Length, Is.EqualTo(x.Length * 48000L / from));
        var snr = SnrDb(y, 48000, hz, 0.5, 2000);
        TestContext.Out.WriteLine($"{from} -> 48000, {hz} Hz: SNR {snr:F1} dB");
        Assert.That(snr, Is.GreaterThan(80));
    }

    [TestCase(96000, 30000.0)]
    [TestCase(192000, 26000.0)]
    [TestCase(48000 * 2, 47000.0)]
    public void SineAboveTargetNyquist_ConvertedTo48k_IsSuppressedBy80dB(int from, double hz)
    {
        var x = Sine(from, hz, from / 4);
        var y = new RateConverter(from, 48000).Process(x);
        double p = 0;
        for (var i = 2000; i < y.Length - 2000; i++) p += y[i] * y[i];
        var level = 10 * Math.Log10(p / (y.Length - 4000) / 0.125);
        TestContext.Out.WriteLine($"{from} -> 48000, {hz} Hz: residual {level:F1} dB");
        Assert.That(level, Is.LessThan(-80));
    }

    [Test]
    public void Dc_ConvertedBothWays_StaysExactlyTheSameLevel()
    {
        var x = Enumerable.Repeat(0.25, 20000).ToArray();
        foreach (var (a, b) in new[] { (44100, 48000), (48000, 16000), (11025, 48000) })
        {
            var y = new RateConverter(a, b).Process(x);
            for (var i = 1000; i < y.Length - 1000; i++) Assert.That(y[i], Is.EqualTo(0.25).Within(1e-12), $"{a}->{b} sample {i}");
        }
    }

    [Test]
    public void ToInt16_RoundsHalfAwayFromZeroAndSaturates()
    {
        var r = RateConverter.ToInt16([0.5 / 32768, -0.5 / 32768, 1.0, -1.0, 2.0, 100.4 / 32768]);
        Assert.That(r, Is.EqualTo(new short[] { 1, -1, 32767, -32768, 32767, 100 }));
    }
}
