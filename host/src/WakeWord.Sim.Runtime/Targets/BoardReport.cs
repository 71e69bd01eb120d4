using System.Globalization;
using System.Text;
using System.Text.Json;
using WakeWord.Core;
using WakeWord.Sim.Model;

namespace WakeWord.Sim.Runtime.Targets;

/// <summary>MACs of one model layer (from the package's manifest.json or model.json).</summary>
public sealed record LayerMacs(string Name, string Op, long Macs);

/// <summary>What QEMU measured for one core: instruction counts of the real firmware on one audio file.</summary>
/// <param name="Target">qemu-m4 or qemu-m7.</param>
/// <param name="MaxInferenceInstructions">Most instructions one ww_model_invoke took (runtime stats).</param>
/// <param name="MaxHopInstructions">Most instructions the runtime spent on one hop after the front end (quantizer,
/// ring, gate, DVFS policy, detector and the inference when one is due): the runtime's max_hop statistic.</param>
/// <param name="FrontendInstructionsPerHop">Front end alone, mean per hop inside ww_frontend_process (ww_qemu_features).</param>
/// <param name="FrontendMaxHopInstructions">Front end alone, most for one hop.</param>
public sealed record QemuMeasurement(string Target, ulong MaxInferenceInstructions, ulong MaxHopInstructions,
    ulong TotalInstructions, ulong Frames, ulong Inferences, double FrontendInstructionsPerHop, ulong FrontendMaxHopInstructions)
{
    /// <summary>Bound on the instructions of the worst hop: the front end's worst hop plus the runtime's worst hop.</summary>
    public ulong WorstHopInstructions => FrontendMaxHopInstructions + MaxHopInstructions;
}

/// <summary>Estimated latency and power of one board at one DVFS level.</summary>
/// <param name="InferenceMs">ms per inference (instructions / clock, one instruction per cycle).</param>
/// <param name="QuietMilliwatts">Mean power with the gate closed (front end only) at this level.</param>
/// <param name="SpeechMilliwatts">Mean power with inference every InferEvery hops at this level.</param>
public sealed record LevelEstimate(PerfLevel Level, double InferenceMs, double WorstHopLoad, double QuietLoad, double SpeechLoad,
    double QuietMilliwatts, double SpeechMilliwatts);

/// <summary>One board: its image sizes, the QEMU core measurement it uses, and estimates per level.</summary>
public sealed record BoardEstimate(TargetDefinition Board, MemoryUse Memory, QemuMeasurement Measured, IReadOnlyList<LevelEstimate> Levels,
    double RealTimeMarginAtHigh, double MixedMilliwattHours)
{
    /// <summary>The buffered real-time criterion at HIGH (audio FIFO of the runtime).</summary>
    public BufferedRealTime Buffered { get; init; } = new(1, 0, 0, RuntimeConfig.Default.AudioBlocks);
}

/// <summary>
/// Real time with the runtime's audio FIFO, at HIGH. The worst hop's service (the inference hop) lasts
/// <paramref name="WorstHopSpan"/> hop periods; the blocks that complete meanwhile, ceil(span), wait in the FIFO,
/// so nothing is lost while ceil(span) &lt;= <paramref name="AudioBlocks"/>. The backlog then drains before the next
/// inference when the load over one inference period (<paramref name="PeriodLoad"/>: InferEvery worst front-end hops,
/// one worst runtime hop and InferEvery - 1 runtime hops without inference, over InferEvery hop budgets) is below 1.
/// </summary>
public sealed record BufferedRealTime(double WorstHopSpan, double PeriodLoad, int InferEvery, int AudioBlocks)
{
    /// <summary>Blocks that arrive while the worst hop is serviced.</summary>
    public int BlocksQueued => (int)Math.Ceiling(WorstHopSpan);

    /// <summary>FIFO slots left at the worst moment (negative: blocks lost).</summary>
    public int FifoSlotsLeft => AudioBlocks - BlocksQueued;

    /// <summary>Share of an inference period left over at HIGH.</summary>
    public double PeriodMargin => 1 - PeriodLoad;

    public bool Meets => FifoSlotsLeft >= 0 && PeriodLoad < 1;
}

