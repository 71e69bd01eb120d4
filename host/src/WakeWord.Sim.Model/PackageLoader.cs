using System.Security.Cryptography;
using System.Text.Json;
using WakeWord.Core;

namespace WakeWord.Sim.Model;

/// <summary>A firmware package as the simulator sees it: the model plus the raw configs stored next to it.</summary>
public sealed record ModelPackage
{
    /// <summary>Full path of the package folder.</summary>
    public required string Directory { get; init; }
    public required QuantizedModel Model { get; init; }
    /// <summary>frontend.json text (parse with WakeWord.Sim.Frontend.FrontendConfig.FromJson), or null.</summary>
    public string? FrontendJson { get; init; }
    /// <summary>runtime.json text (parse with the runtime's RuntimeConfig), or null.</summary>
    public string? RuntimeJson { get; init; }
    /// <summary>Target the package was generated for, from manifest.json.</summary>
    public required string Target { get; init; }

    /// <summary>Path of a file inside the package.</summary>
    public string PathOf(string file) => Path.Combine(Directory, file);
}

/// <summary>
/// Loads a package written by <c>wakeword generate</c>: checks every file against manifest.json (size and
/// SHA-256, so a hand-edited or truncated package is refused naming the file) and reads model.json.
/// </summary>
public static class PackageLoader
{
    public const string ManifestFile = "manifest.json";

    public static ModelPackage Load(string dir)
    {
        var full = Path.GetFullPath(dir);
        if (!System.IO.Directory.Exists(full)) throw new WakeWordException($"{dir}: package folder not found");
        var manifestPath = Path.Combine(full, ManifestFile);
        if (!File.Exists(manifestPath)) throw new WakeWordException($"{manifestPath}: missing (is {dir} a package written by wakeword generate?)");
        string target;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
            var root = doc.RootElement;
            target = root.GetProperty("target").GetString() ?? "";
            foreach (var f in root.GetProperty("files").EnumerateArray())
            {
                var name = f.GetProperty("name").GetString() ?? throw new WakeWordException($"{manifestPath}: a file entry has no name");
                if (name.Contains('/') || name.Contains('\\') || name.StartsWith('.'))
                    throw new WakeWordException($"{manifestPath}: file name {name} is not a plain file name");
                var path = Path.Combine(full, name);
                if (!File.Exists(path)) throw new WakeWordException($"{path}: listed in manifest.json but missing");
                var bytes = File.ReadAllBytes(path);
                if (bytes.Length != f.GetProperty("bytes").GetInt64())
                    throw new WakeWordException($"{path}: {bytes.Length} bytes, manifest.json says {f.GetProperty("bytes").GetInt64()} (edited or truncated?)");
                var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (!string.Equals(hash, f.GetProperty("sha256").GetString(), StringComparison.Ordinal))
                    throw new WakeWordException($"{path}: SHA-256 differs from manifest.json (edited after generation?)");
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new WakeWordException($"{manifestPath}: malformed manifest ({e.Message.Split('\n')[0]})", e);
        }
        var model = ModelJson.Load(Path.Combine(full, ModelJson.FileName));
        string? Read(string name)
        {
            var p = Path.Combine(full, name);
            return File.Exists(p) ? File.ReadAllText(p) : null;
        }
        return new ModelPackage
        {
            Directory = full,
            Model = model,
            FrontendJson = Read("frontend.json"),
            RuntimeJson = Read("runtime.json"),
            Target = target,
        };
    }
}
