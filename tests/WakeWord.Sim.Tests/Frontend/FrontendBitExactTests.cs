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
        Assert.That(native.Frames, Is.EqualTo(pcm.Length / 3 < 400 ? 0 : (pcm.Length / 3 - 400) / 160 + 1), $"{what}: frames from sample count");
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

    [TestCase("en-us")]
    [TestCase("en-gb")]
    public void EspeakSpeech_SimEqualsNative(string voice)
    {
        var speech = Speech.Espeak48k(voice: voice);
        CheckSimEqualsNative(speech, $"speech {voice}");
        CheckSimEqualsNative(Speech.AtPeakLevel(speech, -45), $"quiet speech {voice}");
    }

    [Test]
    public void ShortInputs_SimEqualsNative()
    {
        // fewer samples than one frame, exactly one frame, one frame plus one hop minus one
        foreach (var n in new[] { 0, 1, 1199, 1200, 1679, 1680 })
            CheckSimEqualsNative(Signals.WhiteNoise(1, -10, n).AsSpan(0, n).ToArray(), $"{n} samples");
    }

    [TestCase(1)]
    [TestCase(7)]
    public void NativeRandomChunks_EqualSimWholeFile(int seed)
    {
        var pcm = Mixed(8, seed);
        var sim = Fe.ComputeAll(Tables, pcm);
        var native = _native.Run(pcm, chunkSeed: seed);
        AssertSame(sim, native.Data, 24, $"native chunk seed {seed}");
    }

    [TestCase(3)]
    [TestCase(4)]
    public void SimRandomChunks_EqualSimWholeFile_WithoutDroppingFrames(int seed)
    {
        var pcm = Mixed(6, seed);
        var whole = Fe.ComputeAll(Tables, pcm);
        var fe = new Fe(Tables);
        var r = new Random(seed);
        var got = new List<short>();
        var pos = 0;
        while (pos < pcm.Length)
        {
            var n = Math.Min(pcm.Length - pos, r.Next(4) == 0 ? r.Next(3) : r.Next(5000));
            var buf = new short[Fe.MaxFrames(Tables.Config, n) * 24];
            var frames = fe.Process(pcm.AsSpan(pos, n), buf);
            got.AddRange(buf.AsSpan(0, frames * 24));
            pos += n;
        }
        Assert.That(fe.DroppedFrames, Is.Zero);
        AssertSame(whole, got.ToArray(), 24, $"sim chunk seed {seed}");
    }

    [Test]
    public void OneSampleChunks_EqualWholeFile()
    {
        var pcm = Mixed(2, 5);
        var whole = Fe.ComputeAll(Tables, pcm);
        var fe = new Fe(Tables);
        var got = new List<short>();
        var buf = new short[24];
        foreach (var x in pcm)
        {
            var frames = fe.Process([x], buf);
            got.AddRange(buf.AsSpan(0, frames * 24));
        }
        AssertSame(whole, got.ToArray(), 24, "one-sample chunks");
    }

    [Test]
    public void OutputBufferTooSmall_DropsAndCountsTheExtraFrames()
    {
        var pcm = Signals.WhiteNoise(1, -10, 9);
        var fe = new Fe(Tables);
        var buf = new short[5 * 24];
        var frames = fe.Process(pcm, buf);
        var all = Fe.ComputeAll(Tables, pcm);
        Assert.That(frames, Is.EqualTo(5));
        Assert.That(fe.DroppedFrames, Is.EqualTo(all.Length / 24 - 5));
        AssertSame(all.AsSpan(0, 5 * 24).ToArray(), buf, 24, "kept frames");
    }

    /// <summary>Ten minutes of speech at changing levels over pink noise, tones and silence.</summary>
    [Test]
    public void TenMinuteRecording_SimEqualsNative()
    {
        var pcm = Mixed(600, 42);
        var t0 = System.Diagnostics.Stopwatch.StartNew();
        var sim = Fe.ComputeAll(Tables, pcm);
        var simS = t0.Elapsed.TotalSeconds;
        t0.Restart();
        var native = _native.Run(pcm);
        var natS = t0.Elapsed.TotalSeconds;
        TestContext.Out.WriteLine($"10 min: sim {simS:F2} s ({600 / simS:F0}x real time), native incl. file I/O {natS:F2} s ({600 / natS:F0}x real time), {sim.Length / 24} frames");
        AssertSame(sim, native.Data, 24, "ten minutes");
    }

    /// <summary>Speech segments at random levels (-50..0 dBFS) with pink noise, tones, silence and DC.</summary>
    internal static short[] Mixed(int seconds, int seed)
    {
        var r = new Random(seed);
        var speech = Speech.Espeak48k();
        var x = new short[seconds * 48000];
        var noise = Signals.PinkNoise(Math.Min(seconds, 20), -60, seed);
        var pos = 0;
        while (pos < x.Length)
        {
            var kind = r.Next(5);
            var len = Math.Min(x.Length - pos, 48000 * (1 + r.Next(4)));
            short[] seg = kind switch
            {
                0 => Signals.Tone(len / 48000.0 + 0.01, r.Next(20, 8000), -r.Next(0, 50)),
                1 => Signals.Silence(len / 48000.0 + 0.01),
                2 => Signals.Dc(len / 48000.0 + 0.01, (short)r.Next(-20000, 20000), -70, r.Next()),
                _ => Speech.AtPeakLevel(speech, -r.Next(0, 50)),
            };
            len = Math.Min(len, seg.Length);
            for (var i = 0; i < len; i++) x[pos + i] = Signals.Clip(seg[i] + (double)noise[(pos + i) % noise.Length]);
            pos += len;
        }
        return x;
    }

    [TestCase((short)12000)]
    [TestCase((short)-32000)]
    public void DcOffset_SimEqualsNative(short dc) => CheckSimEqualsNative(Signals.Dc(1.5, dc, -50, 13), $"DC {dc}");
}
