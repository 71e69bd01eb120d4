using System.Buffers.Binary;
using WakeWord.Core;
using WakeWord.Sim.Audio;

namespace WakeWord.Sim.Tests.Audio;

[TestFixture]
public class WavFileTests
{
    private string _dir = null!;
    private short[] _source = null!;

    [OneTimeSetUp]
    public void MakeSource()
    {
        _dir = RepoPaths.WorkDir(Path.Combine("sim-tests", "wav-" + Guid.NewGuid().ToString("N")[..8]));
        _source = Signals.Sweep(0.25, 50, 20000, -1);
        // a few extreme values so sign handling is exercised
        _source[0] = short.MinValue;
        _source[1] = short.MaxValue;
        _source[2] = -1;
        WavFile.WriteMono16(Path.Combine(_dir, "source.wav"), _source, 48000);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    private string Sox(string name, params string[] formatArgs)
    {
        var path = Path.Combine(_dir, name);
        ProcessRunner.Check("sox", ["-D", Path.Combine(_dir, "source.wav"), .. formatArgs, path]);
        return path;
    }

    [Test]
    public void Pcm16Mono48k_ReadMono48k_ReturnsTheExactSamples()
    {
        var x = WavFile.ReadMono48k(Path.Combine(_dir, "source.wav"));
        Assert.That(x, Is.EqualTo(_source));
    }

    [TestCase("s24.wav", "-e", "signed-integer", "-b", "24")]
    [TestCase("s32.wav", "-e", "signed-integer", "-b", "32")]
    [TestCase("f32.wav", "-e", "floating-point", "-b", "32")]
    [TestCase("f64.wav", "-e", "floating-point", "-b", "64")]
    public void SoxWrittenFormat_ReadMono48k_ReturnsTheSourceSamplesExactly(string name, params string[] args)
    {
        var path = Sox(name, args);
        var audio = WavFile.Read(path);
        TestContext.Out.WriteLine($"{name}: {audio.Format} {audio.BitsPerSample} bit, extensible {audio.Extensible}");
        Assert.That(audio.SampleRate, Is.EqualTo(48000));
        Assert.That(audio.BitsPerSample, Is.EqualTo(int.Parse(args[3])));
        Assert.That(audio.ToMono48k(), Is.EqualTo(_source));
    }

    [Test]
    public void Unsigned8Bit_Read_DecodesWithin8BitPrecision()
    {
        var audio = WavFile.Read(Sox("u8.wav", "-e", "unsigned-integer", "-b", "8"));
        Assert.That((audio.Format, audio.BitsPerSample), Is.EqualTo((WavSampleFormat.Pcm, 8)));
        var mono = audio.ToMono48k();
        for (var i = 0; i < mono.Length; i++)
            Assert.That(Math.Abs(mono[i] - _source[i]), Is.LessThanOrEqualTo(256), $"sample {i}");
    }

    [Test]
    public void SixChannelExtensible_Read_MixesDownToTheMeanOfTheChannels()
    {
        var chans = new float[6][];
        for (var c = 0; c < 6; c++)
        {
            chans[c] = new float[1000];
            for (var i = 0; i < 1000; i++) chans[c][i] = (float)((c - 2.5) * 0.05 + _source[i] / 32768.0 * 0.1);
        }
        var path = Path.Combine(_dir, "six.wav");
        WavFile.Write(path, new WavAudio(48000, 6, 24, WavSampleFormat.Pcm, true, chans));
        var back = WavFile.Read(path);
        Assert.That((back.Channels, back.Extensible, back.BitsPerSample), Is.EqualTo((6, true, 24)));
        var mono = back.ToMono48k();
        for (var i = 0; i < 1000; i++)
        {
            // the channel offsets cancel, leaving 0.1 x source
            Assert.That(Math.Abs(mono[i] - _source[i] * 0.1), Is.LessThanOrEqualTo(1.0), $"sample {i}");
        }
    }

    [Test]
    public void StereoOppositeChannels_ReadMono48k_IsSilent()
    {
        var l = new float[480];
        var r = new float[480];
        for (var i = 0; i < l.Length; i++) { l[i] = _source[i] / 32768f; r[i] = -l[i]; }
        var path = Path.Combine(_dir, "stereo.wav");
        WavFile.Write(path, new WavAudio(48000, 2, 16, WavSampleFormat.Pcm, false, [l, r]));
        Assert.That(WavFile.ReadMono48k(path).Max(v => Math.Abs((int)v)), Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void SoxSixChannel_Read_ReportsSixChannelsAndAllSamples()
    {
        var path = Path.Combine(_dir, "sox6.wav");
        ProcessRunner.Check("sox", ["-D", Path.Combine(_dir, "source.wav"), "-c", "6", "-b", "16", path]);
        var a = WavFile.Read(path);
        Assert.That((a.Channels, a.Frames), Is.EqualTo((6, _source.Length)));
    }

    [TestCase(22050)]
    [TestCase(16000)]
    [TestCase(8000)]
    public void Pcm16AtOtherRate_WriteThenRead_KeepsRateAndSamples(int rate)
    {
        var path = Path.Combine(_dir, $"r{rate}.wav");
        WavFile.WriteMono16(path, _source.AsSpan(0, 1000), rate);
        var a = WavFile.Read(path);
        Assert.That(a.SampleRate, Is.EqualTo(rate));
        Assert.That(a.ToMono(rate), Is.EqualTo(_source.AsSpan(0, 1000).ToArray()));
    }

    // ---- malformed and truncated files: each error names the file and the problem ----

    private byte[] Valid() => File.ReadAllBytes(Path.Combine(_dir, "source.wav"));

    private void AssertRejected(byte[] bytes, string expectedFragment)
    {
        var path = Path.Combine(_dir, "bad.wav");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<WakeWordException>(() => WavFile.Read(path))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.StartWith(path + ": "));
        Assert.That(e.Message, Does.Contain(expectedFragment));
    }

    [Test]
    public void TruncatedDataChunk_Read_ThrowsNamingTheChunkAndTheMissingBytes()
    {
        var b = Valid();
        // keep the RIFF size honest about the cut so the data chunk itself is what is short
        var cut = b.AsSpan(0, b.Length - 1000).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(cut.AsSpan(4), (uint)(cut.Length - 8));
        AssertRejected(cut, $"'data' chunk at byte 36 says {_source.Length * 2} bytes but only {_source.Length * 2 - 1000} remain");
    }

    [Test]
    public void FileShorterThanRiffHeaderSays_Read_ThrowsTruncated()
    {
        var b = Valid();
        AssertRejected(b.AsSpan(0, b.Length - 7).ToArray(), "truncated");
    }

    [Test]
    public void TinyFile_Read_Throws() => AssertRejected([0x52, 0x49, 0x46], "too short");

    [Test]
    public void NotRiff_Read_Throws()
    {
        var b = Valid();
        b[0] = (byte)'X';
        AssertRejected(b, "not a RIFF file");
    }

    [Test]
    public void NotWave_Read_Throws()
    {
        var b = Valid();
        "AVI "u8.CopyTo(b.AsSpan(8));
        AssertRejected(b, "not WAVE");
    }

    [Test]
    public void AdpcmFormatTag_Read_ThrowsUnsupportedEncoding()
    {
        var b = Valid();
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(20), 2);
        AssertRejected(b, "unsupported WAV encoding (format tag 0x0002)");
    }

    [Test]
    public void ZeroChannels_Read_Throws()
    {
        var b = Valid();
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(22), 0);
        AssertRejected(b, "0 channels");
    }

