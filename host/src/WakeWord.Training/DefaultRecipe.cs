using System.Globalization;
using WakeWord.Datasets.Synthesis;
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

    /// <summary>
    /// Hours of training-split streams (<c>data synth --train-stream-hours</c>): continuous negative audio of the
    /// training voices, recordings and noise, from which the shipped model draws <see cref="TrainOptions.StreamWindows"/>
    /// random windows per epoch (docs/training.md, "Training-stream windows in the student"). The teachers do not
    /// (<see cref="TeacherStreamWindows"/>).
    /// </summary>
    public double TrainStreamHours { get; init; } = 3;

    /// <summary>
    /// Engines of the train-only extra voices (<c>data synth --extra-voices --extra-voice-engines</c>,
    /// <see cref="VoiceCatalog.ExtraVoices"/>); empty = none.
    /// </summary>
    public IReadOnlyList<string> ExtraVoiceEngines { get; init; } = [];

    /// <summary><see cref="SynthOptions.ExtraVoiceShare"/> when there are <see cref="ExtraVoiceEngines"/>.</summary>
    public double ExtraVoiceShare { get; init; } = new SynthOptions("", "").ExtraVoiceShare;

    /// <summary><see cref="SynthOptions.ExtraVoicesKeepEspeak"/> when there are <see cref="ExtraVoiceEngines"/>.</summary>
    public bool ExtraVoicesKeepEspeak { get; init; }

    /// <summary>The synthesis of the recipe's data into <paramref name="data"/> with <paramref name="jobs"/> jobs,
    /// test streams included (<c>train-default</c> defers them with <see cref="SynthOptions.DeferTestStreams"/>).</summary>
    public SynthOptions Synth(string data, int jobs) =>
        new(Phrase, data, Clips, DataSeed, StreamHours, jobs, TrainStreamHours: TrainStreamHours,
            ExtraVoices: ExtraVoiceEngines.Count > 0, ExtraVoiceShare: ExtraVoiceShare,
            ExtraVoiceEngines: ExtraVoiceEngines.Count > 0 ? ExtraVoiceEngines : null, ExtraVoicesKeepEspeak: ExtraVoicesKeepEspeak);

    /// <summary><see cref="TrainOptions.StreamWindows"/> of the teachers: none, they learn from the clips alone.</summary>
    public int TeacherStreamWindows { get; init; } = 0;

    public TrainOptions Train { get; } = new();

    /// <summary>
    /// The teacher models, in the order their probabilities are averaged: each is trained with <see cref="Train"/>,
    /// its seed and its cepstral coefficients, then the shipped model (seed <see cref="TrainOptions.Seed"/>,
    /// <see cref="Features"/>) is distilled from them. Five seeds twice: with the model's 13 coefficients and with all
    /// 23 (the ten together measured ahead of either five, docs/training.md). Empty = no teachers.
    /// </summary>
    public IReadOnlyList<RecipeTeacher> Teachers { get; init; } =
        [.. new[] { 1, 2, 3, 4, 5 }.SelectMany(seed => new[] { new RecipeTeacher(seed, AllCoefficients), new RecipeTeacher(seed, new FeatureOptions().Coefficients) })];

    /// <summary><see cref="FeatureOptions.Coefficients"/> for all of them.</summary>
    public const int AllCoefficients = 0;

    public FeatureOptions Features { get; } = new();

    public static DefaultRecipe Default { get; } = new();

    /// <summary>
    /// The recipe as the equivalent commands (for data cards and logs): the training data (the test streams deferred,
    /// as <c>train-default</c> does), the teachers, the model, then the same synthesis again, which adds the test
    /// streams the evaluation needs (the model does not depend on them).
    /// </summary>
    public IEnumerable<string> Commands(string data, string output)
    {
        var inv = CultureInfo.InvariantCulture;
        var synth = string.Create(inv,
            $"./wakeword data synth --phrase \"{Phrase}\" --count {Clips} --stream-hours {StreamHours} --train-stream-hours {TrainStreamHours} --seed {DataSeed} --out {data}");
        if (ExtraVoiceEngines.Count > 0)
            synth += string.Create(inv, $" --extra-voices --extra-voice-engines {string.Join(',', ExtraVoiceEngines)} --extra-voice-share {ExtraVoiceShare}") +
                     (ExtraVoicesKeepEspeak ? " --extra-voices-keep-espeak" : "");
        yield return synth + " --defer-test-streams";
        foreach (var t in Teachers)
            yield return $"./wakeword train --data {data} --out {TeacherDir(output, t)} --seed {t.Seed}" +
                         (t.Coefficients == Features.Coefficients ? "" : $" --coefficients {t.Coefficients}") +
                         (TeacherStreamWindows == Train.StreamWindows ? "" : $" --stream-windows {TeacherStreamWindows}");
        yield return $"./wakeword train --data {data} --out {output}" +
            string.Concat(Teachers.Select(t => $" --teacher {Path.Combine(TeacherDir(output, t), "crnn.onnx")}"));
        yield return synth;
    }

    /// <summary>
    /// Where <c>train-default</c> trains <paramref name="teacher"/>: next to the model folder, <c>teacher-seedN</c> for
    /// the model's coefficients, <c>teacher-all-seedN</c> for all 23, <c>teacher-cK-seedN</c> for K others.
    /// </summary>
    public string TeacherDir(string modelDir, RecipeTeacher teacher)
    {
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(modelDir)) ?? ".";
        if (teacher.Coefficients == Features.Coefficients) return Path.Combine(parent, $"teacher-seed{teacher.Seed}");
        var k = teacher.Coefficients == AllCoefficients ? "all" : $"c{teacher.Coefficients}";
        return Path.Combine(parent, $"teacher-{k}-seed{teacher.Seed}");
    }
}

/// <summary>A teacher of <see cref="DefaultRecipe"/>: its training seed and <see cref="FeatureOptions.Coefficients"/>.</summary>
public sealed record RecipeTeacher(int Seed, int Coefficients);