/// <summary>Everything <c>wakeword report</c> prints.</summary>
public sealed record BoardReportData(string Package, string Audio, double HopSeconds, int InferEvery, double SpeechFraction,
    IReadOnlyList<LayerMacs> Layers, IReadOnlyList<BoardEstimate> Boards)
{
    /// <summary>Inference slices of the package (WW_MODEL_NUM_SLICES): one inference runs over this many hops.</summary>
    public int Slices { get; init; } = 1;

    /// <summary>Instructions per layer on each QEMU core against the package's cost model (empty without model.json).</summary>
    public IReadOnlyList<ModelProfile> Profiles { get; init; } = [];
}

/// <summary>
/// Builds a package for the QEMU and STM32H7 targets, measures instructions under QEMU (M4, M7), reads the
/// STM32H7 images' sections, and estimates latency, real-time margin and energy per DVFS level.
/// Assumptions, stated in the output: one instruction per cycle (the M7 dual-issues, so it is pessimistic
/// there; flash wait states can make the M4 slower); the sleep power between blocks; the speech fraction.
/// </summary>
public static class BoardReport
{
    public const double DefaultSpeechFraction = 0.1;

    /// <summary>
    /// Measures <paramref name="packageDir"/>. Build trees go to <paramref name="workDir"/>/&lt;target&gt;, or where
    /// <paramref name="buildDirFor"/> says (so callers can share trees with other builds of the same package).
    /// </summary>
    public static BoardReportData Measure(string packageDir, string audio, string workDir, double speechFraction = DefaultSpeechFraction,
        Action<string>? progress = null, Func<TargetDefinition, string>? buildDirFor = null)
    {
        buildDirFor ??= t => Path.Combine(workDir, t.Name);
        packageDir = Path.GetFullPath(packageDir);
        if (!Directory.Exists(packageDir)) throw new WakeWordException($"--package {packageDir}: folder not found");
        if (!File.Exists(Path.Combine(packageDir, "ww_config.h")))
            throw new WakeWordException($"--package {packageDir}: not a firmware package (no ww_config.h); run wakeword generate first");
        if (!File.Exists(audio)) throw new WakeWordException($"--audio {audio}: file not found");
        audio = Path.GetFullPath(audio);
        var (hop, inferEvery) = ReadTiming(packageDir);
        var layers = ReadLayerMacs(packageDir);
        var slices = ReadSliceCount(packageDir);

        var measured = new Dictionary<string, QemuMeasurement>(StringComparer.Ordinal);
        var profiles = new List<ModelProfile>();
        var hasModel = File.Exists(Path.Combine(packageDir, ModelJson.FileName));
        foreach (var q in new[] { TargetCatalog.QemuM4, TargetCatalog.QemuM7 })
        {
            progress?.Invoke($"building and running {q.Name}");
            var build = TargetBuild.Configure(q, buildDirFor(q), packageDir);
            measured[q.Name] = MeasureQemu(q, build, audio);
            if (hasModel) profiles.Add(ModelProfile.Measure(q, build, packageDir));
        }
        var boards = new List<BoardEstimate>();
        foreach (var (board, qemu) in new[] { (TargetCatalog.Stm32H7Cm4, "qemu-m4"), (TargetCatalog.Stm32H7Cm7, "qemu-m7") })
        {
            progress?.Invoke($"building {board.Name}");
            var build = TargetBuild.Configure(board, buildDirFor(board), packageDir);
            build.Build("ww_board_programs");
            var memory = ElfInspector.Sizes(build.Program("ww_stm32h7_app").Executable);
            boards.Add(Estimate(board, memory, measured[qemu], hop, inferEvery, speechFraction, ReadAudioBlocks(packageDir), slices));
        }
        return new BoardReportData(packageDir, audio, hop, inferEvery, speechFraction, layers, boards) { Slices = slices, Profiles = profiles };
    }

