using WakeWord.Core;
using WakeWord.Sim.Audio;

namespace WakeWord.Sim.Tests.Audio;

/// <summary>Corrupted WAV bytes either decode or fail with a WakeWordException naming the file; nothing else escapes.</summary>
[TestFixture]
public class WavFuzzTests
{
    [Test]
    public void RandomlyCorruptedFiles_Parse_OnlyEverThrowsWakeWordException()
    {
        var r = new Random(77);
        var seeds = new List<byte[]>();
        foreach (var (bits, fmt, ext, ch) in new[] { (16, WavSampleFormat.Pcm, false, 1), (24, WavSampleFormat.Pcm, true, 2), (32, WavSampleFormat.IeeeFloat, false, 3), (8, WavSampleFormat.Pcm, false, 1), (64, WavSampleFormat.IeeeFloat, true, 1) })
        {
            var s = new float[ch][];
            for (var c = 0; c < ch; c++) s[c] = Enumerable.Range(0, 50).Select(i => (float)Math.Sin(i * 0.3 + c)).ToArray();
            seeds.Add(WavFile.Encode(new WavAudio(44100, ch, bits, fmt, ext, s)));
        }
        int ok = 0, refused = 0;
        for (var i = 0; i < 5000; i++)
        {
            var b = (byte[])seeds[r.Next(seeds.Count)].Clone();
            switch (r.Next(3))
            {
                case 0:
                    for (var k = r.Next(1, 4); k > 0; k--) b[r.Next(Math.Min(b.Length, 80))] = (byte)r.Next(256);
                    break;
                case 1:
                    b = b.AsSpan(0, r.Next(b.Length)).ToArray();
                    break;
                default:
                    var p = r.Next(Math.Min(b.Length, 72) - 4);
                    BitConverter.GetBytes(r.Next(3) == 0 ? uint.MaxValue : (uint)r.Next(0, 200)).CopyTo(b, p);
                    break;
            }
            try
            {
                var a = WavFile.Parse(b, "fuzz.wav");
                Assert.That(a.Channels, Is.GreaterThan(0));
                ok++;
            }
            catch (WakeWordException e)
            {
                Assert.That(e.Message, Does.StartWith("fuzz.wav: "));
                refused++;
            }
        }
        TestContext.Out.WriteLine($"{ok} decoded, {refused} refused");
        Assert.That(refused, Is.GreaterThan(1000));
    }
}
