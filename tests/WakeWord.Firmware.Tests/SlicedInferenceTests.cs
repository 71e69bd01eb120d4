using WakeWord.Cli;
using WakeWord.Codegen;
using WakeWord.Core;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Build;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Firmware.Tests;

/// <summary>
/// Time-sliced inference on the real path: the shipped model generated in one slice and in several
/// (<c>--infer-slices</c>), built for the PC and Cortex-M4 (QEMU), run on the bundled sample that says the phrase.
/// </summary>
[TestFixture]
public sealed class SlicedInferenceTests
{
    private const int Slices = 3;

    private static readonly Lazy<string> Unsliced = new(() => Generate("sliced-1", 1), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> Sliced = new(() => Generate("sliced-3", Slices), LazyThreadSafetyMode.ExecutionAndPublication);

    private static string Work(string name) => Path.Combine(RepoPaths.WorkDir("firmware-tests"), name);

    private static string Generate(string name, int slices)
    {
        var runtime = RuntimeConfig.Default;
        GenerateService.Run(new GenerateRequest
        {
            OutDir = Work(name),
            Target = "host",
            CommandLine = "WakeWord.Firmware.Tests",
            RuntimeFiles = features => (runtime.ToJson(), RuntimeHeaderEmitter.Emit(runtime, features)),
            InferSlices = slices,
            Runtime = runtime,
        });
        return Work(name);
    }

    /// <summary>Validates <paramref name="package"/> on the sample for <paramref name="target"/>; returns the case and the firmware's trace.</summary>
    private static (ValidationCase Case, TraceFile Firmware) Validate(string package, string target)
    {
        var work = Work("validate-" + Path.GetFileName(package) + "-" + target);
        var cases = Validator.Run(package, target, [HostFirmware.PhraseWav], new FirmwareRunOptions(), work);
        Assert.That(cases, Has.Count.EqualTo(1));
        Assert.That(cases[0].Equal, Is.True, cases[0].Diff.Description);
        var trace = Directory.GetFiles(work, $"*.{target}.trace").Single();
        return (cases[0], TraceFile.Load(trace));
    }

    [Test]
    public void Sliced_HostFirmwareTrace_OnSample_EqualsSimulator_AndFindsTheDetection()
    {
        Assert.That(File.ReadAllText(Path.Combine(Sliced.Value, "ww_model.h")), Does.Contain($"#define WW_MODEL_NUM_SLICES {Slices}\n"));
        Assert.That(FirmwarePackage.Load(Sliced.Value).SliceFirstLayers, Has.Count.EqualTo(Slices));
        var (c, fw) = Validate(Sliced.Value, "host");
        Assert.That(c.Simulation.Stats.Detections, Is.GreaterThan(0u), "the sample's wake word is still detected");
        Assert.That(fw.Records.Count(r => r.Type == TraceRecordType.Layer), Is.GreaterThan(0));
    }

    [Test]
    public void Sliced_QemuM4FirmwareTrace_OnSample_EqualsSimulator()
    {
        var (c, _) = Validate(Sliced.Value, "qemu-m4");
        Assert.That(c.Simulation.Stats.Inferences, Is.GreaterThan(0u));
        Assert.That(c.Simulation.Stats.Detections, Is.GreaterThan(0u));
    }

    [Test]
    public void Sliced_QemuM4LayerProfile_CountsEveryLayer_AndTheDefaultCostModelHolds()
    {
        var build = WakeWord.Sim.Runtime.Targets.TargetBuild.Configure(WakeWord.Sim.Runtime.Targets.TargetCatalog.QemuM4, Work("profile-sliced-3-qemu-m4"), Sliced.Value);
        var p = WakeWord.Sim.Runtime.Targets.ModelProfile.Measure(WakeWord.Sim.Runtime.Targets.TargetCatalog.QemuM4, build, Sliced.Value);
        var model = FirmwarePackage.Load(Sliced.Value).Model;
        Assert.That(p.Layers.Select(l => l.Name), Is.EqualTo(model.Layers.Select(l => l.Name)));
        // The layers account for the whole inference but for the slice calls and the hooks left out.
        Assert.That(p.LayerInstructions, Is.LessThanOrEqualTo(p.MaxInferenceInstructions));
        Assert.That(p.LayerInstructions, Is.GreaterThan(0.99 * p.MaxInferenceInstructions));
        // The cost model the planner and the simulator use by default, against what QEMU counts: every layer that
        // matters within 5 %, the whole within 3 % (recalibrate CostModel when a kernel changes).
        var cost = RuntimeConfig.Default.Cost;
        foreach (var l in p.Layers.Where(l => l.Instructions >= 10_000))
            Assert.That(cost.LayerCycles(l.Kind, l.Units), Is.EqualTo((double)l.Instructions).Within(5).Percent, $"{l.Name} ({l.Kind}, {l.Units} units)");
        Assert.That(p.Layers.Sum(l => cost.LayerCycles(l.Kind, l.Units)), Is.EqualTo((double)p.LayerInstructions).Within(3).Percent);
        Assert.That(p.Layers.Single(l => l.Kind == "subtract_mean").Instructions, Is.GreaterThan(50_000), "the window mean is real work, not a call");
    }

    [Test]
    public void Sliced_EveryPosteriorEqualsTheUnslicedRun_SlicesMinusOneHopsLater()
    {
        var (one, a) = Validate(Unsliced.Value, "host");
        var (many, b) = Validate(Sliced.Value, "host");
        List<TraceRecord> Of(TraceFile t, TraceRecordType type) => t.Records.Where(r => r.Type == type).ToList();

        // Posteriors: same values in the same order; those that ran the model come Slices - 1 hops later,
        // gated ones (posterior 0, no model) at the same frame.
        var pa = Of(a, TraceRecordType.Posterior);
        var pb = Of(b, TraceRecordType.Posterior);
        Assert.That(pb, Has.Count.EqualTo(pa.Count).Or.Count.EqualTo(pa.Count - 1), "at most the last inference is still in flight at the end");
        var ran = 0;
        for (var i = 0; i < pb.Count; i++)
        {
            Assert.That(pb[i].Payload, Is.EqualTo(pa[i].Payload), $"posterior {i} (unsliced frame {pa[i].Frame}): payload");
            var shift = pa[i].Payload[0] == 1 ? Slices - 1 : 0;
            if (shift > 0) ran++;
            Assert.That(pb[i].Frame, Is.EqualTo(pa[i].Frame + (uint)shift), $"posterior {i}: frame");
        }
        Assert.That(ran, Is.GreaterThan(10), "the model ran on the sample");

        // Layer records: the same outputs, stamped with the inference's window frame.
        var la = Of(a, TraceRecordType.Layer);
        var lb = Of(b, TraceRecordType.Layer);
        for (var i = 0; i < lb.Count; i++)
        {
            Assert.That((lb[i].Frame, lb[i].Sub), Is.EqualTo((la[i].Frame, la[i].Sub)), $"layer record {i}");
            Assert.That(lb[i].Payload, Is.EqualTo(la[i].Payload), $"layer record {i} (layer {la[i].Sub}, frame {la[i].Frame}): output");
        }

        // Detections: the same ones, each at its posterior's frame.
        var da = Of(a, TraceRecordType.Detection);
        var db = Of(b, TraceRecordType.Detection);
        Assert.That(db, Has.Count.EqualTo(da.Count));
        Assert.That(db, Is.Not.Empty);
        for (var i = 0; i < db.Count; i++)
        {
            Assert.That(db[i].Payload, Is.EqualTo(da[i].Payload), $"detection {i}");
            Assert.That(db[i].Frame, Is.EqualTo(da[i].Frame + Slices - 1), $"detection {i}: frame");
        }

        // The simulator's cost estimate: the same cycles per inference, a lighter worst hop.
        Assert.That((one.Simulation.Estimate.Slices, many.Simulation.Estimate.Slices), Is.EqualTo((1, Slices)));
        Assert.That(many.Simulation.Estimate.CyclesPerInference, Is.EqualTo(one.Simulation.Estimate.CyclesPerInference).Within(1e-6));
        Assert.That(many.Simulation.Estimate.MaxCyclesPerHop, Is.LessThan(one.Simulation.Estimate.MaxCyclesPerHop * 0.6));
        Assert.That(many.Simulation.Stats.Inferences, Is.EqualTo(one.Simulation.Stats.Inferences).Or.EqualTo(one.Simulation.Stats.Inferences - 1));
    }

    /// <summary>The sample, then <paramref name="noiseHops"/> hops of loud noise (every frame active), then 2 s of digital silence.</summary>
    private static short[] SpeechNoiseSilence(int noiseHops)
    {
        var pcm = new List<short>(HostFirmware.SamplePcm());
        uint s = 4242;
        for (var i = 0; i < noiseHops * 480; i++)
        {
            s ^= s << 13; s ^= s >> 17; s ^= s << 5;
            pcm.Add((short)((int)(s % 8001u) - 4000));
        }
        pcm.AddRange(new short[96000]);
        return [.. pcm];
    }

    private static TraceFile SimulateTrace(RuntimeConfig config, FirmwarePackage pkg, IModelRunner runner, short[] pcm)
    {
        var ms = new MemoryStream();
        Simulator.Run(config, new WakeWord.Sim.Frontend.FrontendTables(pkg.Frontend), runner, pcm, new SimulateOptions(Trace: ms));
        return TraceFile.Parse(ms.ToArray());
    }

    [Test]
    public void Sliced_DvfsStaysHighWhileAnInferenceIsInFlight_CAndSimulatorAgree()
    {
        // DVFS drops to LOW after one quiet hop. The gate closes WindowFrames frames after the last active
        // frame; the noise length moves that hop over the inference grid, so for one length it closes in the hop
        // right after an inference frame: unsliced, LOW comes in that hop; sliced, the inference is still in
        // flight there and the level must stay HIGH until its last slice has run.
        var pkg = FirmwarePackage.Load(Sliced.Value);
        var config = pkg.Runtime with { DvfsQuietHops = 1 };
        short[]? found = null;
        for (var hops = 20; hops < 30 && found == null; hops++)
        {
            var pcm = SpeechNoiseSilence(hops);
            var plain = SimulateTrace(config, pkg, new ModelExecutorRunner(pkg.Model), pcm);
            var ranAt = plain.Records.Where(r => r.Type == TraceRecordType.Posterior && r.Payload[0] == 1).Select(r => r.Frame).ToHashSet();
            if (!plain.Records.Any(r => r.Type == TraceRecordType.Dvfs && r.Payload[0] == (byte)PerfLevel.Low && ranAt.Contains(r.Frame - 1))) continue;
            found = pcm;
            var sliced = SimulateTrace(config, pkg, pkg.CreateRunner(), pcm);
            var lows = sliced.Records.Where(r => r.Type == TraceRecordType.Dvfs && r.Payload[0] == (byte)PerfLevel.Low).Select(r => r.Frame).ToList();
            foreach (var p in sliced.Records.Where(r => r.Type == TraceRecordType.Posterior && r.Payload[0] == 1))
                Assert.That(lows.Where(f => f > p.Frame - Slices + 1 && f <= p.Frame), Is.Empty,
                    $"noise {hops} hops: LOW while the inference finishing at frame {p.Frame} was in flight");
            Assert.That(lows, Is.Not.Empty, "the level still drops once the inference is done");
        }
        Assert.That(found, Is.Not.Null, "no noise length closed the gate right after an inference frame");

        // The C runtime does the same: the package with the one-hop DVFS policy, host build, same audio.
        var copy = Work("sliced-3-quiet-1");
        if (Directory.Exists(copy)) Directory.Delete(copy, true);
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(Sliced.Value)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        File.WriteAllText(Path.Combine(copy, "runtime.json"), config.ToJson());
        File.WriteAllText(Path.Combine(copy, RuntimeHeaderEmitter.FileName), RuntimeHeaderEmitter.Emit(config, pkg.Frontend.Features));
        var wav = Work("speech-noise-silence.wav");
        WakeWord.Sim.Audio.WavFile.WriteMono16(wav, found!, 48000);
        var cases = Validator.Run(copy, "host", [wav], new FirmwareRunOptions(), Work("validate-sliced-quiet-1"));
        Assert.That(cases[0].Equal, Is.True, cases[0].Diff.Description);
    }

    [Test]
    public void Generate_MoreSlicesThanInferEvery_IsAOneLineError()
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(["generate", "--out", Work("sliced-too-many"), "--infer-slices", "11"], o, e);
        Assert.That(code, Is.Not.Zero);
        Assert.That(e.ToString(), Does.Contain("--infer-slices 11: must be 1..10"));
        Assert.That(Directory.Exists(Work("sliced-too-many")), Is.False, "no half-written package");
    }

