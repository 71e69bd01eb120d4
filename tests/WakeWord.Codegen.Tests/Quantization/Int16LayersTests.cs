using System.Buffers.Binary;
using NUnit.Framework;
using WakeWord.Codegen.Import;
using WakeWord.Codegen.Quantization;
using WakeWord.Codegen.Tests.Import;
using WakeWord.Codegen.Tests.Package;
using WakeWord.Core;
using WakeWord.Onnx;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Tests.Quantization;

/// <summary>
/// Mixed precision on the default model (<c>--int16-layers</c>): the named conv layers become s16 kernels between
/// requantize layers (or chained directly), the PC build of the package equals <see cref="ModelExecutor"/> layer by
/// layer, and the int16 layer's SQNR beats its int8 SQNR.
/// </summary>
[TestFixture]
[NonParallelizable]
public class Int16LayersTests
{
    private List<short[]> _calib = null!;
    private List<short[]> _val = null!;
    private QuantizationReport _int8Report = null!;
    private readonly Dictionary<string, (QuantizedModel Model, QuantizationReport Report)> _mixed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _packages = new(StringComparer.Ordinal);
    private string _build = null!;

    private static readonly string[] Variants = ["conv1", "conv1,conv2", "conv2,fc"];

    private static string PackageName(string layers) => "int16-" + layers.Replace(',', '-');

    [OneTimeSetUp]
    public void QuantizeAndBuild()
    {
        var g = OnnxImporter.Load(TestUtil.DefaultModelPath);
        var norm = FeatureNormalization.FromMetadata(g.Metadata, 24, "crnn.onnx");
        _calib = CalibrationData.Synthetic(norm, 24, 31);
        _val = CalibrationData.Synthetic(norm, 24, 32);
        _int8Report = Quantizer.Quantize(TestUtil.DefaultModelPath, _calib, _val).Report;
        foreach (var v in Variants)
        {
            var r = Quantizer.Quantize(TestUtil.DefaultModelPath, _calib, _val, new QuantizerOptions { Int16Layers = v.Split(',').ToHashSet() });
            _mixed[v] = r;
            _packages[v] = TestPackages.Write(r.Model, PackageName(v));
        }
        _build = TestPackages.BuildC(Variants.Select(v => _packages[v]).ToList(), "pc-int16-layers", toolchain: null, singleRounding: false, testMain: true);
    }

    private static Layer LayerOf(QuantizedModel m, string node, string op) => m.Layers.Single(l => l.OnnxNode == node && l.Op == op);

    [Test]
    public void Conv1InInt16_IsAnS16ConvBetweenRequantizeLayers()
    {
        var m = _mixed["conv1"].Model;
        var i = Array.IndexOf(m.Layers, LayerOf(m, "conv1", "conv2d_s16"));
        Assert.That(m.Layers[i - 1], Is.InstanceOf<RequantizeLayer>());
        Assert.That(m.Layers[i + 1], Is.InstanceOf<RequantizeLayer>());
        var conv = (Conv2DS16Layer)m.Layers[i];
        Assert.That(m.Tensors[conv.Inputs[0]].Type, Is.EqualTo(ElementType.Int16));
        Assert.That(m.Tensors[conv.Output].Type, Is.EqualTo(ElementType.Int16));
        Assert.That(m.Tensors[conv.Output].ZeroPoint, Is.Zero, "int16 activations are symmetric");
        Assert.That(m.Layers[i - 1].Inputs[0], Is.EqualTo(LayerOf(m, "center", "subtract_mean").Output), "the int16 copy of the window-mean output");
        Assert.That(m.Tensors[m.Layers[i + 1].Output].Type, Is.EqualTo(ElementType.Int8));
        Assert.That(LayerOf(m, "conv2", "conv2d").Inputs[0], Is.EqualTo(m.Layers[i + 1].Output), "conv2 reads the int8 copy");
    }

    [Test]
    public void Conv1AndConv2InInt16_AreChainedWithoutARequantizeBetween()
    {
        var m = _mixed["conv1,conv2"].Model;
        var c1 = LayerOf(m, "conv1", "conv2d_s16");
        var c2 = LayerOf(m, "conv2", "conv2d_s16");
        Assert.That(c2.Inputs[0], Is.EqualTo(c1.Output));
        Assert.That(m.Layers.OfType<RequantizeLayer>().Count(), Is.EqualTo(2), "one int8->int16 before conv1, one int16->int8 after conv2");
        Assert.That(m.Layers.OfType<RequantizeLayer>().Last().Inputs[0], Is.EqualTo(c2.Output));
    }

