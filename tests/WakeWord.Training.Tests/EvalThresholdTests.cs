using System.Text.Json;
using WakeWord.Core;
using WakeWord.Training.Eval;

namespace WakeWord.Training.Tests;

/// <summary>Picking a package's detector from an eval.json.</summary>
[TestFixture]
public class EvalThresholdTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("wakeword-evalthr-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>A report whose false accepts fall by 0.1 FA/h per threshold step, from 12.8 FA/h at q = -128.</summary>
    private string Write(string name = "eval.json")
    {
        double[] Curve(Func<int, double> f) => Enumerable.Range(0, 256).Select(f).ToArray();
        ModelEvaluation Model(string n, double shift) => new(n, 100, 50, 3, [], Curve(t => Math.Max(0, 128 - t + shift) / 10.0),
            Curve(t => t / 255.0), Curve(_ => 0), 1)
        {
            OrdinaryFaPerHour = Curve(t => Math.Max(0, 64 - t) / 10.0),
        };
        var report = new EvalReport("crnn.onnx", "DATA", "test", new StreamingSettings(SmoothK: 4, Refractory: 12),
            [Model("float", 0.5), Model("int8", 0)]);
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, JsonSerializer.Serialize(report));
        return path;
    }

    [Test]
    public void FromReport_PicksTheLowestThresholdWithinTheBudget_OfTheInt8Model_WithItsDetector()
    {
        var t = EvalThreshold.FromReport(Write(), 1.0);
        // (128 - t) / 10 <= 1.0 first at t = 118 (q = -10); the float curve is 0.05 higher and gives t = 119.
        Assert.That(t.ThresholdQ, Is.EqualTo(-10));
        Assert.That(t.FaPerHour, Is.EqualTo(1.0).Within(1e-9));
        Assert.That(t.FalseRejectRate, Is.EqualTo(118 / 255.0).Within(1e-12));
        Assert.That((t.SmoothK, t.Refractory, t.InferEvery, t.WindowFrames), Is.EqualTo((4, 12, 10, 98)));
        Assert.That(WakeWord.Sim.Runtime.RuntimeConfig.ProbabilityToInt8(t.Probability), Is.EqualTo(t.ThresholdQ));
        Assert.That(EvalThreshold.FromReport(Write(), 1.0, ordinaryAudio: true).ThresholdQ, Is.EqualTo(54 - 128));
        Assert.That(EvalThreshold.FromReport(Write(), 1.0, model: "float").ThresholdQ, Is.EqualTo(-9));
    }

    [Test]
    public void FromReport_NamesTheProblem()
    {
        var path = Write();
        var e = Assert.Throws<WakeWordException>(() => EvalThreshold.FromReport(path, 1.0, model: "int16"))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("no model 'int16'").And.Contain("float, int8"));
        e = Assert.Throws<WakeWordException>(() => EvalThreshold.FromReport(path, -1))!;
        Assert.That(e.Message, Does.Contain("--threshold-fa"));
        var missing = Path.Combine(_dir, "none.json");
        e = Assert.Throws<WakeWordException>(() => EvalThreshold.FromReport(missing, 1))!;
        Assert.That(e.Message, Does.Contain(missing).And.Contain("not found"));
        var bad = Path.Combine(_dir, "bad.json");
        File.WriteAllText(bad, "{\"Models\": 3}");
        e = Assert.Throws<WakeWordException>(() => EvalThreshold.FromReport(bad, 1))!;
        Assert.That(e.Message, Does.Contain(bad).And.Contain("not an eval.json"));
    }
}