    [Test]
    public void Generate_ThresholdFromEval_WritesTheEvaluatedDetectorIntoRuntimeJsonAndHeader()
    {
        // The shipped model's eval.json: the int8 model's 1 FA/h threshold, mean of 3, refractory 10.
        var eval = Path.Combine(RepoPaths.Root, "datasets", "models", "default", "eval.json");
        var expected = WakeWord.Training.Eval.EvalThreshold.FromReport(eval, 1.0);
        var o = new StringWriter();
        var e = new StringWriter();
        var dir = Work("threshold-from-eval");
        var code = CliApp.Run(["generate", "--out", dir, "--threshold-from", eval], o, e);
        Assert.That(code, Is.Zero, e.ToString());
        var config = RuntimeConfig.Load(Path.Combine(dir, "runtime.json"));
        Assert.That((config.ThresholdQ, config.SmoothK, config.Refractory), Is.EqualTo((expected.ThresholdQ, expected.SmoothK, expected.Refractory)));
        Assert.That(config.ThresholdQ, Is.Not.EqualTo(RuntimeConfig.Default.ThresholdQ), "the shipped model's 1 FA/h threshold is not the default");
        Assert.That(File.ReadAllText(Path.Combine(dir, RuntimeHeaderEmitter.FileName)), Does.Match($@"WW_DETECTOR_THRESHOLD\s+\(?{expected.ThresholdQ}\b"));
        Assert.That(e.ToString(), Does.Contain($"threshold {expected.ThresholdQ}"));

        // The shipped evaluations with a longer mean (eval-smoothK.json) give their K to the package, header included.
        var shipped = Directory.GetFiles(Path.Combine(RepoPaths.Root, "datasets", "models", "default"), "eval-smooth*.json").Order(StringComparer.Ordinal).ToList();
        Assert.That(shipped, Is.Not.Empty);
        foreach (var evalK in shipped)
        {
            var k = int.Parse(Path.GetFileNameWithoutExtension(evalK)["eval-smooth".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(WakeWord.Training.Eval.EvalThreshold.FromReport(evalK, 1.0, ordinaryAudio: true).SmoothK, Is.EqualTo(k), evalK);
            var dirK = Work($"threshold-from-eval{k}");
            code = CliApp.Run(["generate", "--out", dirK, "--threshold-from", evalK, "--threshold-ordinary"], o, e);
            Assert.That(code, Is.Zero, e.ToString());
            Assert.That(RuntimeConfig.Load(Path.Combine(dirK, "runtime.json")).SmoothK, Is.EqualTo(k));
            Assert.That(File.ReadAllText(Path.Combine(dirK, RuntimeHeaderEmitter.FileName)), Does.Match($@"WW_DETECTOR_SMOOTH_K\s+\(?{k}\b"));
            Assert.That(e.ToString(), Does.Contain($"mean of {k}"));
        }

        code = CliApp.Run(["generate", "--out", Work("threshold-both"), "--threshold", "0.7", "--threshold-from", eval], o, e);
        Assert.That(code, Is.Not.Zero);
        Assert.That(e.ToString(), Does.Contain("give one of them"));
        Assert.That(Directory.Exists(Work("threshold-both")), Is.False, "no half-written package");
    }

    [Test]
    public void Package_MoreSlicesThanInferEvery_RefusedBySimulatorAndByTheCBuild()
    {
        // runtime.json and ww_runtime_config.h say an inference comes every 2 hops; the model has 3 slices.
        var copy = Work("sliced-3-every-2");
        if (Directory.Exists(copy)) Directory.Delete(copy, true);
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(Sliced.Value)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        var every2 = RuntimeConfig.Default with { InferEvery = 2 };
        File.WriteAllText(Path.Combine(copy, "runtime.json"), every2.ToJson());
        File.WriteAllText(Path.Combine(copy, RuntimeHeaderEmitter.FileName), RuntimeHeaderEmitter.Emit(every2, 24));

        var e = Assert.Throws<WakeWordException>(() => FirmwarePackage.Load(copy));
        Assert.That(e!.Message, Does.Contain("3 inference slices").And.Contain("inferEvery is 2"));

        var fw = Path.Combine(RepoPaths.Root, "firmware");
        var r = ProcessRunner.Run("gcc", ["-std=c99", "-fsyntax-only", "-I", copy, "-I", Path.Combine(fw, "src", "runtime"), "-I", Path.Combine(fw, "src", "frontend"),
            "-I", Path.Combine(fw, "kernels", "Include"), Path.Combine(fw, "src", "runtime", "ww_runtime.c")]);
        Assert.That(r.ExitCode, Is.Not.Zero);
        Assert.That(r.StdErr, Does.Contain("WW_MODEL_NUM_SLICES must be 1..WW_INFER_EVERY"));
    }
}
