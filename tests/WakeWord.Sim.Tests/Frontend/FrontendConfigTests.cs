using WakeWord.Core;
using WakeWord.Sim.Frontend;

namespace WakeWord.Sim.Tests.Frontend;

[TestFixture]
public class FrontendConfigTests
{
    [Test]
    public void Defaults_MatchTheDesign()
    {
        var c = FrontendConfig.Default;
        Assert.That((c.InputRate, c.SampleRate, c.FrameLength, c.Hop, c.FftLength, c.MelBands, c.Cepstra, c.Features),
            Is.EqualTo((48000, 16000, 400, 160, 512, 40, 23, 24)));
        Assert.That((c.MelLowHz, c.MelHighHz), Is.EqualTo((20.0, 7600.0)));
        Assert.That(c.FeatureScale, Is.EqualTo(1.0 / 128));
    }

    [Test]
    public void Json_SaveThenLoad_GivesAnEqualConfig()
    {
        var c = FrontendConfig.Default with { Hop = 320, MelBands = 32 };
        var path = Path.Combine(RepoPaths.WorkDir("sim-tests"), $"frontend-{Guid.NewGuid():N}.json");
        c.Save(path);
        try
        {
            Assert.That(FrontendConfig.Load(path), Is.EqualTo(c));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Json_UnknownField_IsRejectedNamingTheFile()
    {
        var e = Assert.Throws<WakeWordException>(() => FrontendConfig.FromJson("{\"hopp\": 3}", "pkg/frontend.json"))!;
        Assert.That(e.Message, Does.StartWith("pkg/frontend.json: "));
    }

    [Test]
    public void Json_OutOfRangeField_IsRejectedNamingTheField()
    {
        var e = Assert.Throws<WakeWordException>(() => FrontendConfig.FromJson("{\"fftLength\": 500}", "frontend.json"))!;
        Assert.That(e.Message, Does.Contain("FftLength"));
    }

    [Test]
    public void HeaderEmitter_SameConfig_GivesIdenticalText()
    {
        Assert.That(FrontendHeaderEmitter.Emit(FrontendConfig.Default), Is.EqualTo(FrontendHeaderEmitter.Emit(FrontendConfig.Default with { })));
    }

    [Test]
    public void HeaderEmitter_DifferentConfig_ChangesTablesAndHash()
    {
        var a = FrontendHeaderEmitter.Emit(FrontendConfig.Default);
        var b = FrontendHeaderEmitter.Emit(FrontendConfig.Default with { MelHighHz = 7000 });
        Assert.That(b, Is.Not.EqualTo(a));
        Assert.That(a, Does.Contain("#define WW_FEATURES                  24"));
        Assert.That(a, Does.Contain("generated"));
    }

    [Test]
    public void Tables_FirHasUnitDcGainAndIsSymmetric()
    {
        var t = new FrontendTables(FrontendConfig.Default);
        Assert.That(t.FirTapsDouble.Sum(), Is.EqualTo(1.0).Within(1e-12));
        var q = t.FirTaps.Sum(v => (int)v);
        Assert.That(q, Is.EqualTo(32768).Within(64));
        for (var i = 0; i < t.FirTaps.Length; i++) Assert.That(t.FirTaps[i], Is.EqualTo(t.FirTaps[^(i + 1)]), $"tap {i}");
    }

    [Test]
    public void Twiddles_OneAndMinusJ_AreExact()
    {
        // the FFT skips the multiply for these two twiddles; that is only exact if the table holds them exactly
        var t = new FrontendTables(FrontendConfig.Default);
        var q = t.Config.FftLength / 4;
        Assert.That((t.TwiddleCos[0], t.TwiddleSin[0], t.TwiddleCos[q], t.TwiddleSin[q]), Is.EqualTo((1 << 30, 0, 0, 1 << 30)));
    }

    [Test]
    public void FixedLog2_MatchesMathLog2Within1e5()
    {
        var t = new FrontendTables(FrontendConfig.Default);
        var r = new Random(1);
        for (var i = 0; i < 100000; i++)
        {
            var x = (ulong)r.NextInt64(1, long.MaxValue) >> r.Next(63);
            if (x == 0) continue;
            var got = FixedLog.Log2Q24(x, t.Log2Table) / (double)(1 << 24);
            Assert.That(got, Is.EqualTo(Math.Log2(x)).Within(1e-5), $"x = {x}");
        }
    }
}
