using System.Globalization;
using WakeWord.Core;
using WakeWord.Onnx;
using WakeWord.Onnx.Proto;
using WakeWord.Training.Model;

namespace WakeWord.Training.Export;

/// <summary>
/// Writes trained parameters as the default CRNN's float ONNX model (through <see cref="CrnnOnnxBuilder"/>, the
/// same graph codegen imports) and reads them back from a model of that graph.
/// </summary>
internal static class CrnnExport
{
    public static ModelProto Build(CrnnShape shape, float[] parameters, CrnnMetadata meta) =>
        CrnnOnnxBuilder.Build(shape, new CrnnLayout(shape).Unpack(parameters), meta);

    /// <summary>Writes the model atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, CrnnShape shape, float[] parameters, CrnnMetadata meta) =>
        OnnxModelBuilder.Save(Build(shape, parameters, meta), path);

    /// <summary>Reads the flat parameters of a model written by <see cref="CrnnOnnxBuilder"/>; names the missing initializer.</summary>
    public static float[] LoadParameters(string path, CrnnShape shape)
    {
        if (!File.Exists(path)) throw new WakeWordException($"{path}: model not found");
        ModelProto m;
        try
        {
            m = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new WakeWordException($"{path}: not an ONNX model ({e.Message})");
        }
        var layout = new CrnnLayout(shape);
        var p = new float[layout.Count];
        foreach (var slice in layout.Slices)
        {
            var init = m.Graph.Initializer.FirstOrDefault(t => t.Name == slice.Name)
                ?? throw new WakeWordException($"{path}: initializer '{slice.Name}' not found (not a default-CRNN model)");
            var values = FloatData(init, path);
            if (values.Length != slice.Length)
                throw new WakeWordException($"{path}: initializer '{slice.Name}' has {values.Length} values, expected {slice.Length}");
            values.CopyTo(p, slice.Offset);
        }
        return p;
    }

    /// <summary>Reads the wakeword.* metadata of a model; names the missing or malformed key.</summary>
    public static CrnnMetadata ReadMetadata(IReadOnlyDictionary<string, string> props, string path, int features = 24)
    {
        string Get(string key) => props.TryGetValue(key, out var v) ? v
            : throw new WakeWordException($"{path}: metadata '{key}' missing");
        float[] Floats(string key)
        {
            var parts = Get(key).Split(',');
            if (parts.Length != features) throw new WakeWordException($"{path}: metadata '{key}' has {parts.Length} values, expected {features}");
            var r = new float[features];
            for (var i = 0; i < features; i++)
                if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out r[i]))
                    throw new WakeWordException($"{path}: metadata '{key}' value {i} '{parts[i]}' is not a number");
            return r;
        }
        var classes = props.TryGetValue(CrnnMetadata.ClassesKey, out var c) ? c.Split(',') : CrnnMetadata.DefaultClasses;
        props.TryGetValue(CrnnMetadata.PhraseKey, out var phrase);
        props.TryGetValue(CrnnMetadata.FrontendKey, out var fe);
        return new CrnnMetadata(phrase ?? "", Floats(CrnnMetadata.MeanKey), Floats(CrnnMetadata.StdKey), classes, fe);
    }

    public static CrnnMetadata ReadMetadata(string path)
    {
        var m = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        return ReadMetadata(m.MetadataProps.ToDictionary(p => p.Key, p => p.Value), path);
    }

    private static float[] FloatData(TensorProto t, string path)
    {
        if (t.DataType != (int)TensorProto.Types.DataType.Float)
            throw new WakeWordException($"{path}: initializer '{t.Name}' is not float");
        if (t.FloatData.Count > 0) return t.FloatData.ToArray();
        var raw = t.RawData.Span;
        var r = new float[raw.Length / 4];
        for (var i = 0; i < r.Length; i++) r[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(4 * i));
        return r;
    }
}
