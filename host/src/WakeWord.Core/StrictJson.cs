using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace WakeWord.Core;

/// <summary>
/// Strict JSON for the config records (frontend.json, runtime.json): camelCase names, indented text ending in a
/// newline, every field optional (a missing one keeps the record's default) but an unknown one refused. Errors are
/// one-line <see cref="WakeWordException"/>s starting with the file's name; an unknown field is named with its path
/// (<c>cost.fooBar</c>). Saving is atomic (<see cref="AtomicOutput.WriteFile"/>).
/// </summary>
public static class StrictJson
{
    /// <summary>The options every strict config uses (also the backstop: unmapped members are refused).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>The value as JSON text with a final newline.</summary>
    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";

    /// <summary>Parses <paramref name="json"/>; <paramref name="source"/> names the file in errors. Does not validate ranges.</summary>
    public static T FromJson<T>(string json, string source) where T : class
    {
        T? value;
        try
        {
            using (var doc = JsonDocument.Parse(json))
                CheckFields(doc.RootElement, Options.GetTypeInfo(typeof(T)), "", source);
            value = JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException e)
        {
            throw new WakeWordException($"{source}: {OneLine(e.Message)}", e);
        }
        return value ?? throw new WakeWordException($"{source}: empty");
    }

    /// <summary>Writes the value's JSON to <paramref name="path"/> atomically (whole or not at all).</summary>
    public static void Save<T>(string path, T value)
    {
        var text = ToJson(value);
        AtomicOutput.WriteFile(path, tmp => File.WriteAllText(tmp, text));
    }

    /// <summary>Reads and parses <paramref name="path"/>, named in every error.</summary>
    public static T Load<T>(string path) where T : class
    {
        if (!File.Exists(path)) throw new WakeWordException($"{path}: not found");
        return FromJson<T>(File.ReadAllText(path), path);
    }

    /// <summary>Refuses the first property of <paramref name="e"/> (and of nested objects) the type does not have.</summary>
    private static void CheckFields(JsonElement e, JsonTypeInfo info, string prefix, string source)
    {
        if (e.ValueKind != JsonValueKind.Object || info.Kind != JsonTypeInfoKind.Object) return;
        foreach (var p in e.EnumerateObject())
        {
            JsonPropertyInfo? known = null;
            foreach (var candidate in info.Properties)
            {
                if (candidate.Name == p.Name)
                {
                    known = candidate;
                    break;
                }
            }
            var path = prefix + p.Name;
            if (known == null)
                throw new WakeWordException($"{source}: unknown field \"{Printable.Escape(path)}\"");
            CheckFields(p.Value, Options.GetTypeInfo(known.PropertyType), path + ".", source);
        }
    }

    private static string OneLine(string s) => s.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
