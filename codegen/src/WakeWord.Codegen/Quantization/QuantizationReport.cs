using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using WakeWord.Codegen.IR;
using WakeWord.Onnx.Proto;
using WakeWord.Sim.Kernels;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Quantization;

/// <summary>Quantization error of one layer: SQNR of its int8 or int16 output (simulator) against the float value of the same tensor.</summary>
public sealed record LayerError(int Index, string Layer, string Op, string OnnxNode, double SqnrDb)
{
    /// <summary>Where the float values came from: "onnxruntime" (the ONNX intermediate) or "ir-float" (tensors made by the passes).</summary>
    public string Reference { get; init; } = "onnxruntime";
}

/// <summary>
/// How much quantization costs: per-layer SQNR (int8 run by the bit-exact <see cref="ModelExecutor"/>, float from
/// ONNX Runtime's intermediates, or the IR float executor for tensors the passes created), end-to-end top-1 agreement with ONNX Runtime's float
/// posteriors and the wake-posterior mean absolute error, over the validation windows.
/// </summary>
public sealed record QuantizationReport(
    int CalibrationWindows,
    int ValidationWindows,
    CalibrationMethod Method,
    IReadOnlyList<LayerError> Layers,
    double Top1Agreement,
    double WakePosteriorMae,
    double MaxPosteriorAbsError,
    IReadOnlyList<(int Window, double FloatMargin)> Disagreements)
{
    /// <summary>Float top-1 margins below this (two int8 posterior steps) cannot be resolved by an int8 softmax.</summary>
    public const double DecidableMargin = 2.0 / 256;

    /// <summary>Top-1 agreement over the windows whose float top-2 margin is at least <see cref="DecidableMargin"/>.</summary>
    public double Top1AgreementDecidable =>
        ValidationWindows == 0 ? 1 : 1 - (double)Disagreements.Count(d => d.FloatMargin >= DecidableMargin) / Math.Max(1, ValidationWindows - UndecidableWindows);

    /// <summary>Disagreements where the float top-1 class ties with the int8 top-1 (equal int8 posteriors; argmax takes the lower index).</summary>
    public int Int8Ties { get; init; }

    /// <summary>Validation windows whose float top-2 margin is below <see cref="DecidableMargin"/>.</summary>
    public int UndecidableWindows { get; init; }

    public string Render()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"quantization: calibration {CalibrationWindows} windows ({Method}), validation {ValidationWindows} windows");
        sb.AppendLine("  layer                            op                    SQNR dB  float reference");
        foreach (var l in Layers)
            sb.AppendLine(inv, $"  {l.Layer,-32} {l.Op,-20} {l.SqnrDb,8:F1}  {l.Reference}");
        sb.AppendLine(inv, $"  top-1 agreement int8 vs float: {Top1Agreement * 100:F2} % (windows with float margin >= 2/256: {Top1AgreementDecidable * 100:F2} %, {UndecidableWindows} windows below)");
        if (Disagreements.Count > 0)
            sb.AppendLine(inv, $"  disagreements: {Disagreements.Count} ({Int8Ties} int8 ties), float top-2 margins {string.Join(" ", Disagreements.Take(8).Select(d => d.FloatMargin.ToString("F4", inv)))}");
        sb.AppendLine(inv, $"  wake posterior mean abs error: {WakePosteriorMae:F4} (max abs error of any posterior {MaxPosteriorAbsError:F4})");
        return sb.ToString();
    }

    /// <summary>The model's int8 input for an int16 feature window, through the runtime's feature quantizer (the C twin's arithmetic).</summary>
    public static sbyte[] QuantizeFeatures(QuantizedModel model, ReadOnlySpan<short> window)
    {
        var fq = new WakeWord.Sim.Runtime.FeatureQuantizer(model.FeatureQuantizer, model.Rounding);
        var q = new sbyte[window.Length];
        for (var f = 0; f < window.Length; f += fq.Count) fq.Quantize(window.Slice(f, fq.Count), q.AsSpan(f, fq.Count));
        return q;
    }

    internal static QuantizationReport Measure(ModelProto proto, Graph g, QuantizedModel model, IReadOnlyDictionary<int, string> irNames,
        IReadOnlyList<short[]> validation, int calibrationWindows, QuantizerOptions options)
    {
        var features = model.InputFeatures;
        var norm = FeatureNormalization.FromMetadata(g.Metadata, features, model.SourceName);
        var exec = new ModelExecutor(model);
        var signal = new double[model.Layers.Length];
        var noise = new double[model.Layers.Length];
        int agree = 0, window = 0, undecidable = 0, ties = 0;
        var disagreements = new List<(int, double)>();
        double wakeErr = 0, maxErr = 0;
        using var rounding = Requant.Use(model.Rounding == RequantRounding.Single ? RoundingMode.Single : RoundingMode.Double);
        using var ort = new FloatReference(proto, exposeIntermediates: true);
        var ortNames = ort.OutputNames.ToHashSet();
        var outName = g.Outputs[0];
        var fromOrt = new bool[model.Layers.Length];
        foreach (var w in validation)
        {
            var x = norm.Normalize(w);
            var ortValues = ort.Run(x);
            var pf = ortValues[outName];
            var floats = FloatExecutor.Run(g, x);
            var layers = exec.RunLayers(QuantizeFeatures(model, w));
            for (var li = 0; li < model.Layers.Length; li++)
            {
                var t = model.Tensors[model.Layers[li].Output];
                if (!irNames.TryGetValue(t.Id, out var ir) || !floats.TryGetValue(ir, out var f)) continue;
                // The float reference is ONNX Runtime's intermediate of the same name (NCHW maps transposed to
                // NHWC); tensors that exist only after the passes use the IR float executor.
                if (ortNames.Contains(ir) && ortValues[ir].Length == f.Length)
                {
                    var irT = g[ir];
                    f = ortValues[ir];
                    if (irT.NhwcOfOnnx)
                    {
                        var s = irT.Shape;
                        var nhwc = new float[f.Length];
                        FloatExecutor.Transpose(f, [s[0], s[3], s[1], s[2]], [0, 2, 3, 1], nhwc);
                        f = nhwc;
                    }
                    fromOrt[li] = true;
                }
                var bytes = layers[li];
                var wide = t.Type == ElementType.Int16;
                for (var i = 0; i < f.Length; i++)
                {
                    var q = wide ? BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i)) : (sbyte)bytes[i];
                    var d = t.Scale * (q - t.ZeroPoint);
                    signal[li] += (double)f[i] * f[i];
                    noise[li] += (f[i] - d) * (f[i] - d);
                }
            }
            var pq = layers[^1];
            var best = 0;
            var bestQ = 0;
            for (var c = 0; c < pf.Length; c++)
            {
                if (pf[c] > pf[best]) best = c;
                if ((sbyte)pq[c] > (sbyte)pq[bestQ]) bestQ = c;
                var err = Math.Abs(pf[c] - ((sbyte)pq[c] + 128) / 256.0);
                maxErr = Math.Max(maxErr, err);
                if (c == 0) wakeErr += err;
            }
            var margin = pf[best] - pf.Where((_, c) => c != best).Max();
            if (margin < DecidableMargin) undecidable++;
            if (best == bestQ) agree++;
            else
            {
                disagreements.Add((window, margin));
                if ((sbyte)pq[best] == (sbyte)pq[bestQ]) ties++;
            }
            window++;
        }
        var errors = new List<LayerError>();
        for (var li = 0; li < model.Layers.Length; li++)
        {
            var l = model.Layers[li];
            if (l is ReshapeLayer || !irNames.ContainsKey(l.Output) || signal[li] == 0 && noise[li] == 0) continue;
            var sqnr = noise[li] == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal[li] / noise[li]);
            errors.Add(new LayerError(li, l.Name, l.Op, l.OnnxNode, sqnr) { Reference = fromOrt[li] ? "onnxruntime" : "ir-float" });
        }
        var n = Math.Max(1, validation.Count);
        return new QuantizationReport(calibrationWindows, validation.Count, options.Method, errors, (double)agree / n, wakeErr / n, maxErr, disagreements) { UndecidableWindows = undecidable, Int8Ties = ties };
    }
}
