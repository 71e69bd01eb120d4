using WakeWord.Datasets.Manifest;
using WakeWord.Sim.Frontend;
using WakeWord.Training.Data;

namespace WakeWord.Training.Tests;

[TestFixture]
public class ConfusableLabelTests
{
    private static TrainingData Data(params DatasetClip[] clips) => new()
    {
        Root = ".", Frontend = FrontendConfig.Default, Options = new FeatureOptions(), Train = [.. clips], Val = [], Test = [],
        TrainStreams = [], Mean = new float[24], Std = Enumerable.Repeat(1f, 24).ToArray(),
    };

    private static DatasetClip Clip(string label, string source) =>
        new(new ManifestEntry($"{label}.wav", label, DatasetSplits.Train, "v", source), TrainingData.LabelIndex(label),
            [new short[4 * 24]], 4, [-1, -1]);

    [Test]
    public void ConfusablePhrases_GetTheirOwnClassAndWeight_OnlyWhenAsked()
    {
        var d = Data(Clip(DatasetLabels.Speech, "confusable: hey nora"), Clip(DatasetLabels.Speech, "sentence: the cat sat"),
            Clip(DatasetLabels.Wake, "wake: hey nova"));
        var plain = d.Samples(d.Train);
        Assert.That(plain.Select(s => s.Label), Is.EqualTo(new[] { 1, 1, 0 }));
        Assert.That(plain.Select(s => s.Weight), Is.EqualTo(new[] { 1f, 1f, 1f }));
        var own = d.Samples(d.Train, 2f, confusableClass: true);
        Assert.That(own.Select(s => s.Label), Is.EqualTo(new[] { TrainingData.ConfusableLabel, 1, 0 }));
        Assert.That(own.Select(s => s.Weight), Is.EqualTo(new[] { 2f, 1f, 1f }));
    }
}
