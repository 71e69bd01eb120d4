using System.Globalization;
using WakeWord.Core;
using WakeWord.Onnx.Proto;

namespace WakeWord.Onnx;

/// <summary>
/// Sizes of the default CRNN (the defaults are the shipped "seed" shape). Both convs are 3x3 with padding 1;
/// their strides are (rows = frames, columns = features). The LSTM runs over conv2's rows.
/// </summary>
public sealed record CrnnShape(int Frames = 98, int Features = 24, int Conv1Filters = 8, int Conv2Filters = 16,
    int Hidden = 32, int Classes = 3)
{
    /// <summary>Conv1 stride (rows, columns).</summary>
    public (int H, int W) Conv1Stride { get; init; } = (2, 2);

    /// <summary>Conv2 stride (rows, columns).</summary>
    public (int H, int W) Conv2Stride { get; init; } = (2, 2);

    /// <summary>
    /// Per-window mean normalization: each feature loses its mean over the window's frames before conv1
    /// (ONNX nodes "window_mean" ReduceMean over the frame axis and "center" Sub), so the model sees the shape of
    /// the cepstrum in time, not its absolute level or a fixed channel colouring.
    /// </summary>
    public bool WindowMean { get; init; }

    /// <summary>Conv1 output [rows, columns].</summary>
    public (int H, int W) Conv1Out => (OutSize(Frames, Conv1Stride.H), OutSize(Features, Conv1Stride.W));

    /// <summary>Conv2 output [rows, columns].</summary>
    public (int H, int W) Conv2Out => (OutSize(Conv1Out.H, Conv2Stride.H), OutSize(Conv1Out.W, Conv2Stride.W));

    public int LstmSteps => Conv2Out.H;
    public int LstmInput => Conv2Filters * Conv2Out.W;

    private static int OutSize(int n, int stride) => (n + 2 - 3) / stride + 1;
}

