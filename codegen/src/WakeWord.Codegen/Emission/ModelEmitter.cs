using System.Globalization;
using WakeWord.Codegen.Planning;
using WakeWord.Core;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Emission;

/// <summary>What the generated files say about where they came from, and which config headers exist.</summary>
public sealed record EmitOptions
{
    /// <summary>Tool version written in every preamble ("wakeword &lt;version&gt;").</summary>
    public string ToolVersion { get; init; } = "0.0.0";
    /// <summary>The command line that produced the package (as the user typed it).</summary>
    public string CommandLine { get; init; } = "";
    /// <summary>Headers ww_config.h includes besides ww_model.h (e.g. ww_frontend_config.h, ww_runtime_config.h).</summary>
    public IReadOnlyList<string> ConfigIncludes { get; init; } = [];
    /// <summary>Inference slices of the layer schedule (ww_model_invoke_slice); null = one slice.</summary>
    public SlicePlan? Slices { get; init; }
}

/// <summary>
/// Emits the model's C sources from a planned <see cref="QuantizedModel"/>: ww_model.h (API and sizes),
/// ww_model.c (arena, const kernel parameters, one CMSIS-NN call per layer with status check and hook),
/// ww_model_data.c (weights in the ".rodata.ww_weights" section) and ww_config.h. The C text lives in
/// Templates/*.liquid; this class only prepares values (names, numbers, shapes) for them.
/// </summary>
public static class ModelEmitter
{
    public const string ModelHeader = "ww_model.h";
    public const string ModelSource = "ww_model.c";
    public const string DataSource = "ww_model_data.c";
    public const string ConfigHeader = "ww_config.h";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>File name → text of the four generated C files.</summary>
    public static SortedDictionary<string, string> Emit(QuantizedModel m, EmitOptions options)
    {
        ModelValidator.Validate(m);
        var plan = m.Plan ?? throw new WakeWordException("model has no memory plan: run the planner before emitting C");
        var arrays = new List<Dictionary<string, object?>>();
        var layers = new List<Dictionary<string, object?>>();
        for (var i = 0; i < m.Layers.Length; i++)
            layers.Add(LayerView(m, plan, i, arrays));

        var slicePlan = SlicesOf(m, options);
        var slices = new List<Dictionary<string, object?>>();
        for (var k = 0; k < slicePlan.Count; k++)
        {
            var first = slicePlan.First(k);
            var last = slicePlan.Last(k);
            var names = string.Join(", ", Enumerable.Range(first, last - first + 1).Select(i => m.Layers[i].Name));
            slices.Add(D(
                ("index", k),
                ("first", first),
                ("last", last),
                ("comment", CEmit.Comment($"Slice {k} of {slicePlan.Count}: layers {first}..{last} ({names}); about {slicePlan.Cycles(k).ToString("N0", Inv)} Cortex-M4 instructions (cost model estimate)")),
                ("layers", layers.GetRange(first, last - first + 1))));
        }

        var tensors = m.Tensors.Select(t => D(
            ("macro", "WW_T_" + CEmit.Macro(t.Name)),
            ("ctype", CType(t.Type)),
            ("offset", plan.TensorOffsets[t.Id]),
            ("bytes", t.Bytes),
            ("comment", CEmit.Comment($"{t.Name} {CEmit.Shape(t.Shape)} {t.Type.ToString().ToLowerInvariant()}, scale {t.Scale.ToString("R", Inv)}, zero point {t.ZeroPoint}")))).ToList();

        var fq = m.FeatureQuantizer;
        var featq = new List<Dictionary<string, object?>>
        {
            DataArray("int32_t", "ww_featq_offset", fq.Offset, "feature quantizer: minus the training mean (feature LSBs)"),
            DataArray("int32_t", "ww_featq_mult", fq.Multiplier, "feature quantizer: requantization multipliers"),
            DataArray("int32_t", "ww_featq_shift", fq.Shift, "feature quantizer: requantization shifts"),
        };

        var input = m.Tensors[m.InputTensor];
        var output = m.Tensors[m.OutputTensor];
        var model = D(
            ("preamble", Preamble(m, options)),
            ("frames", m.InputFrames),
            ("features", m.InputFeatures),
            ("num_classes", m.ClassNames.Length),
            ("num_layers", m.Layers.Length),
            ("arena_bytes", plan.ArenaBytes),
            ("arena_lower_bound", plan.LowerBoundBytes),
            ("alignment", plan.Alignment),
            ("macs", ModelStats.TotalMacs(m)),
            ("weight_bytes", ModelStats.TotalWeightBytes(m)),
            ("single_rounding", m.Rounding == RequantRounding.Single ? 1 : 0),
            ("rounding", m.Rounding.ToString().ToLowerInvariant()),
            ("input_zero_point", fq.InputZeroPoint),
            ("input_macro", "WW_T_" + CEmit.Macro(input.Name)),
            ("output_macro", "WW_T_" + CEmit.Macro(output.Name)),
            ("class_names", string.Join(", ", m.ClassNames.Select(CEmit.StringLiteral))),
            ("classes", m.ClassNames.Select((c, i) => D(("index", i), ("macro", "WW_MODEL_CLASS_" + CEmit.Macro(SafeIdentifier(c))))).ToList()),
            ("sha256", m.SourceSha256),
            ("tensors", tensors),
            ("layers", layers),
            ("slices", slices),
            ("num_slices", slicePlan.Count),
            ("slice_reason", CEmit.Comment(slicePlan.Reason)),
            ("arrays", arrays),
            ("featq", featq),
            ("config_includes", options.ConfigIncludes.ToList()),
            // Helpers are emitted only when a layer calls them: an unused static function is a warning (clang).
            ("uses_time_reverse", m.Layers.Any(l => l is TimeReverseLayer)),
            ("uses_select_step", m.Layers.Any(l => l is SelectStepLayer)),
            ("uses_concat", m.Layers.Any(l => l is ConcatLayer)),
            ("uses_requantize", m.Layers.Any(l => l is RequantizeLayer)),
            ("uses_subtract_mean", m.Layers.Any(l => l is SubtractMeanLayer)));

        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ModelHeader] = TemplateRenderer.Render(ModelHeader, model),
            [ModelSource] = TemplateRenderer.Render(ModelSource, model),
            [DataSource] = TemplateRenderer.Render(DataSource, model),
            [ConfigHeader] = TemplateRenderer.Render(ConfigHeader, model),
        };
    }

    /// <summary>The slices of <paramref name="o"/>, checked against the model; one slice when none were planned.</summary>
    public static SlicePlan SlicesOf(QuantizedModel m, EmitOptions o)
    {
        var s = o.Slices ?? SlicePlanner.Unsliced(m);
        if (s.LayerCycles.Count != m.Layers.Length || s.Count < 1 || s.FirstLayers[0] != 0
            || s.FirstLayers.Zip(s.FirstLayers.Skip(1)).Any(p => p.Second <= p.First) || s.FirstLayers[^1] >= m.Layers.Length)
            throw new WakeWordException($"inference slices {string.Join(",", s.FirstLayers)} do not split the model's {m.Layers.Length} layers");
        return s;
    }

    /// <summary>The preamble lines every generated file starts with.</summary>
    public static List<string> Preamble(QuantizedModel m, EmitOptions o)
    {
        var lines = new List<string>
        {
            $"Generated by wakeword {o.ToolVersion}; do not edit, regenerate with wakeword generate.",
            $"Model: {(m.SourceName.Length > 0 ? m.SourceName : "(unnamed)")}, ONNX SHA-256 {m.SourceSha256}.",
        };
        if (o.CommandLine.Length > 0) lines.Add("Command: " + o.CommandLine);
        return lines.Select(CEmit.Comment).ToList();
    }

    private static Dictionary<string, object?> LayerView(QuantizedModel m, MemoryPlan plan, int i, List<Dictionary<string, object?>> arrays)
    {
        var l = m.Layers[i];
        var p = "ww_" + l.Name;
        var x = m.Tensors[l.Inputs[0]];
        var y = m.Tensors[l.Output];
        string Ptr(TensorInfo t) => "WW_T_" + CEmit.Macro(t.Name);
        var v = D(
            ("index", i),
            ("name", l.Name),
            ("name_literal", CEmit.StringLiteral(l.Name)),
            ("p", p),
            ("op", l.Op),
            ("in", Ptr(x)),
            ("out", Ptr(y)),
            ("out_bytes", y.Bytes),
            ("ctx_buf", plan.ScratchBytes[i] > 0 ? $"&ww_arena[{plan.ScratchOffsets[i]}]" : "NULL"),
            ("ctx_size", plan.ScratchBytes[i]),
            ("init", ""));
        var io = string.Join(" + ", l.Inputs.Select(t => Describe(m.Tensors[t]))) + " -> " + Describe(y);
        string detail;
        void Dims(string key, int n, int h, int w, int c) =>
            v[key] = $"{{ .n = {n}, .h = {h}, .w = {w}, .c = {c} }}";

        switch (l)
        {
            case ConvLayerBase c:
            {
                Dims("input_dims", x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]);
                Dims("filter_dims", c.WeightShape[0], c.WeightShape[1], c.WeightShape[2], c.WeightShape[3]);
                Dims("bias_dims", 1, 1, 1, y.Shape[3]);
                Dims("output_dims", y.Shape[0], y.Shape[1], y.Shape[2], y.Shape[3]);
                v["input_offset"] = c.InputOffset;
                v["output_offset"] = c.OutputOffset;
                v["stride_w"] = c.StrideW; v["stride_h"] = c.StrideH;
                v["pad_w"] = c.PadW; v["pad_h"] = c.PadH;
                v["dilation_w"] = c.DilationW; v["dilation_h"] = c.DilationH;
                v["act_min"] = c.ActivationMin; v["act_max"] = c.ActivationMax;
                if (c is DepthwiseConv2DLayer dw) v["ch_mult"] = dw.ChannelMultiplier;
                arrays.Add(DataArray("int8_t", p + "_weights", c.Weights, $"{l.Name}: filter {string.Join("x", c.WeightShape)} ({(c is DepthwiseConv2DLayer ? "1HWC" : "OHWI")})"));
                switch (c)
                {
                    case Conv2DLayer c8: arrays.Add(DataArray("int32_t", p + "_bias", c8.Bias, $"{l.Name}: bias")); break;
                    case DepthwiseConv2DLayer d8: arrays.Add(DataArray("int32_t", p + "_bias", d8.Bias, $"{l.Name}: bias")); break;
                    case Conv2DS16Layer c16: arrays.Add(DataArray64(p + "_bias", c16.Bias, $"{l.Name}: bias (int64)")); break;
                }
                arrays.Add(DataArray("int32_t", p + "_multiplier", c.Multiplier, $"{l.Name}: per-channel multipliers"));
                arrays.Add(DataArray("int32_t", p + "_shift", c.Shift, $"{l.Name}: per-channel shifts"));
                detail = $"filter {string.Join("x", c.WeightShape)}, stride {c.StrideH}x{c.StrideW}, padding {c.PadH}x{c.PadW}, dilation {c.DilationH}x{c.DilationW}, activation [{c.ActivationMin}, {c.ActivationMax}]";
                break;
            }
            case FullyConnectedLayer f:
            {
                var batches = x.Elements / f.InputDepth;
                Dims("input_dims", batches, 1, 1, f.InputDepth);
                Dims("filter_dims", f.InputDepth, 1, 1, f.OutputDepth);
                Dims("bias_dims", 1, 1, 1, f.OutputDepth);
                Dims("output_dims", batches, 1, 1, f.OutputDepth);
                v["input_offset"] = f.InputOffset; v["filter_offset"] = f.FilterOffset; v["output_offset"] = f.OutputOffset;
                v["act_min"] = f.ActivationMin; v["act_max"] = f.ActivationMax;
                v["multiplier"] = CEmit.Int32(f.Multiplier[0]); v["shift"] = f.Shift[0];
                arrays.Add(DataArray("int8_t", p + "_weights", f.Weights, $"{l.Name}: weights [{f.OutputDepth}][{f.InputDepth}]"));
                arrays.Add(DataArray("int32_t", p + "_bias", f.Bias, $"{l.Name}: bias"));
                if (f.PerChannel)
                {
                    arrays.Add(DataArray("int32_t", p + "_multiplier", f.Multiplier, $"{l.Name}: per-channel multipliers"));
                    arrays.Add(DataArray("int32_t", p + "_shift", f.Shift, $"{l.Name}: per-channel shifts"));
                }
                detail = $"{f.InputDepth} -> {f.OutputDepth}, {batches} batch(es), {(f.PerChannel ? "per-channel" : "per-tensor")} quantization, activation [{f.ActivationMin}, {f.ActivationMax}]";
                break;
            }
            case FullyConnectedS16Layer f:
            {
                var batches = x.Elements / f.InputDepth;
                Dims("input_dims", batches, 1, 1, f.InputDepth);
                Dims("filter_dims", f.InputDepth, 1, 1, f.OutputDepth);
                Dims("bias_dims", 1, 1, 1, f.OutputDepth);
                Dims("output_dims", batches, 1, 1, f.OutputDepth);
                v["act_min"] = f.ActivationMin; v["act_max"] = f.ActivationMax;
                v["multiplier"] = CEmit.Int32(f.Multiplier); v["shift"] = f.Shift;
                arrays.Add(DataArray("int8_t", p + "_weights", f.Weights, $"{l.Name}: weights [{f.OutputDepth}][{f.InputDepth}]"));
                arrays.Add(DataArray64(p + "_bias", f.Bias, $"{l.Name}: bias (int64)"));
                detail = $"{f.InputDepth} -> {f.OutputDepth}, {batches} batch(es), int16 activations";
                break;
            }
            case PoolLayerBase pl:
                Dims("input_dims", x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]);
                Dims("filter_dims", 1, pl.KernelH, pl.KernelW, 1);
                Dims("output_dims", y.Shape[0], y.Shape[1], y.Shape[2], y.Shape[3]);
                v["stride_w"] = pl.StrideW; v["stride_h"] = pl.StrideH;
                v["pad_w"] = pl.PadW; v["pad_h"] = pl.PadH;
                v["act_min"] = pl.ActivationMin; v["act_max"] = pl.ActivationMax;
                v["out_w"] = y.Shape[2]; v["channels"] = y.Shape[3];
                detail = $"window {pl.KernelH}x{pl.KernelW}, stride {pl.StrideH}x{pl.StrideW}, padding {pl.PadH}x{pl.PadW}";
                break;
            case LstmUnidirectionalLayer s:
            {
                v["time_major"] = s.TimeMajor ? 1 : 0;
                v["batch_size"] = s.BatchSize; v["time_steps"] = s.TimeSteps;
                v["input_size"] = s.InputSize; v["hidden_size"] = s.HiddenSize;
                v["input_offset"] = s.InputOffset;
                v["forget_to_cell_multiplier"] = CEmit.Int32(s.ForgetToCellMultiplier); v["forget_to_cell_shift"] = s.ForgetToCellShift;
                v["input_to_cell_multiplier"] = CEmit.Int32(s.InputToCellMultiplier); v["input_to_cell_shift"] = s.InputToCellShift;
                v["cell_clip"] = s.CellClip; v["cell_scale_power"] = s.CellScalePower;
                v["output_multiplier"] = CEmit.Int32(s.OutputMultiplier); v["output_shift"] = s.OutputShift;
                v["output_offset"] = s.OutputOffset;
                var seg = MemoryPlan.LstmSegmentBytes(s, plan.Alignment);
                var baseOff = plan.ScratchOffsets[i];
                v["temp1"] = $"(void *)&ww_arena[{baseOff}]";
                v["temp2"] = $"(void *)&ww_arena[{baseOff + seg}]";
                v["cell_state"] = $"(void *)&ww_arena[{baseOff + 2 * seg}]";
                var gates = new List<Dictionary<string, object?>>();
                foreach (var (gname, g) in s.Gates)
                {
                    var gp = $"{p}_{gname}";
                    arrays.Add(DataArray("int8_t", gp + "_input_weights", g.InputWeights, $"{l.Name} {gname} gate: input weights [{s.HiddenSize}][{s.InputSize}]"));
                    arrays.Add(DataArray("int32_t", gp + "_input_effective_bias", g.InputEffectiveBias, $"{l.Name} {gname} gate: input effective bias"));
                    arrays.Add(DataArray("int8_t", gp + "_hidden_weights", g.HiddenWeights, $"{l.Name} {gname} gate: hidden weights [{s.HiddenSize}][{s.HiddenSize}]"));
                    arrays.Add(DataArray("int32_t", gp + "_hidden_effective_bias", g.HiddenEffectiveBias, $"{l.Name} {gname} gate: hidden effective bias"));
                    arrays.Add(DataArray("int32_t", gp + "_bias", g.Bias, $"{l.Name} {gname} gate: bias (not read by the s8 kernel)"));
                    gates.Add(D(("field", gname + "_gate"), ("p", gp),
                        ("input_multiplier", CEmit.Int32(g.InputMultiplier)), ("input_shift", g.InputShift),
                        ("hidden_multiplier", CEmit.Int32(g.HiddenMultiplier)), ("hidden_shift", g.HiddenShift),
                        ("activation", g.Activation == LstmActivation.Sigmoid ? "ARM_SIGMOID" : "ARM_TANH")));
                }
                v["gates"] = gates;
                detail = $"{s.TimeSteps} steps x {s.BatchSize} batch, input {s.InputSize}, hidden {s.HiddenSize}, {(s.TimeMajor ? "time major" : "batch major")}, cell scale 2^{s.CellScalePower}";
                break;
            }
            case TimeReverseLayer r:
                v["steps"] = r.TimeSteps;
                v["row_bytes"] = x.Bytes / r.TimeSteps;
                detail = plan.TensorOffsets[l.Inputs[0]] == plan.TensorOffsets[l.Output]
                    ? $"{r.TimeSteps} steps of {x.Bytes / r.TimeSteps} bytes, in place" : $"{r.TimeSteps} steps of {x.Bytes / r.TimeSteps} bytes";
                break;
            case SelectStepLayer s:
                v["step"] = s.Step;
                v["row_bytes"] = y.Bytes;
                detail = $"step {s.Step} of {s.TimeSteps}";
                break;
            case ConcatLayer:
            {
                var outer = y.Elements / y.Shape[^1];
                var outRow = y.Shape[^1] * y.ElementBytes;
                var at = 0;
                var parts = new List<Dictionary<string, object?>>();
                foreach (var id in l.Inputs)
                {
                    var t = m.Tensors[id];
                    var row = t.Shape[^1] * t.ElementBytes;
                    parts.Add(D(("in", Ptr(t)), ("outer", outer), ("in_row_bytes", row), ("out_row_bytes", outRow), ("offset_bytes", at)));
                    at += row;
                }
                v["parts"] = parts;
                detail = $"along the last axis, {l.Inputs.Length} inputs";
                break;
            }
            case SoftmaxLayer s:
                v["num_rows"] = s.NumRows; v["row_size"] = s.RowSize;
                v["multiplier"] = CEmit.Int32(s.Multiplier); v["shift"] = s.Shift; v["diff_min"] = s.DiffMin;
                detail = $"{s.NumRows} row(s) of {s.RowSize}";
                break;
            case ReshapeLayer:
                detail = $"view, shares the bytes of {x.Name}";
                break;
            case RequantizeLayer q:
                v["in_elem_bytes"] = x.ElementBytes; v["out_elem_bytes"] = y.ElementBytes; v["count"] = y.Elements;
                v["input_offset"] = q.InputOffset; v["multiplier"] = CEmit.Int32(q.Multiplier); v["shift"] = q.Shift;
                v["output_offset"] = q.OutputOffset; v["act_min"] = q.ActivationMin; v["act_max"] = q.ActivationMax;
                detail = $"{x.Type.ToString().ToLowerInvariant()} -> {y.Type.ToString().ToLowerInvariant()}, {y.Elements} values";
                break;
            case SubtractMeanLayer sm:
                v["outer"] = sm.Outer; v["steps"] = sm.Steps; v["inner"] = sm.Inner;
                v["input_offset"] = sm.InputOffset; v["multiplier"] = CEmit.Int32(sm.Multiplier); v["shift"] = sm.Shift;
                v["output_offset"] = sm.OutputOffset;
                detail = $"mean over {sm.Steps} steps of {sm.Outer * sm.Inner} columns";
                break;
            default:
                throw new WakeWordException($"layer {l.Name}: op {l.Op} has no C template");
        }

        var macs = ModelStats.Macs(m, i);
        v["comment"] = CEmit.Comment($"Layer {i} \"{l.Name}\": {OpTitle(l)} from ONNX node \"{l.OnnxNode}\"; {io}; {detail}{(macs > 0 ? $"; {macs.ToString(Inv)} MACs" : "")}");
        var opName = l is FullyConnectedLayer { PerChannel: true } ? "fully_connected_pc" : l.Op;
        // Blocks are trimmed of surrounding blank lines; the separators belong to ww_model.c.liquid.
        string Block(string part, string prefix) =>
            TemplateRenderer.Exists($"Layers/{opName}.{part}") ? prefix + TemplateRenderer.Render($"Layers/{opName}.{part}", v).Trim('\n') : "";
        v["decl"] = Block("decl", "\n\n");
        v["init"] = Block("init", "\n");
        v["call"] = Block("call", "");
        return v;
    }

    private static string Describe(TensorInfo t) => $"{t.Name} {CEmit.Shape(t.Shape)} {t.Type.ToString().ToLowerInvariant()}";

    private static string OpTitle(Layer l) => l switch
    {
        Conv2DLayer => "Conv2D int8 (arm_convolve_wrapper_s8)",
        Conv2DS16Layer => "Conv2D int16 (arm_convolve_wrapper_s16)",
        DepthwiseConv2DLayer => "DepthwiseConv2D int8 (arm_depthwise_conv_wrapper_s8)",
        FullyConnectedLayer { PerChannel: true } => "FullyConnected int8 (arm_fully_connected_per_channel_s8)",
        FullyConnectedLayer => "FullyConnected int8 (arm_fully_connected_s8)",
        FullyConnectedS16Layer => "FullyConnected int16 (arm_fully_connected_s16)",
        MaxPoolLayer => "MaxPool int8 (arm_max_pool_s8)",
        AvgPoolLayer => "AvgPool int8 (arm_avgpool_s8)",
        LstmUnidirectionalLayer => "LSTM int8x8_16 (arm_lstm_unidirectional_s8)",
        TimeReverseLayer => "TimeReverse (ww_time_reverse)",
        SelectStepLayer => "SelectStep (ww_select_step)",
        ConcatLayer => "Concat (ww_concat_part)",
        SoftmaxLayer => "Softmax int8 (arm_softmax_s8)",
        ReshapeLayer => "Reshape (no code)",
        RequantizeLayer => "Requantize (ww_requantize)",
        SubtractMeanLayer => "SubtractMean int8 (ww_subtract_mean)",
        _ => l.Op,
    };

    private static string CType(ElementType t) => t switch
    {
        ElementType.Int8 => "int8_t",
        ElementType.Int16 => "int16_t",
        _ => "int32_t",
    };

    private static string SafeIdentifier(string s)
    {
        var chars = s.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_').ToArray();
        return chars.Length == 0 || char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }

    private static Dictionary<string, object?> DataArray(string ctype, string name, sbyte[] values, string comment) =>
        D(("ctype", ctype), ("name", name), ("length", values.Length), ("comment", CEmit.Comment(comment)),
          ("lines", CEmit.ArrayLines(values, 16, v => v.ToString(Inv))));

    private static Dictionary<string, object?> DataArray(string ctype, string name, int[] values, string comment) =>
        D(("ctype", ctype), ("name", name), ("length", values.Length), ("comment", CEmit.Comment(comment)),
          ("lines", CEmit.ArrayLines(values, 8, CEmit.Int32)));

    private static Dictionary<string, object?> DataArray64(string name, long[] values, string comment) =>
        D(("ctype", "int64_t"), ("name", name), ("length", values.Length), ("comment", CEmit.Comment(comment)),
          ("lines", CEmit.ArrayLines(values, 4, CEmit.Int64)));

    private static Dictionary<string, object?> D(params (string Key, object? Value)[] items)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, val) in items) d[k] = val;
        return d;
    }
}
