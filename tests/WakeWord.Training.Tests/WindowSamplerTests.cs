using WakeWord.Training.Data;

namespace WakeWord.Training.Tests;

[TestFixture]
public class WindowSamplerTests
{
    private const int Nf = 4;
    private const int Frac = 7;

    /// <summary>Log-energy track: floor everywhere, loud frames in [a, b].</summary>
    private static short[] Energy(int frames, int a, int b, double floorNats = 10, double loudNats = 20)
    {
        var f = new short[frames * Nf];
        for (var t = 0; t < frames; t++)
            f[t * Nf + Nf - 1] = (short)Math.Round((t >= a && t <= b ? loudNats : floorNats) * (1 << Frac));
        return f;
    }

    [Test]
    public void SpeechSpanFindsTheLoudFrames()
    {
        Assert.That(SpeechSpan.Find(Energy(200, 60, 129), 200, Nf, Nf - 1, Frac), Is.EqualTo((60, 129)));
    }

    [Test]
    public void SpeechSpanIgnoresFramesOnlySlightlyAboveTheFloor()
    {
        // 5 dB above the floor (1.15 nats) is below the 8 dB margin: not speech.
        var f = Energy(200, 60, 129);
        for (var t = 20; t < 30; t++) f[t * Nf + Nf - 1] = (short)Math.Round((10 + 1.15) * (1 << Frac));
        Assert.That(SpeechSpan.Find(f, 200, Nf, Nf - 1, Frac), Is.EqualTo((60, 129)));
    }

    [Test]
    public void SpeechSpanOfSilenceIsUnknown()
    {
        Assert.That(SpeechSpan.Find(Energy(100, 200, 200), 100, Nf, Nf - 1, Frac), Is.EqualTo((-1, -1)));
    }

    [Test]
    public void WakeWindowsHoldTheSpanUpToTheAllowedCutAndPartialWindowsAreSpeech()
    {
        const int window = 98;
        var o = new WindowOptions { MaxWakeCut = 0.1, PartialRate = 0.3, MinPartialCut = 0.4, UseSpans = true };
        var sampler = new WindowSampler(window, 40, o, speechLabel: 1, backgroundLabel: 2);
        var s = new TrainSample([new float[226 * Nf]], 226, 0, "w", 78, 147); // 70-frame phrase
        var rng = new Random(5);
        int wake = 0, partial = 0;
        var offsets = new HashSet<int>();
        for (var i = 0; i < 4000; i++)
        {
            var (off, label) = sampler.Pick(s, 0, rng, wakeLabel: 0);
            Assert.That(off, Is.InRange(0, 226 - window));
            var kept = Math.Min(147, off + window - 1) - Math.Max(78, off) + 1;
            if (label == 0)
            {
                wake++;
                offsets.Add(off);
                Assert.That(70 - kept, Is.LessThanOrEqualTo(7), $"wake window at {off} cuts {70 - kept} frames");
            }
            else
            {
                Assert.That(label, Is.EqualTo(1));
                partial++;
                Assert.That(kept, Is.LessThanOrEqualTo(42), $"partial window at {off} keeps {kept} frames");
                Assert.That(kept, Is.GreaterThanOrEqualTo(1));
            }
        }
        Assert.That(partial / 4000.0, Is.InRange(0.25, 0.35));
        // The phrase is seen at many positions in the window, not only centred.
        Assert.That(offsets.Count, Is.GreaterThan(30));
    }

    [Test]
    public void NegativeClipsGiveWindowsAnywhereWithTheirLabel()
    {
        var sampler = new WindowSampler(98, 10, new WindowOptions { NegativeAnywhere = true }, speechLabel: 1, backgroundLabel: 2);
        var s = new TrainSample([new float[226 * Nf]], 226, 1, "n", 50, 120);
        var rng = new Random(1);
        var offsets = new HashSet<int>();
        for (var i = 0; i < 2000; i++)
        {
            var (off, label) = sampler.Pick(s, 0, rng, wakeLabel: 0);
            Assert.That(label, Is.EqualTo(1));
            Assert.That(off, Is.InRange(0, 128));
            offsets.Add(off);
        }
        Assert.That(offsets, Does.Contain(0).And.Contain(128));
        Assert.That(offsets.Count, Is.GreaterThan(120));
    }

    [Test]
    public void StreamWindowsAreSpeechWhenAnUtteranceCoversTenFramesElseBackground()
    {
        // 1000 frames, speech in [400, 499].
        var prefix = new int[1001];
        for (var t = 0; t < 1000; t++) prefix[t + 1] = prefix[t] + (t is >= 400 and < 500 ? 1 : 0);
        var s = new TrainSample([new float[1000 * Nf]], 1000, 1, "stream") { SpeechPrefix = prefix };
        var sampler = new WindowSampler(98, 10, new WindowOptions(), speechLabel: 1, backgroundLabel: 2);
        var rng = new Random(3);
        int speech = 0, background = 0;
        for (var i = 0; i < 3000; i++)
        {
            var (off, label) = sampler.Pick(s, 0, rng, wakeLabel: 0);
            Assert.That(off, Is.InRange(0, 1000 - 98));
            var covered = Math.Max(0, Math.Min(500, off + 98) - Math.Max(400, off));
            Assert.That(label, Is.EqualTo(covered >= WindowSampler.MinSpeechFrames ? 1 : 2), $"window at {off} holds {covered} speech frames");
            if (label == 1) speech++; else background++;
        }
        Assert.That(speech, Is.GreaterThan(0));
        Assert.That(background, Is.GreaterThan(0));
    }

