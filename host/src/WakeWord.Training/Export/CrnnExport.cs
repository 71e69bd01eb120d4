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
    public static float[] LoadParameters(string path, CrnnShape shape) => LoadParameters(Read(path, path), shape, path);

    /// <summary>As <see cref="LoadParameters(string, CrnnShape)"/> on an already parsed model read from <paramref name="path"/>.</summary>
    public static float[] LoadParameters(ModelProto m, CrnnShape shape, string path)
    {
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

    /// <summary>Parses the ONNX file at <paramref name="path"/>; errors start with <paramref name="what"/>.</summary>
    public static ModelProto Read(string path, string what)
    {
        if (!File.Exists(path)) throw new WakeWordException($"{what}: file not found");
        try
        {
            return ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new WakeWordException($"{what}: not an ONNX model ({e.Message})");
        }
    }

    /// <summary>
    /// The sizes of a model written by <see cref="CrnnOnnxBuilder"/>: input [1,1,frames,features], filters from the conv
    /// weights, hidden units from lstm.R, classes from fc.weight, strides from the Conv nodes. Names what is missing.
    /// </summary>
    public static CrnnShape ReadShape(ModelProto m, string path)
    {
        long[] Dims(string name) => m.Graph.Initializer.FirstOrDefault(t => t.Name == name)?.Dims.ToArray()
            ?? throw new WakeWordException($"{path}: initializer '{name}' not found (not a default-CRNN model)");
        (int, int) Stride(string node)
        {
            var n = m.Graph.Node.FirstOrDefault(x => x.Name == node && x.OpType == "Conv")
                ?? throw new WakeWordException($"{path}: Conv node '{node}' not found (not a default-CRNN model)");
            var a = n.Attribute.FirstOrDefault(x => x.Name == "strides");
            return a == null ? (1, 1) : a.Ints.Count == 2 ? ((int)a.Ints[0], (int)a.Ints[1])
                : throw new WakeWordException($"{path}: node '{node}' attribute 'strides' needs 2 values");
        }
        var input = m.Graph.Input.FirstOrDefault(i => i.Name == CrnnOnnxBuilder.InputName)
            ?? throw new WakeWordException($"{path}: graph input '{CrnnOnnxBuilder.InputName}' not found");
        var dims = input.Type?.TensorType?.Shape?.Dim.Select(d => d.DimValue).ToArray() ?? [];
        if (dims.Length != 4) throw new WakeWordException($"{path}: input '{input.Name}' must have 4 dimensions [1,1,frames,features]");
        var conv1 = Dims("conv1.weight");
        var conv2 = Dims("conv2.weight");
        var r = Dims("lstm.R");
        var fc = Dims("fc.weight");
        if (conv1.Length != 4 || conv2.Length != 4 || r.Length != 3 || fc.Length != 2)
            throw new WakeWordException($"{path}: conv1.weight, conv2.weight, lstm.R or fc.weight has an unexpected rank");
        return new CrnnShape(Frames: (int)dims[2], Features: (int)dims[3], Conv1Filters: (int)conv1[0], Conv2Filters: (int)conv2[0],
            Hidden: (int)r[2], Classes: (int)fc[0])
        {
            Conv1Stride = Stride("conv1"), Conv2Stride = Stride("conv2"),
            WindowMean = WindowMean(m, path),
        };
    }

    /// <summary>
    /// True when conv1 reads the input minus its mean over the frames (the builder's "window_mean" ReduceMean
    /// and "center" Sub); any other node between the input and conv1 is not a default-CRNN model.
    /// </summary>
    private static bool WindowMean(ModelProto m, string path)
    {
        var conv1 = m.Graph.Node.First(x => x.Name == "conv1" && x.OpType == "Conv");
        if (conv1.Input.Count > 0 && conv1.Input[0] == CrnnOnnxBuilder.InputName) return false;
        var center = m.Graph.Node.FirstOrDefault(x => x.OpType == "Sub" && x.Output.Count == 1 && conv1.Input.Count > 0 && x.Output[0] == conv1.Input[0]);
        var mean = center == null || center.Input.Count != 2 ? null
            : m.Graph.Node.FirstOrDefault(x => x.OpType == "ReduceMean" && x.Output.Count == 1 && x.Output[0] == center.Input[1]);
        var axes = mean?.Attribute.FirstOrDefault(a => a.Name == "axes");
        var keep = mean?.Attribute.FirstOrDefault(a => a.Name == "keepdims");
        if (center == null || mean == null || center.Input[0] != CrnnOnnxBuilder.InputName || mean.Input.Count != 1 || mean.Input[0] != CrnnOnnxBuilder.InputName
            || axes == null || axes.Ints.Count != 1 || axes.Ints[0] != 2 || (keep != null && keep.I != 1))
            throw new WakeWordException($"{path}: node 'conv1' reads '{(conv1.Input.Count > 0 ? conv1.Input[0] : "")}', which is neither the input '{CrnnOnnxBuilder.InputName}' nor the input minus its mean over the frames (not a default-CRNN model)");
        return true;
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