    [Test]
    public void WrongBlockAlign_Read_Throws()
    {
        var b = Valid();
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(32), 4);
        AssertRejected(b, "block align 4");
    }

    [Test]
    public void TwelveBitPcm_Read_ThrowsUnsupportedWidth()
    {
        var b = Valid();
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(34), 12);
        AssertRejected(b, "unsupported 12-bit PCM");
    }

    [Test]
    public void MissingDataChunk_Read_Throws()
    {
        var b = Valid().AsSpan(0, 36).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 28);
        AssertRejected(b, "no data chunk");
    }

    [Test]
    public void DataBeforeFmt_Read_Throws()
    {
        var b = new byte[12 + 8 + 4 + 24];
        "RIFF"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)(b.Length - 8));
        "WAVE"u8.CopyTo(b.AsSpan(8));
        "data"u8.CopyTo(b.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 4);
        var v = Valid();
        v.AsSpan(12, 24).CopyTo(b.AsSpan(24));
        AssertRejected(b, "data chunk comes before the fmt chunk");
    }

    [Test]
    public void PartialFrameInData_Read_Throws()
    {
        var path = Path.Combine(_dir, "st.wav");
        WavFile.Write(path, new WavAudio(48000, 2, 16, WavSampleFormat.Pcm, false, [new float[10], new float[10]]));
        var b = File.ReadAllBytes(path).AsSpan(0, 44 + 38).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)(b.Length - 8));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(40), 38);
        AssertRejected(b, "not a whole number of 4-byte frames");
    }

    [Test]
    public void NanInFloatFile_Read_ThrowsNamingTheFrame()
    {
        var path = Path.Combine(_dir, "nan.wav");
        var s = new float[8];
        s[5] = float.NaN;
        WavFile.Write(path, new WavAudio(48000, 1, 32, WavSampleFormat.IeeeFloat, false, [s]));
        AssertRejected(File.ReadAllBytes(path), "sample at frame 5 is NaN");
    }

    [Test]
    public void MissingFile_Read_ThrowsNamingIt()
    {
        var path = Path.Combine(_dir, "nope.wav");
        var e = Assert.Throws<WakeWordException>(() => WavFile.Read(path))!;
        Assert.That(e.Message, Does.StartWith(path));
    }

    [Test]
    public void UnknownChunks_Read_AreSkippedIncludingOddPadding()
    {
        var v = Valid();
        var extra = new byte[] { (byte)'L', (byte)'I', (byte)'S', (byte)'T', 3, 0, 0, 0, 1, 2, 3, 0 };
        var b = new byte[v.Length + extra.Length];
        v.AsSpan(0, 36).CopyTo(b);
        extra.CopyTo(b, 36);
        v.AsSpan(36).CopyTo(b.AsSpan(36 + extra.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)(b.Length - 8));
        var path = Path.Combine(_dir, "list.wav");
        File.WriteAllBytes(path, b);
        Assert.That(WavFile.ReadMono48k(path), Is.EqualTo(_source));
    }
}
