using System.Buffers.Binary;
using NUnit.Framework;
using WakeWord.Codegen.Tests.Model;
using WakeWord.Core;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Tests.Package;

/// <summary>
/// The generated C compiles warning-free for the PC and both Cortex-M targets, links no allocator or stdio,
/// and on the PC produces every layer's output byte for byte equal to <see cref="ModelExecutor"/>.
/// The PC packages are built together (one kernel build per rounding mode) in the one-time set-up.
/// </summary>
[TestFixture]
[NonParallelizable]
public class PackageBuildTests
{
    private static readonly (string Name, Func<QuantizedModel> Model)[] DoubleModels =
    [
        ("tiny-double", () => TestModels.Tiny(seed: 21)),
        ("default-shape", () => TestModels.DefaultShape(seed: 23)),
        ("default-shape-sliced", () => TestModels.DefaultShape(seed: 23)),
        ("other-ops", () => TestModels.OtherOps(seed: 25)),
        ("int16-double", () => TestModels.Int16Ops(seed: 26)),
        ("short-scratch", ShortScratch),
    ];

    /// <summary>Writes a package of an already planned model (keeps its plan).</summary>
    private static string WritePlanned(QuantizedModel m, string name)
    {
        var dir = Path.Combine(RepoPaths.WorkDir("codegen-tests"), name);
        WakeWord.Codegen.Package.PackageWriter.Write(dir, new WakeWord.Codegen.Package.PackageContents { Model = m, Emit = TestPackages.Options, Target = "host" });
        return dir;
    }

    /// <summary>Writes a package sliced as --infer-slices auto chooses (more than one slice for the default shape).</summary>
    private static string WriteAutoSliced(QuantizedModel m, string name)
    {
        var options = TestPackages.AutoSliced(m);
        Assert.That(options.Slices!.Count, Is.GreaterThan(1), "auto slices the default CRNN shape");
        return TestPackages.Write(m, name, options);
    }

    private static readonly (string Name, Func<QuantizedModel> Model)[] SingleModels =
    [
        ("tiny-single", () => TestModels.Tiny(seed: 22, rounding: RequantRounding.Single)),
        ("int16-single", () => TestModels.Int16Ops(seed: 26, rounding: RequantRounding.Single)),
    ];

    private readonly Dictionary<string, (string Package, string Build)> _built = new(StringComparer.Ordinal);

    /// <summary>The tiny model with conv2's planned scratch cut to 8 bytes (less than its im2col buffer).</summary>
    private static QuantizedModel ShortScratch()
    {
        var m = TestPackages.Planned(TestModels.Tiny(seed: 27));
        var scratch = m.Plan!.ScratchBytes.ToArray();
        scratch[1] = 8;
        return m with { Plan = m.Plan with { ScratchBytes = scratch } };
    }

    [OneTimeSetUp]
    public void BuildPackagesForThePc()
    {
        foreach (var (models, single) in new[] { (DoubleModels, false), (SingleModels, true) })
        {
            var packages = models.Select(m => m.Name switch
            {
                "short-scratch" => WritePlanned(m.Model(), m.Name),
                "default-shape-sliced" => WriteAutoSliced(m.Model(), m.Name),
                _ => TestPackages.Write(m.Model(), m.Name),
            }).ToList();
            var build = TestPackages.BuildC(packages, single ? "pc-single" : "pc-double", toolchain: null, single, testMain: true);
            for (var i = 0; i < models.Length; i++) _built[models[i].Name] = (packages[i], build);
        }
    }

    private static sbyte[] RandomWindows(QuantizedModel m, int count, int seed)
    {
        var rng = new Random(seed);
        var a = new sbyte[count * m.InputFrames * m.InputFeatures];
        for (var i = 0; i < a.Length; i++) a[i] = (sbyte)rng.Next(-128, 128);
        // One all-minimum and one all-maximum window exercise saturation.
        if (count >= 3)
        {
            a.AsSpan(0, m.InputFrames * m.InputFeatures).Fill(-128);
            a.AsSpan(m.InputFrames * m.InputFeatures, m.InputFrames * m.InputFeatures).Fill(127);
        }
        return a;
    }

