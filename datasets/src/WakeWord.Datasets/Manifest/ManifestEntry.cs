namespace WakeWord.Datasets.Manifest;

/// <summary>
/// One row of <c>manifest.csv</c>.
/// </summary>
/// <param name="Path">WAV path relative to the dataset folder, with '/' separators.</param>
/// <param name="Label">One of <see cref="DatasetLabels.All"/>.</param>
/// <param name="Split">One of <see cref="DatasetSplits.All"/>.</param>
/// <param name="Speaker">Voice or speaker id; one speaker never spans two splits.</param>
/// <param name="Source">Where the audio came from (engine and text kind, recording, importer).</param>
public sealed record ManifestEntry(string Path, string Label, string Split, string Speaker, string Source);

/// <summary>A problem found while reading a manifest: file, 1-based line and the column (field name) at fault.</summary>
public sealed record ManifestProblem(string File, int Line, string Column, string Message)
{
    /// <summary>One line: text echoed from the manifest is escaped (<see cref="WakeWord.Core.Printable"/>).</summary>
    public override string ToString() => WakeWord.Core.Printable.Escape($"{File}:{Line}: column '{Column}': {Message}");
}
