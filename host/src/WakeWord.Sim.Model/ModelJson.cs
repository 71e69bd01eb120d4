using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using WakeWord.Core;

namespace WakeWord.Sim.Model;

/// <summary>
/// model.json: the <see cref="QuantizedModel"/> as deterministic JSON (System.Text.Json, camelCase, fields in
/// declaration order, integer arrays on one line each, "\n" line ends). Same model, same bytes.
/// </summary>
public static class ModelJson
{
    /// <summary>File name of the model inside a package.</summary>
    public const string FileName = "model.json";

    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            NewLine = "\n",
            IndentSize = 1,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
        };
        o.Converters.Add(new OneLineArrayConverter<sbyte>((w, v) => w.Append(v.ToString(CultureInfo.InvariantCulture)), r => r.GetSByte()));
        o.Converters.Add(new OneLineArrayConverter<int>((w, v) => w.Append(v.ToString(CultureInfo.InvariantCulture)), r => r.GetInt32()));
        o.Converters.Add(new OneLineArrayConverter<long>((w, v) => w.Append(v.ToString(CultureInfo.InvariantCulture)), r => r.GetInt64()));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>The model as model.json text (ends with a newline).</summary>
    public static string Serialize(QuantizedModel model) => JsonSerializer.Serialize(model, Options) + "\n";

    /// <summary>Parses and validates model.json text; <paramref name="source"/> names the file in errors.</summary>
    public static QuantizedModel Deserialize(string json, string source = FileName)
    {
        QuantizedModel? m;
        try
        {
            m = JsonSerializer.Deserialize<QuantizedModel>(json, Options);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } p ? $" at {p}" : "";
            throw new WakeWordException($"{source}: invalid model JSON{where}: {FirstLine(e.Message)}", e);
        }
        if (m == null) throw new WakeWordException($"{source}: empty model JSON");
        ModelValidator.Validate(m, source);
        return m;
    }

    /// <summary>Writes model.json to <paramref name="path"/> (atomically).</summary>
    public static void Save(QuantizedModel model, string path)
    {
        var text = Serialize(model);
        AtomicOutput.WriteFile(path, tmp => File.WriteAllText(tmp, text, new UTF8Encoding(false)));
    }

    /// <summary>Reads and validates a model.json file.</summary>
    public static QuantizedModel Load(string path)
    {
        if (!File.Exists(path)) throw new WakeWordException($"{path}: model file not found");
        return Deserialize(File.ReadAllText(path), path);
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return i < 0 ? s : s[..i].TrimEnd();
    }

    /// <summary>Writes numeric arrays on one line (weights would otherwise take one line per value).</summary>
    private sealed class OneLineArrayConverter<T>(Action<StringBuilder, T> write, Func<Utf8JsonReader, T> read) : JsonConverter<T[]>
    {
        public override T[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected an array of {typeof(T).Name}");
            var list = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number) throw new JsonException($"expected a {typeof(T).Name} number");
                try
                {
                    list.Add(read(reader));
                }
                catch (FormatException)
                {
                    throw new JsonException($"number out of range for {typeof(T).Name}");
                }
            }
            return list.ToArray();
        }

        public override void Write(Utf8JsonWriter writer, T[] value, JsonSerializerOptions options)
        {
            var sb = new StringBuilder(value.Length * 4 + 2);
            sb.Append('[');
            for (var i = 0; i < value.Length; i++)
            {
                if (i > 0) sb.Append(',');
                write(sb, value[i]);
            }
            sb.Append(']');
            writer.WriteRawValue(sb.ToString(), skipInputValidation: true);
        }
    }
}