    [Test]
    public void NegativeClipsStayNearTheCentreByDefault()
    {
        var sampler = new WindowSampler(98, 10, new WindowOptions(), speechLabel: 1, backgroundLabel: 2);
        var s = new TrainSample([new float[226 * Nf]], 226, 1, "n", 50, 120);
        var rng = new Random(1);
        for (var i = 0; i < 500; i++)
        {
            var (off, label) = sampler.Pick(s, 0, rng, wakeLabel: 0);
            Assert.That(label, Is.EqualTo(1));
            Assert.That(off, Is.InRange(64 - 10, 64 + 10));
        }
    }

    [Test]
    public void EvalOffsetCentresTheSpanAndKeepsTheEndOfALongOne()
    {
        var s = new TrainSample([new float[226 * Nf]], 226, 0, "w", 78, 147);
        Assert.That(s.EvalOffset(98), Is.EqualTo(78 - 14));
        var longer = s with { SpanStart = 20, SpanEnd = 149 };
        Assert.That(longer.EvalOffset(98), Is.EqualTo(150 - 98));
    }

    [Test]
    public void WithoutSpansWakeClipsAreCentredLikeTheOthers()
    {
        var sampler = new WindowSampler(98, 16, new WindowOptions { UseSpans = false, PartialRate = 0.5 }, speechLabel: 1, backgroundLabel: 2);
        var s = new TrainSample([new float[226 * Nf]], 226, 0, "w", 20, 60);
        var rng = new Random(2);
        for (var i = 0; i < 500; i++)
        {
            var (off, label) = sampler.Pick(s, 0, rng, wakeLabel: 0);
            Assert.That(label, Is.EqualTo(0));
            Assert.That(off, Is.InRange(64 - 16, 64 + 16));
        }
    }

    [Test]
    public void SpeedPerturbationScalesLengthAndKeepsTheWaveform()
    {
        var x = new short[4800];
        for (var i = 0; i < x.Length; i++) x[i] = (short)Math.Round(10000 * Math.Sin(2 * Math.PI * 440 * i / 48000.0));
        var fast = ClipAudio.Speed(x, 1.25);
        Assert.That(fast.Length, Is.EqualTo((4800 - 1) * 4 / 5 + 1));
        // Sample i of the sped-up clip is the original at 1.25 i: a 550 Hz sine now.
        for (var i = 0; i < fast.Length; i += 97)
            Assert.That(fast[i], Is.EqualTo(10000 * Math.Sin(2 * Math.PI * 550 * i / 48000.0)).Within(60), $"sample {i}");
        Assert.That(ClipAudio.Speed(x, 1.0), Is.EqualTo(x));
    }

    [Test]
    public void TempoPerturbationScalesLengthAndKeepsThePitch()
    {
        // A 220 Hz tone whose level changes at the middle: faster tempo shortens it, keeps 220 Hz, and moves the change.
        var x = new short[48000];
        for (var i = 0; i < x.Length; i++)
            x[i] = (short)Math.Round((i < 24000 ? 4000 : 12000) * Math.Sin(2 * Math.PI * 220 * i / 48000.0));
        foreach (var factor in new[] { 0.8, 1.25 })
        {
            var y = ClipAudio.Tempo(x, factor);
            Assert.That(y.Length, Is.EqualTo((int)Math.Floor(48000 / factor)), $"tempo {factor}");
            // Pitch: zero crossings per second over the steady middle of each half stay those of 220 Hz.
            double Crossings(int from, int to)
            {
                var n = 0;
                for (var i = from + 1; i < to; i++) if ((y[i - 1] < 0) != (y[i] < 0)) n++;
                return n * 48000.0 / (to - from) / 2;
            }
            var change = (int)(24000 / factor);
            Assert.That(Crossings(2000, change - 2000), Is.EqualTo(220).Within(3), $"tempo {factor}, first half");
            Assert.That(Crossings(change + 2000, y.Length - 2000), Is.EqualTo(220).Within(3), $"tempo {factor}, second half");
            // Level: the loud half starts where the rate puts it (within a frame), and the tone keeps its amplitude.
            double Peak(int from, int to) { var m = 0; for (var i = from; i < to; i++) m = Math.Max(m, Math.Abs((int)y[i])); return m; }
            Assert.That(Peak(change - 3000, change - 1000), Is.EqualTo(4000).Within(200), $"tempo {factor}");
            Assert.That(Peak(change + 1000, change + 3000), Is.EqualTo(12000).Within(600), $"tempo {factor}");
        }
        Assert.That(ClipAudio.Tempo(x, 1.0), Is.EqualTo(x));
    }
}
