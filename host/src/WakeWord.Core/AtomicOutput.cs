namespace WakeWord.Core;

/// <summary>
/// Writes an output file or folder so that it appears whole or not at all: everything is written
/// under a temporary sibling name and renamed into place only after the writer succeeded.
/// </summary>
public static class AtomicOutput
{
    /// <summary>Runs <paramref name="write"/> on a temporary folder, then replaces <paramref name="dir"/> with it.</summary>
    public static void WriteDirectory(string dir, Action<string> write)
    {
        var full = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full) ?? throw new WakeWordException($"{dir}: no parent folder");
        Directory.CreateDirectory(parent);
        var tmp = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(tmp);
        try
        {
            write(tmp);
            string? old = null;
            if (Directory.Exists(full))
            {
                old = tmp + ".old";
                Directory.Move(full, old);
            }
            Directory.Move(tmp, full);
            if (old != null) Directory.Delete(old, recursive: true);
        }
        catch
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
            throw;
        }
    }

    /// <summary>Runs <paramref name="write"/> on a temporary file path, then renames it over <paramref name="path"/>.</summary>
    public static void WriteFile(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var tmp = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            write(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            if (File.Exists(tmp)) File.Delete(tmp);
            throw;
        }
    }
}
