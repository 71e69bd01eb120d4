using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Targets;

namespace WakeWord.Firmware.Tests;

/// <summary>The report's buffered real-time criterion: worst hop span against the audio FIFO, load per inference period.</summary>
[TestFixture]
public sealed class BufferedRealTimeTests
{
    private static readonly MemoryUse NoMemory = new([], 0, 0);

    [Test]
    public void WorstHopSpan_IsWorstHopOverHighBudget_AndQueuesItsCeilingInBlocks()
    {
        // M4 at 240 MHz: 2.4 M cycles per 10 ms hop. Worst hop 160 k front end + 14.5 M runtime = 14.66 M: 6.108 hops.
        var m = new QemuMeasurement("qemu-m4", 14_400_000, 14_500_000, 0, 0, 0, 159_000, 160_000);
        var e = BoardReport.Estimate(TargetCatalog.Stm32H7Cm4, NoMemory, m, 0.010, 10, 0.1, audioBlocks: 8);
        Assert.That(e.Buffered.WorstHopSpan, Is.EqualTo(14_660_000 / 2.4e6).Within(1e-12));
        Assert.That(e.Buffered.BlocksQueued, Is.EqualTo(7));
        Assert.That(e.Buffered.FifoSlotsLeft, Is.EqualTo(1));
        // Period: 10 x 160 k front end + 14.5 M + 9 x 100 k runtime without inference, over 10 x 2.4 M.
        Assert.That(e.Buffered.PeriodLoad, Is.EqualTo((1_600_000 + 14_500_000 + 900_000) / 24e6).Within(1e-12));
        Assert.That(e.Buffered.Meets, Is.True);
        Assert.That(e.RealTimeMarginAtHigh, Is.LessThan(0), "the unbuffered per-hop check still misses");
        var text = BoardReportRenderer.Text(new BoardReportData("pkg", "a.wav", 0.010, 10, 0.1, [], [e]));
        Assert.That(text, Does.Contain("buffered real time (audio FIFO of 8 blocks)").And.Contain("meets real time with buffering"));
    }

    [Test]
    public void FifoShallowerThanTheSpan_Misses_AndOverloadedPeriod_Misses()
    {
        var m = new QemuMeasurement("qemu-m4", 14_400_000, 14_500_000, 0, 0, 0, 159_000, 160_000);
        var shallow = BoardReport.Estimate(TargetCatalog.Stm32H7Cm4, NoMemory, m, 0.010, 10, 0.1, audioBlocks: 6);
        Assert.That(shallow.Buffered.FifoSlotsLeft, Is.EqualTo(-1));
        Assert.That(shallow.Buffered.Meets, Is.False);
        // 30 M instructions per inference in a 10-hop period of 24 M cycles: the backlog never drains.
        var heavy = new QemuMeasurement("qemu-m4", 30_000_000, 30_100_000, 0, 0, 0, 159_000, 160_000);
        var over = BoardReport.Estimate(TargetCatalog.Stm32H7Cm4, NoMemory, heavy, 0.010, 10, 0.1, audioBlocks: 64);
        Assert.That(over.Buffered.FifoSlotsLeft, Is.GreaterThan(0));
        Assert.That(over.Buffered.PeriodLoad, Is.GreaterThan(1));
        Assert.That(over.Buffered.Meets, Is.False);
        Assert.That(BoardReportRenderer.Text(new BoardReportData("pkg", "a.wav", 0.010, 10, 0.1, [], [over])), Does.Contain("MISSES real time with buffering"));
    }

    [Test]
    public void Sliced_WorstHopHoldsTheLargestSlice_MarginShown_PeriodCountsEverySliceHop()
    {
        // 3 slices: 4.0 M instructions per inference in all, the runtime's worst hop (largest slice) 1.45 M,
        // the front end's worst hop 300 k: 1.75 M of the 2.4 M cycles of a hop at 240 MHz.
        var m = new QemuMeasurement("qemu-m4", 4_000_000, 1_450_000, 0, 0, 0, 290_000, 300_000);
        var e = BoardReport.Estimate(TargetCatalog.Stm32H7Cm4, NoMemory, m, 0.010, 10, 0.1, audioBlocks: 8, slices: 3);
        Assert.That(e.RealTimeMarginAtHigh, Is.EqualTo(1 - 1_750_000 / 2.4e6).Within(1e-12));
        Assert.That(e.Levels[^1].InferenceMs, Is.EqualTo(4_000_000 * 1000.0 / 240e6).Within(1e-9), "latency of the whole inference");
        Assert.That(e.Buffered.PeriodLoad, Is.EqualTo((10 * 300_000 + 3 * 1_450_000) / 24e6).Within(1e-12));
        Assert.That(e.Buffered.BlocksQueued, Is.EqualTo(1));
        var text = BoardReportRenderer.Text(new BoardReportData("pkg", "a.wav", 0.010, 10, 0.1, [], [e]) { Slices = 3 });
        Assert.That(text, Does.Contain("real time per hop (3 inference slice(s)): worst hop 72.9 % of the 10 ms hop at HIGH (240 MHz), margin 27.1 %: meets real time without buffering"));
        Assert.That(text, Does.Contain("3 inference slice(s) (one per hop; the posterior comes 2 hop(s) = 20 ms after the window)"));
        Assert.That(text, Does.Contain("buffered real time (audio FIFO of 8 blocks)"));
        Assert.Throws<WakeWord.Core.WakeWordException>(() => BoardReport.Estimate(TargetCatalog.Stm32H7Cm4, NoMemory, m, 0.010, 10, 0.1, slices: 11));
    }

    [Test]
    public void SliceCount_ReadFromManifest_OneWhenAbsent()
    {
        var dir = Path.Combine(WakeWord.Core.RepoPaths.WorkDir("firmware-tests"), "slices-count");
        Directory.CreateDirectory(dir);
        File.Delete(Path.Combine(dir, "manifest.json"));
        Assert.That(BoardReport.ReadSliceCount(dir), Is.EqualTo(1));
        File.WriteAllText(Path.Combine(dir, "manifest.json"), """{ "slices": [ { "firstLayer": 0, "lastLayer": 1 }, { "firstLayer": 2, "lastLayer": 4 } ] }""");
        Assert.That(BoardReport.ReadSliceCount(dir), Is.EqualTo(2));
        Assert.That(FirmwarePackage.ReadSliceFirstLayers(dir, 5), Is.EqualTo(new[] { 0, 2 }));
        var e = Assert.Throws<WakeWord.Core.WakeWordException>(() => FirmwarePackage.ReadSliceFirstLayers(dir, 7));
        Assert.That(e!.Message, Does.Contain("manifest.json: slices end at layer 4, the model has 7 layers"));
    }

    [Test]
    public void AudioBlocks_ReadFromRuntimeJson_DefaultWhenAbsent()
    {
        var dir = Path.Combine(WakeWord.Core.RepoPaths.WorkDir("firmware-tests"), "buffered-rt");
        Directory.CreateDirectory(dir);
        File.Delete(Path.Combine(dir, "runtime.json"));
        Assert.That(BoardReport.ReadAudioBlocks(dir), Is.EqualTo(RuntimeConfig.Default.AudioBlocks));
        File.WriteAllText(Path.Combine(dir, "runtime.json"), (RuntimeConfig.Default with { AudioBlocks = 5 }).ToJson());
        Assert.That(BoardReport.ReadAudioBlocks(dir), Is.EqualTo(5));
    }
}