/// <summary>
/// Float weights of the default CRNN, in ONNX layouts: conv OIHW, LSTM W [2][4H][I], R [2][4H][H], B [2][8H]
/// (gate order i, o, f, c; direction 0 forward, 1 backward; LSTM input index = channel * Conv2Out.W + w),
/// FC [classes][2H] (transB form).
/// </summary>
public sealed record CrnnWeights(float[] Conv1W, float[] Conv1B, float[] Conv2W, float[] Conv2B,
    float[] LstmW, float[] LstmR, float[] LstmB, float[] FcW, float[] FcB)
{
    /// <summary>Seeded He-normal weights (std sqrt(2 / fan_in)), zero biases except forget gates at 1.</summary>
    public static CrnnWeights RandomHe(CrnnShape s, int seed)
    {
        var rng = new Random(seed);
        float[] He(int count, int fanIn)
        {
            var a = new float[count];
            var std = Math.Sqrt(2.0 / fanIn);
            for (var i = 0; i < count; i++)
            {
                // Box-Muller on the seeded generator: reproducible across platforms.
                var u1 = 1.0 - rng.NextDouble();
                var u2 = rng.NextDouble();
                a[i] = (float)(std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
            return a;
        }
        var h = s.Hidden;
        var b = new float[2 * 8 * h];
        for (var d = 0; d < 2; d++)
            for (var j = 0; j < h; j++) b[d * 8 * h + 2 * h + j] = 1f; // Wb of the forget gate (order i, o, f, c)
        return new CrnnWeights(
            He(s.Conv1Filters * 9, 9), new float[s.Conv1Filters],
            He(s.Conv2Filters * s.Conv1Filters * 9, s.Conv1Filters * 9), new float[s.Conv2Filters],
            He(2 * 4 * h * s.LstmInput, s.LstmInput), He(2 * 4 * h * h, h), b,
            He(s.Classes * 2 * h, 2 * h), new float[s.Classes]);
    }
}

/// <summary>Model facts stored as ONNX metadata_props (the contract with trainer, codegen and firmware).</summary>
public sealed record CrnnMetadata(string Phrase, IReadOnlyList<float> FeatureMean, IReadOnlyList<float> FeatureStd,
    IReadOnlyList<string> Classes, string? FrontendJson = null)
{
    public const string ClassesKey = "wakeword.classes";
    public const string PhraseKey = "wakeword.phrase";
    public const string MeanKey = "wakeword.feature_mean";
    public const string StdKey = "wakeword.feature_std";
    public const string FrontendKey = "wakeword.frontend";

    public static readonly string[] DefaultClasses = ["wake", "speech", "background"];

    /// <summary>
    /// Plausible normalization for untrained models: per-coefficient mean/std in int16 feature LSBs, measured once on
    /// espeak-ng speech through the default front end (Q7 features); other feature counts get a generic decay.
    /// </summary>
    public static CrnnMetadata Plausible(string phrase, int features = 24)
    {
        float[] speechMean = [14340, 1100, 154, 584, -343, -292, 23, -377, 83, -88, 85, -52, -69, -15, 33, -152, 45, -13, -63, 11, 28, 13, -23, 2410];
        float[] speechStd = [2805, 1161, 625, 753, 561, 576, 575, 490, 420, 337, 309, 316, 270, 251, 274, 214, 244, 173, 168, 164, 144, 140, 118, 504];
        if (features == speechMean.Length) return new CrnnMetadata(phrase, speechMean, speechStd, DefaultClasses);
        var mean = new float[features];
        var std = new float[features];
        for (var c = 0; c < features; c++)
        {
            mean[c] = c == 0 ? 14000f : 400f / (c + 1) * ((c & 1) == 0 ? 1 : -1);
            std[c] = c == 0 ? 2800f : 1200f / (1f + c / 3f);
        }
        return new CrnnMetadata(phrase, mean, std, DefaultClasses);
    }

    public static string FormatFloats(IEnumerable<float> v) =>
        string.Join(",", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
}

/// <summary>
/// Writes the default CRNN as ONNX: features [1,1,F,C] → (with <see cref="CrnnShape.WindowMean"/>: minus their
/// mean over the F frames) → conv1 3x3 + ReLU → conv2 3x3 + ReLU (strides from the shape) →
/// Transpose [2,0,1,3] → Reshape [T,1,C2*W] → bidirectional LSTM → Y_h → Transpose [1,0,2] → Reshape [1,2H] →
/// Gemm "fc" → Softmax "probs". The trainer exports through this same builder.
/// </summary>
public static class CrnnOnnxBuilder
{
    public const string InputName = "features";
    public const string OutputName = "probs";
    /// <summary>Name of the ReduceMean node of <see cref="CrnnShape.WindowMean"/> models.</summary>
    public const string WindowMeanNode = "window_mean";

    public static ModelProto Build(CrnnShape s, CrnnWeights w, CrnnMetadata meta)
    {
        Check(w.Conv1W, s.Conv1Filters * 9, "Conv1W"); Check(w.Conv1B, s.Conv1Filters, "Conv1B");
        Check(w.Conv2W, s.Conv2Filters * s.Conv1Filters * 9, "Conv2W"); Check(w.Conv2B, s.Conv2Filters, "Conv2B");
        Check(w.LstmW, 8 * s.Hidden * s.LstmInput, "LstmW"); Check(w.LstmR, 8 * s.Hidden * s.Hidden, "LstmR");
        Check(w.LstmB, 16 * s.Hidden, "LstmB"); Check(w.FcW, s.Classes * 2 * s.Hidden, "FcW"); Check(w.FcB, s.Classes, "FcB");
        if (meta.FeatureMean.Count != s.Features || meta.FeatureStd.Count != s.Features)
            throw new WakeWordException($"CRNN metadata: feature_mean/std need {s.Features} values");
        if (meta.Classes.Count != s.Classes)
            throw new WakeWordException($"CRNN metadata: {meta.Classes.Count} class names for {s.Classes} classes");

        var b = new OnnxModelBuilder("wakeword_crnn");
        var t = s.LstmSteps;
        b.Input(InputName, 1, 1, s.Frames, s.Features);
        b.Initializer("conv1.weight", w.Conv1W, s.Conv1Filters, 1, 3, 3);
        b.Initializer("conv1.bias", w.Conv1B, s.Conv1Filters);
        b.Initializer("conv2.weight", w.Conv2W, s.Conv2Filters, s.Conv1Filters, 3, 3);
        b.Initializer("conv2.bias", w.Conv2B, s.Conv2Filters);
        b.Initializer("lstm.W", w.LstmW, 2, 4 * s.Hidden, s.LstmInput);
        b.Initializer("lstm.R", w.LstmR, 2, 4 * s.Hidden, s.Hidden);
        b.Initializer("lstm.B", w.LstmB, 2, 8 * s.Hidden);
        b.Initializer("fc.weight", w.FcW, s.Classes, 2 * s.Hidden);
        b.Initializer("fc.bias", w.FcB, s.Classes);
        b.InitializerInt64("seq_shape", [t, 1, s.LstmInput], 3);
        b.InitializerInt64("fc_in_shape", [1, 2 * s.Hidden], 2);

        var k = OnnxModelBuilder.Attr("kernel_shape", 3L, 3L);
        var p = OnnxModelBuilder.Attr("pads", 1L, 1L, 1L, 1L);
        var conv1In = InputName;
        if (s.WindowMean)
        {
            b.Node("ReduceMean", WindowMeanNode, [InputName], ["features_mean"], OnnxModelBuilder.Attr("axes", [2L]), OnnxModelBuilder.Attr("keepdims", 1L));
            b.Node("Sub", "center", [InputName, "features_mean"], ["features_centered"]);
            conv1In = "features_centered";
        }
        b.Node("Conv", "conv1", [conv1In, "conv1.weight", "conv1.bias"], ["conv1_out"], k, p, OnnxModelBuilder.Attr("strides", (long)s.Conv1Stride.H, s.Conv1Stride.W));
        b.Node("Relu", "relu1", ["conv1_out"], ["relu1_out"]);
        b.Node("Conv", "conv2", ["relu1_out", "conv2.weight", "conv2.bias"], ["conv2_out"], k, p, OnnxModelBuilder.Attr("strides", (long)s.Conv2Stride.H, s.Conv2Stride.W));
        b.Node("Relu", "relu2", ["conv2_out"], ["relu2_out"]);
        b.Node("Transpose", "to_seq", ["relu2_out"], ["seq_t"], OnnxModelBuilder.Attr("perm", 2L, 0L, 1L, 3L));
        b.Node("Reshape", "seq", ["seq_t", "seq_shape"], ["seq_in"]);
        b.Node("LSTM", "lstm", ["seq_in", "lstm.W", "lstm.R", "lstm.B"], ["lstm_Y", "lstm_Y_h"],
            OnnxModelBuilder.Attr("hidden_size", (long)s.Hidden), OnnxModelBuilder.Attr("direction", "bidirectional"));
        b.Node("Transpose", "yh_t", ["lstm_Y_h"], ["yh_bt"], OnnxModelBuilder.Attr("perm", 1L, 0L, 2L));
        b.Node("Reshape", "yh_flat", ["yh_bt", "fc_in_shape"], ["fc_in"]);
        b.Node("Gemm", "fc", ["fc_in", "fc.weight", "fc.bias"], ["logits"], OnnxModelBuilder.Attr("transB", 1L));
        b.Node("Softmax", "probs", ["logits"], [OutputName], OnnxModelBuilder.Attr("axis", 1L));
        b.Output(OutputName, 1, s.Classes);

        b.Metadata(CrnnMetadata.ClassesKey, string.Join(",", meta.Classes));
        b.Metadata(CrnnMetadata.PhraseKey, meta.Phrase);
        b.Metadata(CrnnMetadata.MeanKey, CrnnMetadata.FormatFloats(meta.FeatureMean));
        b.Metadata(CrnnMetadata.StdKey, CrnnMetadata.FormatFloats(meta.FeatureStd));
        if (meta.FrontendJson != null) b.Metadata(CrnnMetadata.FrontendKey, meta.FrontendJson);
        return b.Build();
    }

    private static void Check(float[] a, int n, string field)
    {
        if (a.Length != n) throw new WakeWordException($"CRNN weights: {field} has {a.Length} values, expected {n}");
    }
}
