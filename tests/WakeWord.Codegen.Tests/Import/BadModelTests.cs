using NUnit.Framework;
using Google.Protobuf;
using WakeWord.Codegen.Import;
using WakeWord.Core;
using WakeWord.Onnx;
using WakeWord.Onnx.Proto;
using static WakeWord.Onnx.OnnxModelBuilder;

namespace WakeWord.Codegen.Tests.Import;

/// <summary>
/// The bad-model corpus (tests/WakeWord.Codegen.Tests/BadModels/*.onnx, written by <see cref="WriteCorpus"/>): each file
/// must be refused with a one-line message naming the file and the fault.
/// </summary>
[TestFixture]
public class BadModelTests
{
    private static string CorpusDir => Path.Combine(RepoPaths.Root, "tests", "WakeWord.Codegen.Tests", "BadModels");

    /// <summary>File name → text the error must contain.</summary>
    public static readonly (string File, string[] Expect)[] Cases =
    [
        ("truncated.onnx", ["truncated.onnx", "not a valid ONNX file"]),
        ("not_onnx.onnx", ["not_onnx.onnx", "not a valid ONNX file"]),
        ("unknown_op.onnx", ["node 'mystery'", "(FancyOp)", "unsupported operator"]),
        ("unsupported_attribute.onnx", ["node 'conv1'", "(Conv)", "group=2"]),
        ("lstm_activation.onnx", ["node 'lstm'", "(LSTM)", "activations"]),
        ("dynamic_shape.onnx", ["input 'features'", "dynamic", "'batch'"]),
        ("wrong_rank.onnx", ["input 'features'", "rank 3"]),
        ("nan_weights.onnx", ["tensor 'conv1.weight'", "NaN"]),
        ("inf_weights.onnx", ["tensor 'lstm.R'", "Infinity"]),
        ("absurd_dims.onnx", ["input 'features'", "absurd"]),
        ("absurd_reshape.onnx", ["node 'seq'", "(Reshape)", "absurd"]),
        ("mean_keepdims0.onnx", ["node 'window_mean'", "(ReduceMean)", "keepdims=0"]),
        ("mean_two_axes.onnx", ["node 'window_mean'", "(ReduceMean)", "exactly one axis"]),
        ("sub_not_mean.onnx", ["node 'center'", "(Sub)", "x - ReduceMean(x)"]),
        ("mean_read_by_conv.onnx", ["node 'conv1'", "(Conv)", "'features_mean'", "ReduceMean output"]),
    ];

    private static IEnumerable<TestCaseData> CaseData() => Cases.Select(c => new TestCaseData(c.File, c.Expect).SetArgDisplayNames(c.File));

    [TestCaseSource(nameof(CaseData))]
    public void BadModel_IsRefused_WithOneLineMessageNamingTheFault(string file, string[] expect)
    {
        var path = Path.Combine(CorpusDir, file);
        Assert.That(File.Exists(path), Is.True, $"{path} missing: run the Explicit test WriteCorpus");
        var e = Assert.Throws<WakeWordException>(() => OnnxImporter.Load(path))!;
        Assert.That(e.Message, Does.Not.Contain('\n'), "one line");
        foreach (var s in expect) Assert.That(e.Message, Does.Contain(s));
        Assert.That(e.ExitCode, Is.Not.Zero);
    }

    [Test]
    public void Corpus_MatchesItsGenerator()
    {
        foreach (var (file, bytes) in Generate())
            Assert.That(File.ReadAllBytes(Path.Combine(CorpusDir, file)), Is.EqualTo(bytes), $"{file} differs from the generator: run WriteCorpus");
    }

    [Test, Explicit("regenerates the committed corpus")]
    public void WriteCorpus()
    {
        Directory.CreateDirectory(CorpusDir);
        foreach (var (file, bytes) in Generate()) File.WriteAllBytes(Path.Combine(CorpusDir, file), bytes);
    }

    private static ModelProto Good(bool windowMean = false)
    {
        // Conv2 stride pinned: the committed corpus was written from this exact graph.
        var s = new CrnnShape(Frames: 20, Features: 8, Conv1Filters: 2, Conv2Filters: 2, Hidden: 4) { Conv2Stride = (1, 1), WindowMean = windowMean };
        return CrnnOnnxBuilder.Build(s, CrnnWeights.RandomHe(s, 5), CrnnMetadata.Plausible("bad", 8));
    }

    private static IEnumerable<(string, byte[])> Generate()
    {
        var good = Good().ToByteArray();
        yield return ("truncated.onnx", good[..(good.Length / 2)]);
        yield return ("not_onnx.onnx", "this is a text file, not a model\n"u8.ToArray());

        var m = Good();
        var n = new NodeProto { Name = "mystery", OpType = "FancyOp" };
        n.Input.Add("probs_pre");
        m.Graph.Node.Last().Output[0] = "probs_pre";
        n.Output.Add("probs");
        m.Graph.Node.Add(n);
        yield return ("unknown_op.onnx", m.ToByteArray());

        m = Good();
        m.Graph.Node.First(x => x.Name == "conv1").Attribute.Add(Attr("group", 2L));
        yield return ("unsupported_attribute.onnx", m.ToByteArray());

        m = Good();
        m.Graph.Node.First(x => x.Name == "lstm").Attribute.Add(AttrStrings("activations", "Relu", "Tanh", "Tanh", "Sigmoid", "Tanh", "Tanh"));
        yield return ("lstm_activation.onnx", m.ToByteArray());

        m = Good();
        m.Graph.Input[0].Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        yield return ("dynamic_shape.onnx", m.ToByteArray());

        m = Good();
        m.Graph.Input[0].Type.TensorType.Shape.Dim.RemoveAt(0);
        yield return ("wrong_rank.onnx", m.ToByteArray());

        yield return ("nan_weights.onnx", SetWeight("conv1.weight", float.NaN).ToByteArray());
        yield return ("inf_weights.onnx", SetWeight("lstm.R", float.PositiveInfinity).ToByteArray());

        m = Good();
        m.Graph.Input[0].Type.TensorType.Shape.Dim[3].DimValue = 10_000_000;
        yield return ("absurd_dims.onnx", m.ToByteArray());

        m = Good();
        var shape = m.Graph.Initializer.First(t => t.Name == "seq_shape");
        shape.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes<long>([1L << 40, 1, -1]));
        yield return ("absurd_reshape.onnx", m.ToByteArray());

        m = Good(windowMean: true);
        m.Graph.Node.First(x => x.Name == "window_mean").Attribute.First(a => a.Name == "keepdims").I = 0;
        yield return ("mean_keepdims0.onnx", m.ToByteArray());

        m = Good(windowMean: true);
        m.Graph.Node.First(x => x.Name == "window_mean").Attribute.First(a => a.Name == "axes").Ints.Add(3);
        yield return ("mean_two_axes.onnx", m.ToByteArray());

        m = Good(windowMean: true);
        m.Graph.Node.First(x => x.Name == "center").Input[1] = "features";
        yield return ("sub_not_mean.onnx", m.ToByteArray());

        m = Good(windowMean: true);
        m.Graph.Node.First(x => x.Name == "conv1").Input[0] = "features_mean";
        yield return ("mean_read_by_conv.onnx", m.ToByteArray());
    }

    private static ModelProto SetWeight(string name, float value)
    {
        var m = Good();
        var t = m.Graph.Initializer.First(x => x.Name == name);
        var data = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray();
        data[data.Length / 2] = value;
        t.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        return m;
    }
}