    /// <summary>Latency, loads, power and real-time margin of <paramref name="board"/> from a QEMU measurement.</summary>
    /// <param name="slices">Inference slices (one per hop): QEMU's max hop then holds one slice, its max inference all of them.</param>
    public static BoardEstimate Estimate(TargetDefinition board, MemoryUse memory, QemuMeasurement m, double hopSeconds, int inferEvery,
        double speechFraction, int audioBlocks = 0, int slices = 1)
    {
        if (slices < 1 || slices > inferEvery) throw new WakeWordException($"{slices} inference slices: must be 1..inferEvery ({inferEvery})");
        if (audioBlocks <= 0) audioBlocks = RuntimeConfig.Default.AudioBlocks;
        var levels = new List<LevelEstimate>();
        foreach (var l in board.Levels)
        {
            var budget = l.ClockHz * hopSeconds; // cycles per hop
            var quiet = m.FrontendInstructionsPerHop / budget;
            var speech = (m.FrontendInstructionsPerHop + (double)m.MaxInferenceInstructions / inferEvery) / budget;
            double Power(double load) => load >= 1 ? l.RunMilliwatts : l.RunMilliwatts * load + l.SleepMilliwatts * (1 - load);
            levels.Add(new LevelEstimate(l, m.MaxInferenceInstructions * 1000.0 / l.ClockHz, m.WorstHopInstructions / budget, quiet, speech,
                Power(quiet), Power(speech)));
        }
        var low = levels[0];
        var high = levels[^1];
        // The DVFS policy: LOW while quiet, HIGH while speech is heard.
        var mixed = (1 - speechFraction) * low.QuietMilliwatts + speechFraction * high.SpeechMilliwatts;
        var highBudget = high.Level.ClockHz * hopSeconds;
        // One inference period: InferEvery worst front-end hops, the hops that run model work (one, or one per slice,
        // each at most the worst runtime hop) and the runtime's bookkeeping in the others (known only unsliced:
        // worst hop minus inference; sliced it is not measured apart and counted as 0).
        var runtimeQuietHop = slices == 1 && m.MaxHopInstructions > m.MaxInferenceInstructions ? m.MaxHopInstructions - m.MaxInferenceInstructions : 0;
        var periodLoad = ((double)inferEvery * m.FrontendMaxHopInstructions + (double)slices * m.MaxHopInstructions + (inferEvery - (double)slices) * runtimeQuietHop)
            / (inferEvery * highBudget);
        return new BoardEstimate(board, memory, m, levels, 1 - high.WorstHopLoad, mixed)
        {
            Buffered = new BufferedRealTime(high.WorstHopLoad, periodLoad, inferEvery, audioBlocks),
        };
    }

    private static QemuMeasurement MeasureQemu(TargetDefinition q, TargetBuild build, string audio)
    {
        build.Build("ww_board_programs");
        var runner = new QemuRunner(q);
        var app = runner.Run(build.Program("ww_qemu_app").Executable, ["--in", audio, "--flags", "0"]);
        if (app.ExitCode != 0) throw new WakeWordException($"ww_qemu_app on {q.Name} failed with exit code {app.ExitCode}: {(app.StdOut + app.StdErr).Trim()}");
        var fe = runner.Run(build.Program("ww_qemu_features").Executable, ["--in", audio, "--out", Path.Combine(build.BuildDir, "features.wwfe")]);
        if (fe.ExitCode != 0) throw new WakeWordException($"ww_qemu_features on {q.Name} failed with exit code {fe.ExitCode}: {(fe.StdOut + fe.StdErr).Trim()}");
        var a = QemuRunner.ParseCounters(app.StdOut);
        var f = QemuRunner.ParseCounters(fe.StdOut);
        ulong Get(IReadOnlyDictionary<string, ulong> d, string k, string program) =>
            d.TryGetValue(k, out var v) ? v : throw new WakeWordException($"{program} on {q.Name} printed no {k}=");
        var frames = Get(f, "frames", "ww_qemu_features");
        if (Get(a, "inferences", "ww_qemu_app") == 0)
            throw new WakeWordException($"--audio {audio}: the energy gate never opened, so no inference was measured; use audio with speech");
        return new QemuMeasurement(q.Name, Get(a, "max_inference_instructions", "ww_qemu_app"), Get(a, "max_hop_instructions", "ww_qemu_app"),
            Get(a, "instructions", "ww_qemu_app"), Get(a, "frames", "ww_qemu_app"), a["inferences"],
            frames == 0 ? 0 : (double)Get(f, "frontend_instructions", "ww_qemu_features") / frames, Get(f, "max_frame_instructions", "ww_qemu_features"));
    }

