using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Firmware.Tests;

/// <summary>Each runtime module in C (firmware/src/runtime) against its C# twin on the same seeded random inputs.</summary>
[TestFixture]
public sealed class RuntimeTwinTests
{
    private static readonly uint[] Seeds = [1u, 20261124u];

    [TestCaseSource(nameof(Seeds))]
    public void FeatureQuantizer_RandomParamsAndFeatures_EqualsC(uint seed)
    {
        var rng = new TwinRng(seed);
        var o = new TwinOutput();
        var f = new short[24];
        var q = new sbyte[24];
        for (var round = 0; round < 200; round++)
        {
            var offset = new int[24];
            var mult = new int[24];
            var shift = new int[24];
            for (var c = 0; c < 24; c++)
            {
                offset[c] = rng.Range(-4000, 4000);
                mult[c] = rng.Range(1 << 30, int.MaxValue);
                shift[c] = rng.Range(-12, 3);
            }
            var fq = new FeatureQuantizer(offset, mult, shift, rng.Range(-128, 127));
            for (var n = 0; n < 20; n++)
            {
                for (var c = 0; c < 24; c++) f[c] = (short)rng.Range(-32768, 32767);
                fq.Quantize(f, q);
                for (var c = 0; c < 24; c++) o.Put(q[c], $"round {round} frame {n} coefficient {c}");
            }
        }
        o.AssertEqualTo(NativeTwins.Run("featq", seed), "featq");
    }

    [TestCaseSource(nameof(Seeds))]
    public void FeatureRing_RandomPushes_WindowEqualsC(uint seed)
    {
        var rng = new TwinRng(seed);
        var o = new TwinOutput();
        var frame = new sbyte[30];
        for (var round = 0; round < 40; round++)
        {
            var frames = rng.Range(1, 100);
            var width = rng.Range(1, 30);
            var ring = new FeatureRing(frames, width);
            var window = new sbyte[frames * width];
            var pushes = rng.Range(0, 3 * frames);
            for (var n = 0; n < pushes; n++)
            {
                for (var c = 0; c < width; c++) frame[c] = (sbyte)rng.Range(-128, 127);
                ring.Push(frame);
                if (rng.Next() % 8u == 0u || n == pushes - 1)
                {
                    ring.CopyWindow(window);
                    o.Put(ring.Count, $"round {round} push {n} count");
                    for (var i = 0; i < window.Length; i++) o.Put(window[i], $"round {round} push {n} window[{i}]");
                }
            }
        }
        o.AssertEqualTo(NativeTwins.Run("ring", seed), "ring");
    }

    [TestCaseSource(nameof(Seeds))]
    public void EnergyGate_RandomEnergies_EqualsC(uint seed)
    {
        var rng = new TwinRng(seed);
        var o = new TwinOutput();
        for (var round = 0; round < 50; round++)
        {
            var margin = rng.Range(0, 600);
            var minEnergy = rng.Range(-200, 2000);
            var rise = rng.Range(0, 12);
            var fall = rng.Range(0, 6);
            var window = rng.Range(1, 120);
            var gate = new EnergyGate(new GateConfig(margin, minEnergy, rise, fall, window));
            var e = rng.Range(-1000, 4000);
            for (var n = 0; n < 400; n++)
            {
                e += rng.Range(-300, 300);
                if (rng.Next() % 50u == 0u) e = rng.Range(-32768, 32767);
                e = Math.Clamp(e, -32768, 32767);
                var active = gate.Update((short)e);
                o.Put(active ? 1 : 0, $"round {round} frame {n} active");
                o.Put(gate.IsOpen ? 1 : 0, $"round {round} frame {n} open");
                o.Put(gate.FloorQ8, $"round {round} frame {n} floor");
            }
        }
        o.AssertEqualTo(NativeTwins.Run("gate", seed), "gate");
    }

