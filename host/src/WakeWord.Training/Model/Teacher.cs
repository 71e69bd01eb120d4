using WakeWord.Core;
using WakeWord.Onnx;
using WakeWord.Training.Export;
using WakeWord.Training.Layers;

namespace WakeWord.Training.Model;

/// <summary>
/// A trained default-CRNN model (any size, from <c>wakeword train</c>) used as a distillation teacher: it scores the
/// student's training window, after mapping the student's normalized features back to front-end units and into
/// the teacher's own normalization, and gives its class probabilities softened by a temperature. Several teachers
/// are averaged (an ensemble). One workspace per trainer chunk, so chunks can ask at once.
/// </summary>
internal sealed class Teacher
{
    private readonly Crnn _model;
    private readonly float[] _parameters;
    private readonly float[] _scale;
    private readonly float[] _offset;
    private readonly CrnnWorkspace<float>[] _workspaces;
    private readonly float[][] _inputs;

    private Teacher(string path, CrnnShape shape, float[] parameters, float[] scale, float[] offset, int chunks)
    {
        Path = path;
        _model = new Crnn(shape);
        _parameters = parameters;
        _scale = scale;
        _offset = offset;
        _workspaces = new CrnnWorkspace<float>[chunks];
        for (var c = 0; c < chunks; c++) _workspaces[c] = new CrnnWorkspace<float>(shape);
        _inputs = new float[chunks][];
        for (var c = 0; c < chunks; c++) _inputs[c] = new float[shape.Frames * shape.Features];
    }

    public string Path { get; }

    public CrnnShape Shape => _model.Shape;

    /// <summary>
    /// Loads <paramref name="path"/> and checks it can teach a student of <paramref name="student"/>'s input and
    /// classes; <paramref name="mean"/>/<paramref name="std"/> are the student's feature normalization.
    /// </summary>
    public static Teacher Load(string path, CrnnShape student, IReadOnlyList<string> classes,
        IReadOnlyList<float> mean, IReadOnlyList<float> std, int chunks)
    {
        var m = CrnnExport.Read(path, $"--teacher {path}");
        var shape = CrnnExport.ReadShape(m, path);
        if (shape.Frames != student.Frames || shape.Features != student.Features)
            throw new WakeWordException($"--teacher {path}: input is {shape.Frames} x {shape.Features} features, the student's {student.Frames} x {student.Features}");
        var meta = CrnnExport.ReadMetadata(m.MetadataProps.ToDictionary(p => p.Key, p => p.Value), path, shape.Features);
        if (!meta.Classes.SequenceEqual(classes))
            throw new WakeWordException($"--teacher {path}: classes '{string.Join(',', meta.Classes)}' differ from the student's '{string.Join(',', classes)}'");
        var parameters = CrnnExport.LoadParameters(m, shape, path);
        var n = shape.Features;
        var scale = new float[n];
        var offset = new float[n];
        for (var i = 0; i < n; i++)
        {
            // student x = (f - mean) / std; teacher x = (f - tMean) / tStd = x * std / tStd + (mean - tMean) / tStd
            scale[i] = std[i] / meta.FeatureStd[i];
            offset[i] = (mean[i] - meta.FeatureMean[i]) / meta.FeatureStd[i];
        }
        return new Teacher(path, shape, parameters, scale, offset, chunks);
    }

    /// <summary>
    /// Adds this teacher's class probabilities at <paramref name="temperature"/> for the student window
    /// <paramref name="x"/> (student-normalized, [frames][features]) into <paramref name="into"/>.
    /// </summary>
    public void AddSoftTargets(ReadOnlySpan<float> x, int chunk, float temperature, Span<float> into)
    {
        var ws = _workspaces[chunk];
        var n = Shape.Features;
        var input = _inputs[chunk];
        for (var i = 0; i < x.Length; i++) input[i] = x[i] * _scale[i % n] + _offset[i % n];
        _model.Forward<float>(_parameters, input, ws, ForwardOptions.Inference);
        Span<float> soft = stackalloc float[ws.Logits.Length];
        SoftmaxCrossEntropy.Softmax<float>(ws.Logits, temperature, soft);
        for (var k = 0; k < soft.Length; k++) into[k] += soft[k];
    }
}