    /// <summary>Hop length (s) from frontend.json and inference period (hops) from runtime.json; design defaults when absent.</summary>
    public static (double HopSeconds, int InferEvery) ReadTiming(string packageDir)
    {
        double hop = 0.010;
        var inferEvery = 10;
        var fe = Path.Combine(packageDir, "frontend.json");
        if (File.Exists(fe))
        {
            using var d = ParseJson(fe);
            var r = d.RootElement;
            if (r.TryGetProperty("hop", out var h) && r.TryGetProperty("inputRate", out var rate) && r.TryGetProperty("decimation", out var dec))
                hop = h.GetDouble() * dec.GetDouble() / rate.GetDouble();
        }
        var rt = Path.Combine(packageDir, "runtime.json");
        if (File.Exists(rt))
        {
            using var d = ParseJson(rt);
            if (d.RootElement.TryGetProperty("inferEvery", out var ie)) inferEvery = ie.GetInt32();
        }
        if (hop <= 0 || inferEvery <= 0) throw new WakeWordException($"{packageDir}: hop and inferEvery must be positive");
        return (hop, inferEvery);
    }

    /// <summary>Number of inference slices: the length of manifest.json's "slices", 1 when absent (an unsliced package).</summary>
    public static int ReadSliceCount(string packageDir)
    {
        var manifest = Path.Combine(packageDir, "manifest.json");
        if (!File.Exists(manifest)) return 1;
        using var d = ParseJson(manifest);
        if (!d.RootElement.TryGetProperty("slices", out var s)) return 1;
        if (s.ValueKind != JsonValueKind.Array || s.GetArrayLength() < 1) throw new WakeWordException($"{manifest}: slices must be a non-empty array");
        return s.GetArrayLength();
    }

    /// <summary>Audio FIFO depth from runtime.json (audioBlocks), the runtime's default when absent.</summary>
    public static int ReadAudioBlocks(string packageDir)
    {
        var rt = Path.Combine(packageDir, "runtime.json");
        if (!File.Exists(rt)) return RuntimeConfig.Default.AudioBlocks;
        using var d = ParseJson(rt);
        if (!d.RootElement.TryGetProperty("audioBlocks", out var ab)) return RuntimeConfig.Default.AudioBlocks;
        var n = ab.GetInt32();
        if (n < 1) throw new WakeWordException($"{rt}: audioBlocks must be at least 1");
        return n;
    }

    /// <summary>
    /// MACs per layer: manifest.json's "layers" (each with "name", "op", "macs") when present, else computed
    /// from model.json; empty when the package has neither.
    /// </summary>
    public static IReadOnlyList<LayerMacs> ReadLayerMacs(string packageDir)
    {
        var list = new List<LayerMacs>();
        var manifest = Path.Combine(packageDir, "manifest.json");
        if (File.Exists(manifest))
        {
            using var d = ParseJson(manifest);
            if (d.RootElement.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array)
            {
                foreach (var l in layers.EnumerateArray())
                {
                    if (!l.TryGetProperty("macs", out var macs)) continue;
                    var name = l.TryGetProperty("name", out var n) ? n.GetString() ?? "" : $"layer {list.Count}";
                    var op = l.TryGetProperty("op", out var o) ? o.GetString() ?? "" : "";
                    list.Add(new LayerMacs(name, op, macs.GetInt64()));
                }
                if (list.Count > 0) return list;
            }
        }
        var modelJson = Path.Combine(packageDir, ModelJson.FileName);
        if (File.Exists(modelJson))
        {
            var m = ModelJson.Load(modelJson);
            for (var i = 0; i < m.Layers.Length; i++)
                list.Add(new LayerMacs(m.Layers[i].Name, m.Layers[i].GetType().Name.Replace("Layer", "", StringComparison.Ordinal), ModelStats.Macs(m, i)));
        }
        return list;
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new WakeWordException($"{path}: not valid JSON ({e.Message})", e);
        }
    }
}
