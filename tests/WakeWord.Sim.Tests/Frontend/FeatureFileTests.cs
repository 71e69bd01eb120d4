using WakeWord.Core;
using WakeWord.Sim.Frontend;

namespace WakeWord.Sim.Tests.Frontend;

[TestFixture]
public class FeatureFileTests
{
    [Test]
    public void WriteThenRead_GivesTheSameFrames()
    {
        var data = new short[3 * 24];
        for (var i = 0; i < data.Length; i++) data[i] = (short)(i * 997 - 30000);
        var f = new FeatureFile(3, 24, 7, data);
        var back = FeatureFile.Parse(f.ToBytes(), "x.bin");
        Assert.That((back.Frames, back.FeaturesPerFrame, back.FracBits, back.Scale), Is.EqualTo((3, 24, 7, 1.0 / 128)));
        Assert.That(back.Data, Is.EqualTo(data));
    }

    [Test]
    public void TruncatedFile_Parse_ThrowsNamingTheFileAndTheSizes()
    {
        var b = new FeatureFile(2, 24, 7, new short[48]).ToBytes();
        var e = Assert.Throws<WakeWordException>(() => FeatureFile.Parse(b.AsSpan(0, b.Length - 2), "f.bin"))!;
        Assert.That(e.Message, Is.EqualTo("f.bin: header says 2 frames x 24 features (96 bytes) but 94 bytes follow"));
    }

    [Test]
    public void WrongMagic_Parse_Throws()
    {
        var b = new FeatureFile(0, 24, 7, []).ToBytes();
        b[0] = (byte)'X';
        Assert.That(() => FeatureFile.Parse(b, "f.bin"), Throws.TypeOf<WakeWordException>().With.Message.StartsWith("f.bin: not a WWFE"));
    }
}
