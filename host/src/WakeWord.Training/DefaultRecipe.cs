using WakeWord.Training.Data;

namespace WakeWord.Training;

/// <summary>
/// How the shipped default model is made, end to end: the synthetic dataset (phrase, clip count, stream hours, seed)
/// and the training options. <c>wakeword train-default</c> runs it; datasets/models/default/README.md records it.
/// </summary>
public sealed record DefaultRecipe
{
    public string Phrase { get; init; } = "hey nova";
    public int Clips { get; init; } = 10000;
    public double StreamHours { get; init; } = 3;
    public long DataSeed { get; init; } = 1;

    /// <summary>The trainer's defaults are the recipe's.</summary>
    public TrainOptions Train { get; init; } = new();

    public FeatureOptions Features { get; init; } = new();

    public static DefaultRecipe Default { get; } = new();

    /// <summary>The recipe as the equivalent pair of commands (for data cards and logs).</summary>
    public IEnumerable<string> Commands(string data, string output)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        yield return string.Create(inv, $"./wakeword data synth --phrase \"{Phrase}\" --count {Clips} --stream-hours {StreamHours} --seed {DataSeed} --out {data}");
        var t = Train;
        var d = new TrainOptions();
        var parts = new List<string> { $"./wakeword train --data {data} --out {output}" };
        void Opt<T>(string name, T value, T def) where T : IEquatable<T>
        {
            if (!value.Equals(def)) parts.Add(string.Create(inv, $"--{name} {value}"));
        }
        Opt("epochs", t.Epochs, d.Epochs);
        Opt("qat-epochs", t.QatEpochs, d.QatEpochs);
        Opt("seed", t.Seed, d.Seed);
        Opt("lr", t.LearningRate, d.LearningRate);
        Opt("patience", t.Patience, d.Patience);
        Opt("batch", t.BatchSize, d.BatchSize);
        Opt("hidden", t.Hidden, d.Hidden);
        Opt("conv1-filters", t.Conv1Filters, d.Conv1Filters);
        Opt("conv2-filters", t.Conv2Filters, d.Conv2Filters);
        Opt("dropout", t.SeqDropout, d.SeqDropout);
        Opt("fc-dropout", t.FcDropout, d.FcDropout);
        Opt("masks", t.TimeMasks, d.TimeMasks);
        Opt("confusable-weight", t.ConfusableWeight, d.ConfusableWeight);
        Opt("partial-rate", t.Windows.PartialRate, d.Windows.PartialRate);
        Opt("wake-cut", t.Windows.MaxWakeCut, d.Windows.MaxWakeCut);
        Opt("max-shift", t.MaxShiftFrames, d.MaxShiftFrames);
        if (t.Windows.UseSpans && !d.Windows.UseSpans) parts.Add("--spans");
        Opt("augment", Features.AugmentVariants, new FeatureOptions().AugmentVariants);
        yield return string.Join(' ', parts);
    }
}