    [TestCase("conv1")]
    [TestCase("conv1,conv2")]
    [TestCase("conv2,fc")]
    public void PcBuild_EveryLayerEqualsModelExecutor(string layers)
    {
        var pkg = _packages[layers];
        var m = PackageLoader.Load(pkg).Model;
        var window = m.InputFrames * m.InputFeatures;
        var windows = new List<sbyte[]>();
        foreach (var w in _val.Take(3)) windows.Add(QuantizationReport.QuantizeFeatures(m, w));
        var rng = new Random(5);
        windows.Add(Enumerable.Range(0, window).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray());
        windows.Add(Enumerable.Repeat((sbyte)127, window).ToArray());
        var name = PackageName(layers);
        var inPath = Path.Combine(_build, name + "-input.bin");
        var outPath = Path.Combine(_build, name + "-output.bin");
        File.WriteAllBytes(inPath, windows.SelectMany(w => (byte[])(Array)w).ToArray());
        ProcessRunner.Check(Path.Combine(_build, "ww_model_test_" + TestPackages.CName(pkg)), [inPath, outPath], timeout: TimeSpan.FromMinutes(2));
        var c = File.ReadAllBytes(outPath);

        var exec = new ModelExecutor(m);
        var at = 0;
        for (var wi = 0; wi < windows.Count; wi++)
        {
            var sim = new List<byte[]>();
            var probs = new sbyte[m.ClassNames.Length];
            Assert.That(exec.Invoke(windows[wi], probs, (_, _, d) => sim.Add(d.ToArray())), Is.Zero);
            for (var li = 0; li <= m.Layers.Length; li++)
            {
                var layer = BinaryPrimitives.ReadInt32LittleEndian(c.AsSpan(at));
                var n = (int)BinaryPrimitives.ReadUInt32LittleEndian(c.AsSpan(at + 4));
                var data = c.AsSpan(at + 8, n).ToArray();
                at += 8 + n;
                var expected = li < m.Layers.Length ? sim[li] : (byte[])(Array)probs;
                Assert.That(layer, Is.EqualTo(li < m.Layers.Length ? li : -1), $"window {wi}: C hook order");
                Assert.That(n, Is.EqualTo(expected.Length), $"window {wi} layer {li}: output size");
                var diff = Enumerable.Range(0, n).FirstOrDefault(k => data[k] != expected[k], -1);
                Assert.That(diff, Is.EqualTo(-1), $"window {wi}: first differing layer {li} ({(li < m.Layers.Length ? m.Layers[li].Name : "probabilities")}) at byte {diff}");
            }
        }
        Assert.That(at, Is.EqualTo(c.Length), "no extra records");
        var last = new List<byte[]>();
        exec.Invoke(windows[0], new sbyte[m.ClassNames.Length], (_, _, d) => last.Add(d.ToArray()));
        for (var li = 0; li < m.Layers.Length; li++)
            if (m.Layers[li] is Conv2DS16Layer or FullyConnectedS16Layer or RequantizeLayer && last[li].Length > 16)
                Assert.That(last[li].Distinct().Count(), Is.GreaterThan(4), $"layer {m.Layers[li].Name}: output varies");
    }

    [TestCase("conv1", "conv1")]
    [TestCase("conv1,conv2", "conv1")]
    [TestCase("conv1,conv2", "conv2")]
    public void Int16Layer_HasHigherSqnrThanInt8(string layers, string node)
    {
        var report = _mixed[layers].Report;
        TestContext.Out.WriteLine(report.Render());
        var s16 = report.Layers.Single(l => l.OnnxNode == node && l.Op is "conv2d_s16" or "fully_connected_s16").SqnrDb;
        var s8 = _int8Report.Layers.Single(l => l.OnnxNode == node && l.Op is "conv2d" or "fully_connected").SqnrDb;
        TestContext.Out.WriteLine($"{node}: int8 {s8:F1} dB, int16 {s16:F1} dB");
        // The model input stays int8 (the feature quantizer), so its noise bounds what int16 can gain downstream.
        Assert.That(s16, Is.GreaterThan(s8), "int16 output SQNR above the int8 layer's");
        Assert.That(report.Top1Agreement, Is.GreaterThanOrEqualTo(_int8Report.Top1Agreement - 0.05));
    }

    [Test]
    public void FcInInt16_LosesNoSqnrAgainstInt8()
    {
        // fc reads int8 LSTM states and has per-tensor weights in s16 (per channel in int8), so its SQNR is bounded by
        // its input; int16 must not make it worse.
        var s16 = _mixed["conv2,fc"].Report.Layers.Single(l => l.OnnxNode == "fc" && l.Op == "fully_connected_s16").SqnrDb;
        var s8 = _int8Report.Layers.Single(l => l.OnnxNode == "fc" && l.Op == "fully_connected").SqnrDb;
        TestContext.Out.WriteLine($"fc: int8 {s8:F2} dB, int16 {s16:F2} dB");
        Assert.That(s16, Is.GreaterThan(s8 - 0.5));
    }

    [Test]
    public void UnknownLayerName_GivesAOneLineErrorNamingIt()
    {
        var proto = OnnxImporter.ReadModel(TestUtil.DefaultModelPath);
        var e = Assert.Throws<WakeWordException>(() => Quantizer.QuantizeModel(proto, "crnn.onnx", new string('0', 64), _calib.Take(2).ToList(),
            new QuantizerOptions { Int16Layers = new HashSet<string> { "conv9" } }, out _, out _))!;
        Assert.That(e.Message, Does.Contain("conv9").And.Contain("no node").And.Not.Contain("\n"));
    }

    [Test]
    public void LayerWithoutS16Kernel_GivesAOneLineErrorNamingIt()
    {
        var proto = OnnxImporter.ReadModel(TestUtil.DefaultModelPath);
        var lstm = proto.Graph.Node.First(n => n.OpType == "LSTM").Name;
        var e = Assert.Throws<WakeWordException>(() => Quantizer.QuantizeModel(proto, "crnn.onnx", new string('0', 64), _calib.Take(2).ToList(),
            new QuantizerOptions { Int16Layers = new HashSet<string> { lstm } }, out _, out _))!;
        Assert.That(e.Message, Does.Contain(lstm).And.Contain("no s16 kernel").And.Not.Contain("\n"));
    }
}
