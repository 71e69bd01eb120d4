using WakeWord.Cli.Bench;
using WakeWord.Core;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Firmware.Tests.Hardening;

/// <summary>
/// The C side under tools that find what tests miss: cppcheck over firmware/ and a generated package, the host
/// firmware under ASan + UBSan with the simulator's trace as the oracle, and short libFuzzer runs of the front
/// end and the runtime. The long runs are <c>wakeword bench fuzz-native</c> and <c>wakeword bench sanitize</c>.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NativeHardeningTests
{
    private static readonly Lazy<string> Package = new(() =>
        BenchPackage.Ensure(null, Path.Combine(RepoPaths.WorkDir("hardening-tests"), "package")), LazyThreadSafetyMode.ExecutionAndPublication);

    [Test]
    [Category("Slow")] // about 100 s without the cppcheck build cache
    public void Cppcheck_FirmwareAndGeneratedPackage_NoFindings()
    {
        var (paths, includes) = NativeHardening.FirmwareSources(Package.Value);
        var r = NativeHardening.Cppcheck(paths, includes, Path.Combine(RepoPaths.WorkDir("hardening-tests"), "cppcheck"));
        TestContext.Out.WriteLine($"cppcheck: {r.FilesChecked} C files, {r.Findings.Count} findings");
        Assert.That(r.FilesChecked, Is.GreaterThan(20));
        Assert.That(r.Findings, Is.Empty, "cppcheck findings (fix them or suppress inline with a reason):\n" + string.Join('\n', r.Findings));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void HostFirmware_UnderAsanAndUbsan_SampleAudio_NoFindingsAndSimulatorTrace(bool dma)
    {
        var dir = RepoPaths.WorkDir("hardening-tests");
        var exe = NativeHardening.BuildSanitizedHost(Package.Value, Path.Combine(dir, "build-host-asan"));
        var pcm = HostFirmware.SamplePcm();
        var pcmPath = Path.Combine(dir, "sample.pcm");
        var bytes = new byte[pcm.Length * 2];
        Buffer.BlockCopy(pcm, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(pcmPath, bytes);
        var fwTrace = Path.Combine(dir, $"sample.asan.{(dma ? "dma" : "push")}.trace");
        var r = NativeHardening.RunSanitized(exe, pcmPath, fwTrace, dma);
        Assert.That(r.Findings, Is.Zero, $"sanitizer finding: {r.FirstFinding}");
        Assert.That(r.ExitCode, Is.Zero);

        var simTrace = Path.Combine(dir, $"sample.sim.{(dma ? "dma" : "push")}.trace");
        using (var fs = File.Create(simTrace))
            Simulator.Run(FirmwarePackage.Load(Package.Value), pcm, new SimulateOptions(Dma: dma, Burst: dma ? 2 : 1, Trace: fs, TraceFlags: TraceFlags.All));
        var diff = TraceComparer.CompareFiles(simTrace, fwTrace);
        Assert.That(diff.Equal, Is.True, diff.Description);
    }

    [Test]
    [Category("Slow")] // clang build of both harnesses plus 2 x 8 s of fuzzing
    public void LibFuzzer_FrontendAndRuntime_ShortRuns_NoCrash()
    {
        var build = NativeHardening.BuildFuzzers(Package.Value, Path.Combine(RepoPaths.WorkDir("hardening-tests"), "build-fuzz"));
        var seed = HostFirmware.SamplePcm();
        foreach (var h in NativeHardening.Harnesses)
        {
            var r = NativeHardening.RunFuzzer(build, h, seconds: 8, seed);
            TestContext.Out.WriteLine($"{h}: {r.Runs} runs in {r.Seconds} s: {r.Tail}");
            Assert.That(r.Crashed, Is.False, $"{h}: {r.Tail}");
            Assert.That(r.Runs, Is.GreaterThan(4), $"{h} barely ran");
        }
    }
}
