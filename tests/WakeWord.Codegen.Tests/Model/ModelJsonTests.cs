using NUnit.Framework;
using WakeWord.Core;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Tests.Model;

[TestFixture]
public class ModelJsonTests
{
    [Test]
    public void ModelJson_SaveLoadSave_IsByteIdentical()
    {
        var m = TestModels.Tiny(seed: 7);
        var a = ModelJson.Serialize(m);
        var b = ModelJson.Serialize(ModelJson.Deserialize(a));
        Assert.That(b, Is.EqualTo(a));
    }

    [Test]
    public void ModelJson_RoundTrip_KeepsEveryLayerKindAndWeight()
    {
        var m = TestModels.Tiny(seed: 3);
        var back = ModelJson.Deserialize(ModelJson.Serialize(m));
        Assert.That(back.Layers.Select(l => l.GetType()), Is.EqualTo(m.Layers.Select(l => l.GetType())));
        var lstm = (LstmUnidirectionalLayer)back.Layers[3];
        var orig = (LstmUnidirectionalLayer)m.Layers[3];
        Assert.That(lstm.CellGate.InputWeights, Is.EqualTo(orig.CellGate.InputWeights));
        Assert.That(lstm.OutputGate.Activation, Is.EqualTo(LstmActivation.Sigmoid));
        Assert.That(((Conv2DLayer)back.Layers[0]).Multiplier, Is.EqualTo(((Conv2DLayer)m.Layers[0]).Multiplier));
        Assert.That(back.Tensors[5].Scale, Is.EqualTo(m.Tensors[5].Scale));
    }

    [Test]
    public void ModelJson_Serialize_WritesOpDiscriminatorAndOneLineArrays()
    {
        var text = ModelJson.Serialize(TestModels.Tiny());
        Assert.That(text, Does.Contain("\"op\": \"lstm_unidirectional\""));
        Assert.That(text, Does.Contain("\"shape\": [1,8,6,1]"));
        Assert.That(text, Does.Not.Contain("\r"));
    }

    [Test]
    public void ModelJson_WrongWeightCount_NamesLayerAndField()
    {
        var m = TestModels.Tiny();
        var conv = (Conv2DLayer)m.Layers[1];
        var bad = m with { Layers = [m.Layers[0], conv with { Bias = conv.Bias[..^1] }, .. m.Layers[2..]] };
        var e = Assert.Throws<WakeWordException>(() => ModelJson.Deserialize(ModelJson.Serialize(bad), "x/model.json"));
        Assert.That(e!.Message, Does.StartWith("x/model.json: layers[1] (conv2)"));
        Assert.That(e.Message, Does.Contain("bias"));
    }

    [Test]
    public void ModelJson_TensorReadBeforeWritten_IsRejected()
    {
        var m = TestModels.Tiny();
        var swapped = m.Layers.ToArray();
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        var e = Assert.Throws<WakeWordException>(() => ModelValidator.Validate(m with { Layers = swapped }));
        Assert.That(e!.Message, Does.Contain("read before any layer writes it"));
    }

    [Test]
    public void ModelJson_TruncatedText_GivesOneLineError()
    {
        var text = ModelJson.Serialize(TestModels.Tiny());
        var e = Assert.Throws<WakeWordException>(() => ModelJson.Deserialize(text[..(text.Length / 2)], "m.json"));
        Assert.That(e!.Message, Does.StartWith("m.json: invalid model JSON"));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void ModelJson_UnknownField_IsRejected()
    {
        var text = ModelJson.Serialize(TestModels.Tiny()).Replace("\"formatVersion\": 1", "\"formatVersion\": 1, \"bogus\": 2");
        Assert.Throws<WakeWordException>(() => ModelJson.Deserialize(text));
    }
}
