using WakeWord.Core;

namespace WakeWord.Datasets.Tests;

/// <summary>A fresh scratch folder under the build's work folder, removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir(string name)
    {
        Path = System.IO.Path.Combine(RepoPaths.WorkDir("datasets-tests"), $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string rel] => System.IO.Path.Combine(Path, rel);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
