namespace WakeWord.Datasets.Manifest;

/// <summary>
/// The closed sets of labels and splits a <c>manifest.csv</c> may use. See datasets/README.md.
/// </summary>
public static class DatasetLabels
{
    /// <summary>The wake phrase, spoken once, with at least some silence around it.</summary>
    public const string Wake = "wake";

    /// <summary>Any other speech: confusable phrases, other words, ordinary sentences.</summary>
    public const string Speech = "speech";

    /// <summary>No speech: noise, music, ambience, silence.</summary>
    public const string Background = "background";

    /// <summary>A long negative recording (minutes) for false-accept measurement; never holds the wake phrase.</summary>
    public const string Stream = "stream";

    public static readonly IReadOnlyList<string> All = [Wake, Speech, Background, Stream];

    public static bool IsKnown(string label) => label is Wake or Speech or Background or Stream;
}

/// <summary>Dataset splits. Every speaker belongs to exactly one split.</summary>
public static class DatasetSplits
{
    public const string Train = "train";
    public const string Val = "val";
    public const string Test = "test";

    public static readonly IReadOnlyList<string> All = [Train, Val, Test];

    public static bool IsKnown(string split) => split is Train or Val or Test;
}