    /// <summary>Parses the test program's records: per window, the layers' outputs then the probabilities.</summary>
    private static List<List<(int Layer, byte[] Data)>> ReadRecords(byte[] bytes, int layers)
    {
        var windows = new List<List<(int, byte[])>>();
        var current = new List<(int, byte[])>();
        var at = 0;
        while (at < bytes.Length)
        {
            var layer = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
            var n = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 4));
            current.Add((layer, bytes.AsSpan(at + 8, n).ToArray()));
            at += 8 + n;
            if (layer == -1)
            {
                Assert.That(current, Has.Count.EqualTo(layers + 1), "records per window");
                windows.Add(current);
                current = [];
            }
        }
        return windows;
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        for (var k = 0; k < a.Length; k++)
            if (a[k] != b[k]) return k;
        return -1;
    }

    /// <summary>Runs the PC build and the simulator on the same windows; fails naming the first differing layer and element.</summary>
    private void AssertCEqualsSimulator(string name, int windows)
    {
        var (pkg, build) = _built[name];
        var planned = PackageLoader.Load(pkg).Model;
        var input = RandomWindows(planned, windows, seed: 42);
        var inPath = Path.Combine(build, name + "-input.bin");
        var outPath = Path.Combine(build, name + "-output.bin");
        File.WriteAllBytes(inPath, (byte[])(Array)input);
        ProcessRunner.Check(Path.Combine(build, "ww_model_test_" + TestPackages.CName(pkg)), [inPath, outPath], timeout: TimeSpan.FromMinutes(2));
        var records = ReadRecords(File.ReadAllBytes(outPath), planned.Layers.Length);
        Assert.That(records, Has.Count.EqualTo(windows));

        var exec = new ModelExecutor(planned);
        var window = planned.InputFrames * planned.InputFeatures;
        for (var w = 0; w < windows; w++)
        {
            var sim = new List<(int Layer, string Name, byte[] Data)>();
            var probs = new sbyte[planned.ClassNames.Length];
            Assert.That(exec.Invoke(input.AsSpan(w * window, window), probs, (l, n, d) => sim.Add((l, n, d.ToArray()))), Is.Zero);
            for (var i = 0; i < planned.Layers.Length; i++)
            {
                var (cLayer, cData) = records[w][i];
                Assert.That(cLayer, Is.EqualTo(i), $"window {w}: C hook order");
                var s = sim[i].Data;
                Assert.That(cData.Length, Is.EqualTo(s.Length), $"window {w} layer {i} ({sim[i].Name}): output size");
                var diff = FirstDifference(s, cData);
                Assert.That(diff, Is.EqualTo(-1),
                    $"window {w}: first differing layer {i} ({sim[i].Name}) at element {diff}: C {(diff >= 0 ? (sbyte)cData[diff] : 0)}, C# {(diff >= 0 ? (sbyte)s[diff] : 0)}");
            }
            Assert.That(records[w][^1].Data.Select(b => (sbyte)b).ToArray(), Is.EqualTo(probs), $"window {w}: probabilities");
            if (w == windows - 1)
            {
                // Guard against a vacuous comparison: on a random window the computing layers' outputs vary.
                foreach (var i in Enumerable.Range(0, planned.Layers.Length).Where(i => planned.Layers[i] is ConvLayerBase or LstmUnidirectionalLayer or PoolLayerBase or FullyConnectedS16Layer or RequantizeLayer or SubtractMeanLayer))
                    Assert.That(sim[i].Data.Distinct().Count(), Is.GreaterThan(4), $"layer {i} ({sim[i].Name}) output is nearly constant");
                TestContext.Out.WriteLine($"{name}: {windows} windows, {planned.Layers.Length} layers equal; last probabilities {string.Join(",", probs)}");
            }
        }
    }

    [Test]
    public void HostBuild_TinyModel_EveryLayerEqualsSimulator() => AssertCEqualsSimulator("tiny-double", 12);

    [Test]
    public void HostBuild_TinyModelSingleRounding_EveryLayerEqualsSimulator() => AssertCEqualsSimulator("tiny-single", 12);

    [Test]
    public void HostBuild_DepthwisePoolingPointwisePerChannelFc_EveryLayerEqualsSimulator() => AssertCEqualsSimulator("other-ops", 12);

    [TestCase("int16-double")]
    [TestCase("int16-single")]
    public void HostBuild_Int16ConvAndFcWithRequantize_EveryLayerEqualsSimulator(string name) => AssertCEqualsSimulator(name, 12);

    [Test]
    public void Init_PlannedScratchSmallerThanTheKernelNeeds_ReturnsErrScratch()
    {
        var (pkg, build) = _built["short-scratch"];
        var inPath = Path.Combine(build, "short-input.bin");
        File.WriteAllBytes(inPath, new byte[8 * 6]);
        var r = ProcessRunner.Run(Path.Combine(build, "ww_model_test_" + TestPackages.CName(pkg)), [inPath, Path.Combine(build, "short-output.bin")]);
        Assert.That(r.ExitCode, Is.EqualTo(3), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("ww_model_init returned -100"));
    }

    [Test]
    public void HostBuild_DefaultCrnnShape_EveryLayerEqualsSimulator() => AssertCEqualsSimulator("default-shape", 3);

    [Test]
    public void HostBuild_DefaultCrnnShapeAutoSliced_EveryLayerEqualsSimulator()
    {
        // ww_model_invoke runs the slices in order (ww_model_invoke_slice); outputs as the unsliced schedule.
        var c = File.ReadAllText(Path.Combine(_built["default-shape-sliced"].Package, "ww_model.c"));
        Assert.That(c, Does.Contain("static int32_t ww_model_slice_1(").And.Contain("int32_t ww_model_invoke_slice(int32_t slice"));
        AssertCEqualsSimulator("default-shape-sliced", 3);
    }

    private static void AssertNoAllocatorOrStdio(string build, string nm, string objdump)
    {
        var libs = Directory.GetFiles(build, "*.a", SearchOption.AllDirectories);
        Assert.That(libs.Select(Path.GetFileName), Does.Contain("libcmsis-nn.a"));
        var models = libs.Where(l => Path.GetFileName(l).StartsWith("libww_model_", StringComparison.Ordinal)).ToList();
        Assert.That(models, Is.Not.Empty);
        var forbidden = new[] { "malloc", "calloc", "realloc", "free", "printf", "fprintf", "puts", "sprintf", "snprintf" };
        foreach (var lib in libs)
        {
            var undefined = ProcessRunner.Check(nm, ["-u", lib]).StdOut
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Trim().Split(' ')[^1])
                .ToHashSet();
            Assert.That(undefined.Intersect(forbidden), Is.Empty, $"{Path.GetFileName(lib)} references {string.Join(", ", undefined.Intersect(forbidden))}");
        }
        // The weights and the arena are in their named sections.
        foreach (var lib in models)
        {
            var sections = ProcessRunner.Check(objdump, ["-h", lib]).StdOut;
            Assert.That(sections, Does.Contain(".rodata.ww_weights"), Path.GetFileName(lib));
            Assert.That(sections, Does.Contain(".bss.ww_arena"), Path.GetFileName(lib));
        }
    }

    [Test]
    public void HostBuild_ModelLibraries_ReferenceNoMallocFreeOrPrintf()
    {
        AssertNoAllocatorOrStdio(_built["tiny-double"].Build, "nm", "objdump");
        AssertNoAllocatorOrStdio(_built["tiny-single"].Build, "nm", "objdump");
    }

    [TestCase("arm-none-eabi-cortex-m4.cmake", "m4")]
    [TestCase("arm-none-eabi-cortex-m7.cmake", "m7")]
    public void CortexMBuild_Werror_ObjectsReferenceNoMallocFreeOrPrintf(string toolchain, string tag)
    {
        // default-shape: one slice; default-shape-sliced: auto (several slices).
        var packages = new[] { _built["default-shape"].Package, _built["default-shape-sliced"].Package, _built["other-ops"].Package, _built["int16-double"].Package };
        var build = TestPackages.BuildC(packages, "nm-" + tag, toolchain, singleRounding: false, testMain: false);
        AssertNoAllocatorOrStdio(build, "arm-none-eabi-nm", "arm-none-eabi-objdump");
    }
}
