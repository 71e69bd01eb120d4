using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WakeWord.Codegen.Emission;
using WakeWord.Core;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Package;

/// <summary>
/// Writes a firmware package: generated C (ww_model.h/.c, ww_model_data.c, ww_config.h), the front-end and
/// runtime headers and configs, model.json, ww_package.cmake, manifest.json (hash and size of every file,
/// MACs per layer, quantization parameters), report.txt and README.md. The folder appears whole or not at all
/// (<see cref="AtomicOutput.WriteDirectory"/>), and the same inputs give byte-identical files.
/// </summary>
public static class PackageWriter
{
    public const string ManifestFile = "manifest.json";
    public const string ReportFile = "report.txt";
    public const string ReadmeFile = "README.md";
    public const string CmakeFile = "ww_package.cmake";
    public const string FrontendJsonFile = "frontend.json";
    public const string FrontendHeaderFile = "ww_frontend_config.h";
    public const string RuntimeJsonFile = "runtime.json";
    public const string RuntimeHeaderFile = "ww_runtime_config.h";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Writes the package to <paramref name="outDir"/> atomically (replacing an existing folder).</summary>
    public static IReadOnlyDictionary<string, byte[]> Write(string outDir, PackageContents contents)
    {
        var files = Build(contents);
        AtomicOutput.WriteDirectory(outDir, tmp =>
        {
            foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(tmp, name), bytes);
        });
        return files;
    }

    /// <summary>All files of the package in memory, by name (ordinal order).</summary>
    public static SortedDictionary<string, byte[]> Build(PackageContents c)
    {
        var m = c.Model;
        if (m.Plan == null) throw new WakeWordException("package: the model has no memory plan");
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        void Add(string name, string text) => files[name] = Utf8.GetBytes(text.Replace("\r\n", "\n"));

        foreach (var (name, text) in ModelEmitter.Emit(m, c.Emit)) Add(name, text);
        Add(ModelJson.FileName, ModelJson.Serialize(m));
        if (c.FrontendJson != null) Add(FrontendJsonFile, c.FrontendJson);
        if (c.FrontendHeader != null) Add(FrontendHeaderFile, c.FrontendHeader);
        if (c.RuntimeJson != null) Add(RuntimeJsonFile, c.RuntimeJson);
        if (c.RuntimeHeader != null) Add(RuntimeHeaderFile, c.RuntimeHeader);

        var view = ReportView(c);
        Add(CmakeFile, TemplateRenderer.Render("ww_package.cmake", view));
        Add(ReportFile, TemplateRenderer.Render("report.txt", view));
        Add(ReadmeFile, TemplateRenderer.Render("README.md", view));
        files[ManifestFile] = Manifest(c, files);
        return files;
    }

    private static Dictionary<string, object?> ReportView(PackageContents c)
    {
        var m = c.Model;
        var plan = m.Plan!;
        var layers = new List<Dictionary<string, object?>>();
        var nameWidth = Math.Max(4, m.Layers.Max(l => l.Name.Length));
        var opWidth = Math.Max(2, m.Layers.Max(l => l.Op.Length));
        var shapeWidth = Math.Max(6, m.Layers.Max(l => CEmit.Shape(m.Tensors[l.Output].Shape).Length));
        string Row(string idx, string name, string op, string shape, string macs, string weights, string node) =>
            $"{idx,3}  {name.PadRight(nameWidth)}  {op.PadRight(opWidth)}  {shape.PadRight(shapeWidth)}  {macs,10}  {weights,9}  {node}".TrimEnd();
        var header = Row("#", "name", "op", "output", "MACs", "weights", "ONNX node");
        for (var i = 0; i < m.Layers.Length; i++)
        {
            var l = m.Layers[i];
            var y = m.Tensors[l.Output];
            layers.Add(new Dictionary<string, object?>
            {
                ["line"] = Row(i.ToString(Inv), l.Name, l.Op, CEmit.Shape(y.Shape), ModelStats.Macs(m, i).ToString("N0", Inv),
                    ModelStats.WeightBytes(m, i).ToString("N0", Inv), l.OnnxNode),
            });
        }
        var macs = ModelStats.TotalMacs(m);
        var weights = ModelStats.TotalWeightBytes(m);
        string Budget(long value, long limit, string unit) =>
            string.Format(Inv, "{0:N0} {1} (budget {2:N0}, {3})", value, unit, limit, value <= limit ? "ok" : "OVER BUDGET");
        var sp = ModelEmitter.SlicesOf(m, c.Emit);
        var slices = new List<Dictionary<string, object?>>();
        for (var k = 0; k < sp.Count; k++)
        {
            var names = string.Join(", ", Enumerable.Range(sp.First(k), sp.Last(k) - sp.First(k) + 1).Select(i => m.Layers[i].Name));
            slices.Add(new Dictionary<string, object?>
            {
                ["line"] = string.Format(Inv, "{0,3}  layers {1,-8} {2,12:N0}  {3}", k, $"{sp.First(k)}..{sp.Last(k)}", sp.Cycles(k), names),
            });
        }
        return new Dictionary<string, object?>
        {
            ["slices"] = slices,
            ["num_slices"] = sp.Count,
            ["latency_hops"] = sp.Count - 1,
            ["slice_reason"] = sp.Reason,
            ["preamble"] = ModelEmitter.Preamble(m, c.Emit),
            ["target"] = c.Target,
            ["source"] = m.SourceName.Length > 0 ? m.SourceName : "(unnamed)",
            ["sha256"] = m.SourceSha256,
            ["classes"] = string.Join(", ", m.ClassNames),
            ["phrase"] = m.Phrase,
            ["rounding"] = m.Rounding == RequantRounding.Single ? "single (CMSIS_NN_USE_SINGLE_ROUNDING)" : "double (CMSIS-NN default)",
            ["single_rounding"] = m.Rounding == RequantRounding.Single ? "ON" : "OFF",
            ["frames"] = m.InputFrames,
            ["features"] = m.InputFeatures,
            ["layers"] = layers,
            ["layer_header"] = header,
            ["macs"] = Budget(macs, 3_000_000, "MACs"),
            ["weights"] = Budget(weights, 64 * 1024, "bytes of weights"),
            ["arena"] = Budget(plan.ArenaBytes, 24 * 1024, "bytes of arena"),
            ["lower_bound"] = string.Format(Inv, "{0:N0} bytes ({1:0.0}% of the bound)", plan.LowerBoundBytes,
                plan.LowerBoundBytes == 0 ? 100.0 : 100.0 * plan.ArenaBytes / plan.LowerBoundBytes),
            ["plan"] = c.PlanText.TrimEnd('\n'),
            ["quantization"] = c.QuantizationText.Length > 0 ? c.QuantizationText.TrimEnd('\n') : "(no quantization report)",
            ["has_frontend"] = c.FrontendHeader != null ? "yes" : "no",
            ["has_runtime"] = c.RuntimeHeader != null ? "yes" : "no",
        };
    }

    /// <summary>manifest.json: every other file's size and SHA-256, model summary, per-layer MACs and quantization.</summary>
    private static byte[] Manifest(PackageContents c, SortedDictionary<string, byte[]> files)
    {
        var m = c.Model;
        var plan = m.Plan!;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", IndentSize = 2 }))
        {
            w.WriteStartObject();
            w.WriteNumber("formatVersion", 1);
            w.WriteString("tool", "wakeword " + c.Emit.ToolVersion);
            w.WriteString("commandLine", c.Emit.CommandLine);
            w.WriteString("target", c.Target);
            w.WriteStartObject("model");
            w.WriteString("source", m.SourceName);
            w.WriteString("sourceSha256", m.SourceSha256);
            w.WriteString("phrase", m.Phrase);
            w.WriteStartArray("classes");
            foreach (var n in m.ClassNames) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteString("rounding", m.Rounding == RequantRounding.Single ? "single" : "double");
            w.WriteNumber("inputFrames", m.InputFrames);
            w.WriteNumber("inputFeatures", m.InputFeatures);
            w.WriteNumber("macs", ModelStats.TotalMacs(m));
            w.WriteNumber("weightBytes", ModelStats.TotalWeightBytes(m));
            w.WriteEndObject();
            w.WriteStartObject("arena");
            w.WriteNumber("bytes", plan.ArenaBytes);
            w.WriteNumber("lowerBoundBytes", plan.LowerBoundBytes);
            w.WriteNumber("alignment", plan.Alignment);
            w.WriteEndObject();
            w.WriteStartObject("featureQuantizer");
            WriteInts(w, "offset", m.FeatureQuantizer.Offset);
            WriteInts(w, "multiplier", m.FeatureQuantizer.Multiplier);
            WriteInts(w, "shift", m.FeatureQuantizer.Shift);
            w.WriteNumber("inputZeroPoint", m.FeatureQuantizer.InputZeroPoint);
            w.WriteEndObject();
            w.WriteStartArray("layers");
            for (var i = 0; i < m.Layers.Length; i++)
            {
                var l = m.Layers[i];
                w.WriteStartObject();
                w.WriteNumber("index", i);
                w.WriteString("name", l.Name);
                w.WriteString("op", l.Op);
                w.WriteString("onnxNode", l.OnnxNode);
                w.WriteNumber("macs", ModelStats.Macs(m, i));
                w.WriteNumber("weightBytes", ModelStats.WeightBytes(m, i));
                w.WriteNumber("scratchBytes", plan.ScratchBytes[i]);
                w.WriteStartArray("inputs");
                foreach (var t in l.Inputs) w.WriteStringValue(m.Tensors[t].Name);
                w.WriteEndArray();
                w.WriteString("output", m.Tensors[l.Output].Name);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            var slices = ModelEmitter.SlicesOf(m, c.Emit);
            w.WriteStartArray("slices");
            for (var k = 0; k < slices.Count; k++)
            {
                w.WriteStartObject();
                w.WriteNumber("index", k);
                w.WriteNumber("firstLayer", slices.First(k));
                w.WriteNumber("lastLayer", slices.Last(k));
                w.WriteStartArray("layers");
                for (var i = slices.First(k); i <= slices.Last(k); i++) w.WriteStringValue(m.Layers[i].Name);
                w.WriteEndArray();
                w.WriteNumber("estimatedCycles", slices.Cycles(k));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("slicing", slices.Reason);
            w.WriteStartArray("tensors");
            foreach (var t in m.Tensors)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                WriteInts(w, "shape", t.Shape);
                w.WriteString("type", t.Type.ToString().ToLowerInvariant());
                w.WriteNumber("scale", t.Scale);
                w.WriteNumber("zeroPoint", t.ZeroPoint);
                w.WriteNumber("bytes", t.Bytes);
                w.WriteNumber("arenaOffset", plan.TensorOffsets[t.Id]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("files");
            foreach (var (name, bytes) in files)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteNumber("bytes", bytes.Length);
                w.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(bytes)));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteInts(Utf8JsonWriter w, string name, int[] values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }
}
