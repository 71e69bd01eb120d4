namespace WakeWord.Core;

/// <summary>Locates the repository (firmware sources, default model, sample audio) from any working directory.</summary>
public static class RepoPaths
{
    private static string? _root;

    /// <summary>
    /// The repository root: $WAKEWORD_ROOT if set, else the first ancestor of the current directory or of
    /// this assembly that holds WakeWord.sln.
    /// </summary>
    public static string Root => _root ??= Find();

    public static string Firmware => Path.Combine(Root, "firmware");
    public static string Cmake => Path.Combine(Root, "cmake");
    public static string Datasets => Path.Combine(Root, "datasets");

    /// <summary>The bundled sample recordings, datasets/samples/*.wav in ordinal order (empty when the folder is missing).</summary>
    public static IReadOnlyList<string> SampleWavs()
    {
        var dir = Path.Combine(Datasets, "samples");
        return Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.wav").Order(StringComparer.Ordinal).ToList() : [];
    }

    /// <summary>
    /// Build output root: artifacts/ (or artifacts-$WW_SLOT/ when parallel builds must not share a tree).
    /// </summary>
    public static string Artifacts
    {
        get
        {
            var slot = Environment.GetEnvironmentVariable("WW_SLOT");
            return Path.Combine(Root, string.IsNullOrEmpty(slot) ? "artifacts" : $"artifacts-{slot}");
        }
    }

    /// <summary>A scratch folder for C builds and test runs, created on demand: artifacts/work/&lt;name&gt;.</summary>
    public static string WorkDir(string name)
    {
        var d = Path.Combine(Artifacts, "work", name);
        Directory.CreateDirectory(d);
        return d;
    }

    private static string Find()
    {
        var env = Environment.GetEnvironmentVariable("WAKEWORD_ROOT");
        if (!string.IsNullOrEmpty(env)) return Path.GetFullPath(env);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "WakeWord.sln"))) return d.FullName;
        }
        throw new WakeWordException("cannot find the WakeWord repository (no WakeWord.sln above the current folder); set WAKEWORD_ROOT");
    }
}
