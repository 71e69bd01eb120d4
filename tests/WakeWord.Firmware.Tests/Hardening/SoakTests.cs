using WakeWord.Cli.Bench;

namespace WakeWord.Firmware.Tests.Hardening;

/// <summary>The soak recording is reproducible and mixed; the memory-flat rule judges the right quantity.</summary>
[TestFixture]
public class SoakTests
{
    private static readonly short[][] Speech = [Enumerable.Range(0, 48000).Select(i => (short)(8000 * Math.Sin(i * 0.05))).ToArray()];

    [Test]
    public void SoakRecording_SameSeed_SameSamples_DifferentSeed_Differs()
    {
        var a = SoakService.Recording(2, Speech);
        var b = SoakService.Recording(2, Speech);
        var c = SoakService.Recording(2, Speech, seed: 61);
        Assert.That(a.Length, Is.EqualTo(2 * 60 * 48000));
        var first = a.AsSpan().CommonPrefixLength(b);
        Assert.That(first, Is.EqualTo(a.Length), $"first differing sample {first}");
        Assert.That(a.AsSpan().SequenceEqual(c), Is.False);
    }

    [Test]
    public void SoakRecording_HoldsSilenceNoiseAndLoudAudio()
    {
        var a = SoakService.Recording(3, Speech);
        long silent = 0, loud = 0;
        foreach (var s in a)
        {
            if (s == 0) silent++;
            if (Math.Abs((int)s) > 4000) loud++;
        }
        Assert.That(silent, Is.GreaterThan(a.Length / 50), "silence");
        Assert.That(loud, Is.GreaterThan(a.Length / 1000), "speech or samples at high level");
    }

    [Test]
    public void IsFlat_JudgesResidentMemoryBeyondTheInputBuffers()
    {
        // Raw RSS grows with the input the host program loads; beyond it, equal: flat.
        Assert.That(SoakService.IsFlat([new SoakMemory(10, 120_000, 112_500, 1), new SoakMemory(60, 682_600, 675_000, 6)]), Is.True);
        // 1 MB more beyond the input at the end: not flat.
        Assert.That(SoakService.IsFlat([new SoakMemory(10, 120_000, 112_500, 1), new SoakMemory(60, 683_624, 675_000, 6)]), Is.False);
    }
}
