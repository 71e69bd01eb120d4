using NUnit.Framework;
using WakeWord.Core;
using WakeWord.Sim.Runtime.Targets;

namespace WakeWord.Firmware.Tests.Boards;

/// <summary>The report's arithmetic on hand-made measurements.</summary>
[TestFixture]
public sealed class BoardReportTests
{
    private static readonly MemoryUse NoMemory = new([], 0, 0);

    [Test]
    public void Estimate_LatencyIsInstructionsOverClock_AtEachLevel()
    {
        var m = new QemuMeasurement("qemu-m4", 2_400_000, 2_800_000, 0, 0, 0, 400_000, 410_000);
        var e = BoardReport.Estimate(TargetCatalog.Stm32H7Cm4, NoMemory, m, 0.010, 10, 0.1);
        Assert.That(e.Levels[0].Level.Name, Is.EqualTo("LOW"));
        Assert.That(e.Levels[0].InferenceMs, Is.EqualTo(2_400_000 * 1000.0 / 64e6).Within(1e-9));
        Assert.That(e.Levels[1].InferenceMs, Is.EqualTo(10.0).Within(1e-9)); // 2.4 M instructions at 240 MHz
    }

    [Test]
    public void Estimate_RealTimeMargin_IsShareOfHopLeftAtHigh()
    {
        // Worst hop 410 k (front end) + 2.39 M (runtime, inference included) = 2.8 M instructions in a
        // 10 ms hop at 240 MHz (2.4 M cycles): misses by 1/6.
        var m = new QemuMeasurement("qemu-m4", 2_300_000, 2_390_000, 0, 0, 0, 400_000, 410_000);
        var miss = BoardReport.Estimate(TargetCatalog.Stm32H7Cm4, NoMemory, m, 0.010, 10, 0.1);
        Assert.That(miss.RealTimeMarginAtHigh, Is.EqualTo(1 - 2.8 / 2.4).Within(1e-12));
        var fits = BoardReport.Estimate(TargetCatalog.Stm32H7Cm7, NoMemory, m, 0.010, 10, 0.1);
        Assert.That(fits.RealTimeMarginAtHigh, Is.EqualTo(1 - 2.8 / 4.8).Within(1e-12));
        Assert.That(BoardReportRenderer.Text(Data(miss)), Does.Contain("MISSES real time").And.Contain("spans 2 hops").And.Contain("3 blocks of audio buffering"));
        Assert.That(BoardReportRenderer.Text(Data(fits)), Does.Contain("meets real time"));
    }

    [Test]
    public void Estimate_Power_BlendsRunAndSleepByLoad()
    {
        var m = new QemuMeasurement("qemu-m7", 1_000_000, 1_100_000, 0, 0, 0, 320_000, 330_000);
        var e = BoardReport.Estimate(TargetCatalog.Stm32H7Cm7, NoMemory, m, 0.010, 10, 0.25);
        var low = TargetCatalog.Stm32H7Cm7.Low;
        var high = TargetCatalog.Stm32H7Cm7.High;
        var quietLoad = 320_000 / (64e6 * 0.010); // 0.5
        var speechLoad = (320_000 + 100_000) / (480e6 * 0.010);
        Assert.That(e.Levels[0].QuietMilliwatts, Is.EqualTo(low.RunMilliwatts * quietLoad + low.SleepMilliwatts * (1 - quietLoad)).Within(1e-9));
        Assert.That(e.Levels[1].SpeechMilliwatts, Is.EqualTo(high.RunMilliwatts * speechLoad + high.SleepMilliwatts * (1 - speechLoad)).Within(1e-9));
        Assert.That(e.MixedMilliwattHours, Is.EqualTo(0.75 * e.Levels[0].QuietMilliwatts + 0.25 * e.Levels[1].SpeechMilliwatts).Within(1e-9));
    }

    [Test]
    public void ReadLayerMacs_TakesTheManifestLayers()
    {
        var dir = RepoPaths.WorkDir(Path.Combine("boards", "manifest-pkg"));
        File.WriteAllText(Path.Combine(dir, "manifest.json"),
            """{ "layers": [ { "name": "conv1", "op": "Conv2D", "macs": 1000 }, { "name": "lstm_fw", "op": "LstmUnidirectional", "macs": 250000 } ] }""");
        var layers = BoardReport.ReadLayerMacs(dir);
        Assert.That(layers, Is.EqualTo(new[] { new LayerMacs("conv1", "Conv2D", 1000), new LayerMacs("lstm_fw", "LstmUnidirectional", 250000) }));
    }

    [Test]
    public void ReadTiming_BrokenJson_NamesTheFile()
    {
        var dir = RepoPaths.WorkDir(Path.Combine("boards", "broken-json-pkg"));
        File.WriteAllText(Path.Combine(dir, "runtime.json"), "{ not json");
        var e = Assert.Throws<WakeWordException>(() => BoardReport.ReadTiming(dir));
        Assert.That(e!.Message, Does.Contain(Path.Combine(dir, "runtime.json")));
    }

    [Test]
    public void Bars_ScalesTheLongestBarToFullWidth_AndEscapesLabels()
    {
        var svg = BoardReportRenderer.Bars("t", [("a<b", 50), ("c", 100)], "{0:0}");
        Assert.That(svg, Does.Contain("a&lt;b").And.Contain("width=\"420.0\"").And.Contain("width=\"210.0\""));
    }

    private static BoardReportData Data(BoardEstimate b) => new("pkg", "a.wav", 0.010, 10, 0.1, [], [b]);
}
