using System.Globalization;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Synthesis;

/// <summary>A finished file as recorded in the state file.</summary>
public sealed record StateRecord(string Path, string KeyHash, long Size, string Sha256);

/// <summary>
/// The resume state of a synthetic run: <c>.synth/state.tsv</c>, one line per finished file (path, hash of
/// its spec, size, SHA-256), appended and flushed as each file lands. A file counts as done only if its spec
/// hash matches the plan and its size and SHA-256 match the record.
/// </summary>
public sealed class SynthState : IDisposable
{
    private readonly Dictionary<string, StateRecord> _records = new(StringComparer.Ordinal);
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    public SynthState(string file)
    {
        if (File.Exists(file))
            foreach (var line in File.ReadLines(file))
            {
                var f = line.Split('\t');
                if (f.Length == 4 && long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                    _records[f[0]] = new StateRecord(f[0], f[1], size, f[3]);
            }
        _writer = new StreamWriter(file, append: true) { AutoFlush = true };
    }

    public IReadOnlyCollection<StateRecord> Records => _records.Values;

    public static string KeyHash(string key) => StableHash.Of(key).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>True if <paramref name="path"/> (under <paramref name="root"/>) is finished for <paramref name="key"/>.</summary>
    public bool IsDone(string root, string path, string key)
    {
        StateRecord? r;
        lock (_lock) _records.TryGetValue(path, out r);
        if (r == null || r.KeyHash != KeyHash(key)) return false;
        var full = System.IO.Path.Combine(root, path);
        var fi = new FileInfo(full);
        return fi.Exists && fi.Length == r.Size && StableHash.FileSha256(full) == r.Sha256;
    }

    public void Done(string path, string key, long size, string sha)
    {
        lock (_lock)
        {
            var r = new StateRecord(path, KeyHash(key), size, sha);
            _records[path] = r;
            _writer.WriteLine($"{r.Path}\t{r.KeyHash}\t{r.Size.ToString(CultureInfo.InvariantCulture)}\t{r.Sha256}");
        }
    }

    public void Forget(string path)
    {
        lock (_lock) _records.Remove(path);
    }

    public void Dispose() => _writer.Dispose();
}