    [TestCaseSource(nameof(Seeds))]
    public void Detector_RandomPosteriors_EqualsC(uint seed)
    {
        var rng = new TwinRng(seed);
        var o = new TwinOutput();
        for (var round = 0; round < 50; round++)
        {
            var k = rng.Range(1, 64);
            var threshold = rng.Range(-128, 127);
            var refractory = rng.Range(0, 20);
            var det = new Detector(new DetectorConfig(k, threshold, refractory));
            for (var n = 0; n < 300; n++)
            {
                var hit = det.Step((sbyte)rng.Range(-128, 127), out var smoothed);
                o.Put(hit ? 1 : 0, $"round {round} step {n} detection");
                o.Put(smoothed, $"round {round} step {n} smoothed");
            }
        }
        o.AssertEqualTo(NativeTwins.Run("detector", seed), "detector");
    }

    [TestCaseSource(nameof(Seeds))]
    public void DvfsPolicy_RandomActivity_EqualsC(uint seed)
    {
        var rng = new TwinRng(seed);
        var o = new TwinOutput();
        for (var round = 0; round < 50; round++)
        {
            var quiet = rng.Range(1, 40);
            var pre = rng.Range(-128, 127);
            var dvfs = new DvfsPolicy(new DvfsConfig(quiet, pre));
            var density = (uint)rng.Range(2, 40);
            for (var n = 0; n < 300; n++)
            {
                var gateOpen = rng.Next() % density == 0u;
                var pretrigger = rng.Next() % 50u == 0u;
                var changed = dvfs.Step(gateOpen, pretrigger);
                o.Put(changed ? 1 : 0, $"round {round} hop {n} changed");
                o.Put((int)dvfs.Level, $"round {round} hop {n} level");
            }
        }
        o.AssertEqualTo(NativeTwins.Run("dvfs", seed), "dvfs");
    }

    [TestCaseSource(nameof(Seeds))]
    public void TraceWriter_RandomRecords_BytesEqualC(uint seed)
    {
        var rng = new TwinRng(seed);
        var ms = new MemoryStream();
        using (var w = new TraceWriter(ms))
        {
            var features = rng.Range(1, 64);
            var window = rng.Range(1, 200);
            var classes = rng.Range(1, 5);
            var every = rng.Range(1, 20);
            var flags = rng.Range(0, 7);
            w.Header(features, window, classes, every, (TraceFlags)flags);
            var feats = new short[24];
            var data = new byte[300];
            var probs = new sbyte[5];
            for (var n = 0; n < 300; n++)
            {
                var frame = rng.Next();
                switch (rng.Range(1, 6))
                {
                    case 1:
                        for (var c = 0; c < 24; c++) feats[c] = (short)rng.Range(-32768, 32767);
                        w.Features(frame, feats.AsSpan(0, rng.Range(1, 24)));
                        break;
                    case 2:
                        {
                            var len = rng.Range(0, 19);
                            var name = new char[len];
                            for (var i = 0; i < len; i++) name[i] = (char)rng.Range('a', 'z');
                            var bytes = rng.Range(0, 300);
                            for (var i = 0; i < bytes; i++) data[i] = (byte)(sbyte)rng.Range(-128, 127);
                            var layer = rng.Range(0, 255);
                            w.Layer(frame, layer, new string(name), data.AsSpan(0, bytes));
                            break;
                        }
                    case 3:
                        {
                            var k = rng.Range(1, 5);
                            for (var i = 0; i < k; i++) probs[i] = (sbyte)rng.Range(-128, 127);
                            var ran = rng.Range(0, 1);
                            var open = rng.Range(0, 1);
                            var smoothed = rng.Range(-128, 127);
                            w.Posterior(frame, ran == 1, open == 1, smoothed, probs.AsSpan(0, k));
                            break;
                        }
                    case 4:
                        {
                            var score = rng.Range(-128, 127);
                            w.Detection(frame, score, rng.Next());
                            break;
                        }
                    case 5:
                        w.Dvfs(frame, (PerfLevel)rng.Range(0, 1));
                        break;
                    default:
                        w.Overrun(frame, rng.Next());
                        break;
                }
            }
        }
        var cTrace = NativeTwins.Run("trace", seed);
        var diff = TraceComparer.Compare(cTrace, ms.ToArray(), "C", "C#");
        Assert.That(diff.Equal, Is.True, diff.Description);
        Assert.That(TraceFile.Parse(cTrace).Records, Has.Count.EqualTo(300));
    }
}
