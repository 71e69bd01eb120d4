using System.Security.Cryptography;
using WakeWord.Core;
using WakeWord.Sim.Frontend;
using Fe = WakeWord.Sim.Frontend.Frontend;

namespace WakeWord.Sim.Tests.Frontend;

/// <summary>
/// The default front end is a contract: trained models and recorded traces depend on its exact
/// integers. These snapshots fail on any change of the default tables or arithmetic; if the change is
/// intended, update the golden header and hash (the failure message says how) and retrain.
/// </summary>
[TestFixture]
public class FrontendGoldenTests
{
    private static string GoldenPath => Path.Combine(RepoPaths.Root, "tests", "WakeWord.Sim.Tests", "Frontend", "Golden", FrontendHeaderEmitter.FileName);

    [Test]
    public void DefaultHeader_EqualsGoldenSnapshot()
    {
        var text = FrontendHeaderEmitter.Emit(FrontendConfig.Default);
        var golden = File.Exists(GoldenPath) ? File.ReadAllText(GoldenPath) : "";
        if (text != golden)
        {
            var actual = Path.Combine(RepoPaths.WorkDir("sim-tests"), FrontendHeaderEmitter.FileName);
            File.WriteAllText(actual, text);
            var a = text.Split('\n');
            var g = golden.Split('\n');
            var line = 0;
            while (line < Math.Min(a.Length, g.Length) && a[line] == g[line]) line++;
            Assert.Fail($"generated header differs from {GoldenPath} at line {line + 1}:\n  golden: {(line < g.Length ? g[line] : "<end>")}\n  actual: {(line < a.Length ? a[line] : "<end>")}\n" +
                        $"If intended, copy {actual} over the golden file.");
        }
    }

    /// <summary>SHA-256 of the int16 features (little endian) of a fixed synthetic signal.</summary>
    [Test]
    public void DefaultFeaturesOfSyntheticSignal_HashEqualsGolden()
    {
        var pcm = Signals.Sweep(2, 20, 12000, -6).Concat(Signals.PinkNoise(1, -30, 3)).Concat(Signals.Square(0.5, 440))
            .Concat(Signals.Silence(0.3)).Concat(Signals.Dc(0.5, 1000, -60, 4)).ToArray();
        var f = Fe.ComputeAll(new FrontendTables(FrontendConfig.Default), pcm);
        var bytes = new byte[f.Length * 2];
        for (var i = 0; i < f.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), f[i]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        TestContext.Out.WriteLine($"{f.Length / 24} frames, sha256 {hash}");
        Assert.That(hash, Is.EqualTo(GoldenHash), "default features changed; if intended, update GoldenHash and retrain the default model");
    }

    private const string GoldenHash = "8e96df4dc60baab24b2a9a177ab798b88f391ad149f93c2db4f2464018e6b305";
}
