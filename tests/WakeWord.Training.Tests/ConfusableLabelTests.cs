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

    private static DatasetClip Clip(string label, string source, string speaker = "v") =>
        new(new ManifestEntry($"{label}.wav", label, DatasetSplits.Train, speaker, source), TrainingData.LabelIndex(label),
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

    [Test]
    public void EngineBalance_LevelsEnginesWithinEachClass_AndKeepsTheClassMeanWeight()
    {
        // Wake: three espeak-ng clips and one flite clip; speech: one clip of each engine (already level).
        var d = Data(Clip(DatasetLabels.Wake, "wake: hey nova", "espeak-ng:en+m1"), Clip(DatasetLabels.Wake, "wake: hey nova", "espeak-ng:en-us+f2"),
            Clip(DatasetLabels.Wake, "wake: hey nova", "espeak-ng:en+m3"), Clip(DatasetLabels.Wake, "wake: hey nova", "flite:kal"),
            Clip(DatasetLabels.Speech, "sentence: a", "espeak-ng:en+m1"), Clip(DatasetLabels.Speech, "sentence: b", "flite:rms"));
        Assert.That(d.Samples(d.Train).Select(s => s.Weight), Is.All.EqualTo(1f), "off by default");
        Assert.That(TrainingData.EngineBalance(d.Train, 0).PerClip, Is.All.EqualTo(1f), "P = 0: all 1");
        var (perClip, groups) = TrainingData.EngineBalance(d.Train, 1);
        var full = d.Samples(d.Train, clipWeights: perClip).Select(s => s.Weight).ToArray();
        // P = 1: raw weights 1/3, 1/3, 1/3, 1 (mean 1/2) give 2/3 per espeak-ng clip and 2 for the flite one.
        Assert.That(full[..4], Is.EqualTo(new[] { 2f / 3, 2f / 3, 2f / 3, 2f }).Within(1e-6));
        Assert.That(full[..3].Sum(), Is.EqualTo(full[3]).Within(1e-6), "each engine the same share of its class");
        Assert.That(full[4..], Is.EqualTo(new[] { 1f, 1f }).Within(1e-6));
        Assert.That(groups.Select(g => (g.Label, g.Engine, g.Clips)), Is.EqualTo(new[]
        {
            (DatasetLabels.Speech, "espeak-ng", 1), (DatasetLabels.Speech, "flite", 1),
            (DatasetLabels.Wake, "espeak-ng", 3), (DatasetLabels.Wake, "flite", 1),
        }));
        Assert.That(groups.Select(g => g.Weight), Is.EqualTo(new[] { 1f, 1f, 2f / 3, 2f }).Within(1e-6));
        // The confusable weight and the engine weight multiply.
        var confusable = Data(Clip(DatasetLabels.Speech, "confusable: hey nora", "espeak-ng:en+m1"), Clip(DatasetLabels.Speech, "sentence: a", "espeak-ng:en+m2"),
            Clip(DatasetLabels.Speech, "sentence: b", "flite:rms"));
        var both = confusable.Samples(confusable.Train, 2f, clipWeights: TrainingData.EngineBalance(confusable.Train, 1).PerClip);
        Assert.That(both.Select(s => s.Weight), Is.EqualTo(new[] { 2f * 0.75f, 0.75f, 1.5f }).Within(1e-6));
        Assert.Throws<ArgumentException>(() => d.Samples(d.Train, clipWeights: [1f]));
        var half = d.Samples(d.Train, clipWeights: TrainingData.EngineBalance(d.Train, 0.5).PerClip).Select(s => s.Weight).ToArray();
        Assert.That(half[..4].Average(), Is.EqualTo(1.0).Within(1e-6));
        Assert.That(half[3] / half[0], Is.EqualTo(Math.Sqrt(3)).Within(1e-5));
        Assert.That(TrainingData.Engine("flite:awb"), Is.EqualTo("flite"));
        Assert.That(TrainingData.Engine("noise"), Is.EqualTo("noise"));
    }
}
