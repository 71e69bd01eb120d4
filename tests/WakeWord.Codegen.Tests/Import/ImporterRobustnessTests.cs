using NUnit.Framework;
using WakeWord.Codegen.Import;
using WakeWord.Codegen.Passes;
using WakeWord.Core;
using WakeWord.Onnx;
using WakeWord.Onnx.Proto;
using Google.Protobuf;

namespace WakeWord.Codegen.Tests.Import;

/// <summary>Corrupted models must end in a model or a one-line <see cref="WakeWordException"/>, never in a crash.</summary>
[TestFixture]
public class ImporterRobustnessTests
{
    private static byte[] Small()
    {
        var s = new CrnnShape(Frames: 20, Features: 8, Conv1Filters: 2, Conv2Filters: 3, Hidden: 4);
        return CrnnOnnxBuilder.Build(s, CrnnWeights.RandomHe(s, 9), CrnnMetadata.Plausible("x", 8)).ToByteArray();
    }

    private static void ImportOrRefuse(byte[] bytes, string what)
    {
        try
        {
            PassPipeline.Run(OnnxImporter.Import(OnnxImporter.ParseModel(bytes, "fuzz.onnx"), "fuzz.onnx"));
        }
        catch (WakeWordException e)
        {
            Assert.That(e.Message, Does.Not.Contain('\n'), what);
            Assert.That(e.Message, Does.StartWith("fuzz.onnx").Or.StartWith("node '"), what);
        }
    }

    [Test]
    public void NodeNameWithLineBreak_IsRefusedOnOneLine()
    {
        var s = new CrnnShape(Frames: 20, Features: 8, Conv1Filters: 2, Conv2Filters: 3, Hidden: 4);
        var m = CrnnOnnxBuilder.Build(s, CrnnWeights.RandomHe(s, 9), CrnnMetadata.Plausible("x", 8));
        m.Graph.Node[0].Name = "conv\nevil";
        var e = Assert.Throws<WakeWordException>(() => OnnxImporter.Import(m, "fuzz.onnx"))!;
        Assert.That(e.Message, Does.Not.Contain('\n'));
        Assert.That(e.Message, Is.EqualTo("fuzz.onnx: node 'conv\\nevil' contains a control character"));
    }

    [Test]
    public void EveryTruncation_IsImportedOrRefusedCleanly()
    {
        var good = Small();
        for (var len = 0; len < good.Length; len += Math.Max(1, good.Length / 300))
            ImportOrRefuse(good[..len], $"truncated to {len} bytes");
    }

    [Test]
    public void RandomByteFlips_AreImportedOrRefusedCleanly()
    {
        var good = Small();
        var rng = new Random(17);
        for (var k = 0; k < 400; k++)
        {
            var b = (byte[])good.Clone();
            for (var f = 0; f < 1 + k % 3; f++) b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
            ImportOrRefuse(b, $"mutation {k}");
        }
    }

    [Test]
    public void RandomAttributeValues_AreImportedOrRefusedCleanly()
    {
        var rng = new Random(3);
        for (var k = 0; k < 200; k++)
        {
            var m = ModelProto.Parser.ParseFrom(Small());
            var node = m.Graph.Node[rng.Next(m.Graph.Node.Count)];
            if (node.Attribute.Count == 0) continue;
            var a = node.Attribute[rng.Next(node.Attribute.Count)];
            if (a.Ints.Count > 0) a.Ints[rng.Next(a.Ints.Count)] = rng.Next(-3, 200);
            else a.I = rng.Next(-3, 200);
            ImportOrRefuse(m.ToByteArray(), $"node {node.Name} attribute {a.Name}");
        }
    }
}
