using WakeWord.Training.Data;

namespace WakeWord.Training;

/// <summary>
/// How the shipped default model is made, end to end: the synthetic dataset (phrase, clip count, stream hours, seed)
/// and the training options. The training options are the trainer's defaults (<see cref="TrainOptions"/>,
/// <see cref="FeatureOptions"/>), so <c>wakeword train</c> without options trains the recipe.
/// <c>wakeword train-default</c> runs it; datasets/models/default/README.md records it.
/// </summary>
public sealed record DefaultRecipe
{
    public string Phrase { get; init; } = "hey nova";
    public int Clips { get; init; } = 10000;
    /// <summary>
    /// Hours of test streams. 12: with 3 h the 95 % interval of the FRR at 1 FA/h spanned 21 points over all
    /// streams and 38 over ordinary audio (<see cref="Eval.OperatingPointBootstrap"/>), wider than the differences
    /// between recipes; four times the streams about halve it. The first 3 h are the streams of a 3-hour run.
    /// </summary>
    public double StreamHours { get; init; } = 12;
    public long DataSeed { get; init; } = 1;

    public TrainOptions Train { get; } = new();

    /// <summary>
    /// Seeds of the teacher models: each is trained with <see cref="Train"/> and that seed, then the shipped model
    /// (seed <see cref="TrainOptions.Seed"/>) is distilled from their averaged softened probabilities. Empty = no teachers.
    /// </summary>
    public IReadOnlyList<int> TeacherSeeds { get; init; } = [1, 2, 3, 4, 5];

    public FeatureOptions Features { get; } = new();

    public static DefaultRecipe Default { get; } = new();

    /// <summary>The recipe as the equivalent pair of commands (for data cards and logs).</summary>
    public IEnumerable<string> Commands(string data, string output)
    {
        yield return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"./wakeword data synth --phrase \"{Phrase}\" --count {Clips} --stream-hours {StreamHours} --seed {DataSeed} --out {data}");
        foreach (var seed in TeacherSeeds)
            yield return $"./wakeword train --data {data} --out {TeacherDir(output, seed)} --seed {seed}";
        yield return $"./wakeword train --data {data} --out {output}" +
            string.Concat(TeacherSeeds.Select(seed => $" --teacher {Path.Combine(TeacherDir(output, seed), "crnn.onnx")}"));
    }

    /// <summary>Where <c>train-default</c> trains the teacher of <paramref name="seed"/>: next to the model folder.</summary>
    public static string TeacherDir(string modelDir, int seed) =>
        Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(modelDir)) ?? ".", $"teacher-seed{seed}");
}
