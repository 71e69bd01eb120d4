using System.Diagnostics;
using System.Text;
using Google.Protobuf;
using WakeWord.Codegen;
using WakeWord.Codegen.Import;
using WakeWord.Core;
using WakeWord.Datasets.Manifest;
using WakeWord.Onnx.Proto;
using WakeWord.Sim.Audio;

namespace WakeWord.Cli.Bench.Fuzz;

/// <summary>One parser's fuzz run: how many inputs were accepted, refused with a proper error, or escaped as a bug.</summary>
/// <param name="Failures">The first few bad outcomes: an exception other than <see cref="WakeWordException"/>, or a
/// WakeWordException whose message is empty, spans lines or does not name the input.</param>
public sealed record FuzzResult(string Target, int Cases, int Accepted, int Refused, int FailureCount, IReadOnlyList<string> Failures, double Seconds)
{
    public bool Clean => FailureCount == 0;
}

/// <summary>
/// Seeded random and mutated inputs for the three user-facing parsers: the WAV reader
/// (<see cref="WavFile.Parse"/>), the ONNX importer (<see cref="OnnxImporter.ParseModel"/> then
/// <see cref="OnnxImporter.Import"/>) and the dataset manifest parser (<see cref="DatasetManifest.Parse"/>).
/// Each input must either be accepted or refused with a one-line <see cref="WakeWordException"/> that names the
/// input; any other exception is a failure. Same seed, same inputs.
/// </summary>
public static class ParserFuzzer
{
    private const int MaxFailuresKept = 5;

    public static IReadOnlyList<string> Targets { get; } = ["wav", "onnx", "manifest"];

    public static FuzzResult Run(string target, int cases, int seed) => target switch
    {
        "wav" => Wav(cases, seed),
        "onnx" => Onnx(cases, seed),
        "manifest" => Manifest(cases, seed),
        _ => throw new WakeWordException($"fuzz target '{target}': unknown (known: {string.Join(", ", Targets)})"),
    };

    // ---- WAV ----

    public static FuzzResult Wav(int cases, int seed)
    {
        var r = new Random(seed);
        var seeds = new List<byte[]>();
        foreach (var (rate, bits, fmt, ext, ch) in new[]
                 {
                     (48000, 16, WavSampleFormat.Pcm, false, 1), (44100, 24, WavSampleFormat.Pcm, true, 2),
                     (16000, 32, WavSampleFormat.IeeeFloat, false, 3), (8000, 8, WavSampleFormat.Pcm, false, 1),
                     (22050, 64, WavSampleFormat.IeeeFloat, true, 1), (96000, 32, WavSampleFormat.Pcm, false, 2),
                 })
        {
            var s = new float[ch][];
            for (var c = 0; c < ch; c++)
            {
                s[c] = new float[40 + 7 * c];
                for (var i = 0; i < s[c].Length; i++) s[c][i] = (float)Math.Sin(i * 0.3 + c);
            }
            seeds.Add(WavFile.Encode(new WavAudio(rate, ch, bits, fmt, ext, s)));
        }
        return Loop("wav", cases, r, rng =>
        {
            var b = rng.Next(20) == 0 ? RandomBytes(rng, rng.Next(0, 200)) : MutateBytes(rng, seeds[rng.Next(seeds.Count)], headerBytes: 80);
            var a = WavFile.Parse(b, "fuzz.wav");
            if (a.Channels <= 0 || a.SampleRate <= 0) throw new InvalidOperationException($"accepted with channels={a.Channels} rate={a.SampleRate}");
        }, "fuzz.wav");
    }

    // ---- ONNX ----

    public static FuzzResult Onnx(int cases, int seed)
    {
        var r = new Random(seed);
        var path = GenerateService.DefaultModelPath;
        if (!File.Exists(path)) throw new WakeWordException($"{path}: default model not found (the ONNX fuzz seed)");
        var seedBytes = File.ReadAllBytes(path);
        var baseModel = OnnxImporter.ParseModel(seedBytes, "fuzz.onnx");
        return Loop("onnx", cases, r, rng =>
        {
            byte[] bytes;
            var mode = rng.Next(10);
            if (mode < 6)
            {
                var m = baseModel.Clone();
                for (var k = rng.Next(1, 4); k > 0; k--) MutateModel(rng, m);
                bytes = m.ToByteArray();
            }
            else if (mode < 9)
            {
                // Byte-level damage: in the leading structure (graph, nodes, attributes come before big tensors
                // only sometimes, so also anywhere) or a truncation.
                bytes = MutateBytes(rng, seedBytes, headerBytes: rng.Next(2) == 0 ? 512 : seedBytes.Length);
            }
            else bytes = RandomBytes(rng, rng.Next(0, 300));
            var model = OnnxImporter.ParseModel(bytes, "fuzz.onnx");
            OnnxImporter.Import(model, "fuzz.onnx");
        }, "fuzz.onnx");
    }

    private static void MutateModel(Random r, ModelProto m)
    {
        var g = m.Graph;
        switch (r.Next(12))
        {
            case 0: // an attribute's integer or list
            {
                var n = g.Node[r.Next(g.Node.Count)];
                if (n.Attribute.Count == 0) goto case 1;
                var a = n.Attribute[r.Next(n.Attribute.Count)];
                if (a.Ints.Count > 0) a.Ints[r.Next(a.Ints.Count)] = InterestingLong(r);
                else if (r.Next(2) == 0) a.I = InterestingLong(r);
                else a.F = InterestingFloat(r);
                if (r.Next(8) == 0) a.Type = (AttributeProto.Types.AttributeType)r.Next(0, 15);
                break;
            }
            case 1: // op type
            {
                var n = g.Node[r.Next(g.Node.Count)];
                n.OpType = r.Next(3) == 0 ? "NoSuchOp" : g.Node[r.Next(g.Node.Count)].OpType;
                break;
            }
            case 2: // inputs / outputs rewired or dropped
            {
                var n = g.Node[r.Next(g.Node.Count)];
                if (n.Input.Count > 0 && r.Next(2) == 0) n.Input.RemoveAt(r.Next(n.Input.Count));
                else if (n.Input.Count > 0) n.Input[r.Next(n.Input.Count)] = r.Next(3) == 0 ? "" : g.Node[r.Next(g.Node.Count)].Output[0];
                else n.Input.Add("dangling");
                break;
            }
            case 3: // node dropped, duplicated or reordered
            {
                var i = r.Next(g.Node.Count);
                var n = g.Node[i];
                if (r.Next(2) == 0 && g.Node.Count > 1) g.Node.RemoveAt(i);
                else g.Node.Insert(r.Next(g.Node.Count + 1), n.Clone());
                break;
            }
            case 4: // initializer dims
            {
                if (g.Initializer.Count == 0) break;
                var t = g.Initializer[r.Next(g.Initializer.Count)];
                if (t.Dims.Count > 0 && r.Next(3) != 0) t.Dims[r.Next(t.Dims.Count)] = InterestingLong(r);
                else if (r.Next(2) == 0) t.Dims.Add(r.Next(0, 4));
                else t.Dims.Clear();
                break;
            }
            case 5: // initializer data: NaN/Inf, truncation, wrong type
            {
                if (g.Initializer.Count == 0) break;
                var t = g.Initializer[r.Next(g.Initializer.Count)];
                if (t.RawData.Length >= 4 && r.Next(3) != 0)
                {
                    var raw = t.RawData.ToByteArray();
                    if (r.Next(2) == 0) BitConverter.GetBytes(InterestingFloat(r)).CopyTo(raw, r.Next(raw.Length / 4) * 4);
                    else raw = raw.AsSpan(0, r.Next(raw.Length)).ToArray();
                    t.RawData = ByteString.CopyFrom(raw);
                }
                else if (t.FloatData.Count > 0) t.FloatData[r.Next(t.FloatData.Count)] = InterestingFloat(r);
                else t.DataType = r.Next(0, 17);
                break;
            }
            case 6: // graph input shape
            {
                if (g.Input.Count == 0) break;
                var shape = g.Input[r.Next(g.Input.Count)].Type?.TensorType?.Shape;
                if (shape == null || shape.Dim.Count == 0) break;
                var d = shape.Dim[r.Next(shape.Dim.Count)];
                if (r.Next(3) == 0) d.DimParam = "N";
                else d.DimValue = InterestingLong(r);
                if (r.Next(6) == 0) shape.Dim.RemoveAt(r.Next(shape.Dim.Count));
                break;
            }
            case 7: // graph inputs or outputs removed / duplicated
                if (r.Next(2) == 0 && g.Output.Count > 0) g.Output.RemoveAt(r.Next(g.Output.Count));
                else if (g.Input.Count > 0) g.Input.Add(g.Input[r.Next(g.Input.Count)].Clone());
                break;
            case 8: // initializer removed or renamed
                if (g.Initializer.Count == 0) break;
                if (r.Next(2) == 0) g.Initializer.RemoveAt(r.Next(g.Initializer.Count));
                else g.Initializer[r.Next(g.Initializer.Count)].Name = g.Node[r.Next(g.Node.Count)].Output[0];
                break;
            case 9: // attribute removed or added
            {
                var n = g.Node[r.Next(g.Node.Count)];
                if (n.Attribute.Count > 0 && r.Next(2) == 0) n.Attribute.RemoveAt(r.Next(n.Attribute.Count));
                else n.Attribute.Add(new AttributeProto { Name = r.Next(2) == 0 ? "group" : "dilations", Type = AttributeProto.Types.AttributeType.Ints, Ints = { InterestingLong(r), InterestingLong(r) } });
                break;
            }
            case 10: // opset
                if (m.OpsetImport.Count > 0) m.OpsetImport[0].Version = InterestingLong(r);
                break;
            default: // names clash
            {
                var a = g.Node[r.Next(g.Node.Count)];
                var b = g.Node[r.Next(g.Node.Count)];
                if (a.Output.Count > 0 && b.Output.Count > 0) a.Output[0] = b.Output[0];
                break;
            }
        }
    }

    private static long InterestingLong(Random r) => r.Next(10) switch
    {
        0 => 0,
        1 => -1,
        2 => long.MaxValue,
        3 => long.MinValue,
        4 => int.MaxValue,
        5 => 1L << 20,
        6 => 1,
        _ => r.Next(-4, 130),
    };

    private static float InterestingFloat(Random r) => r.Next(6) switch
    {
        0 => float.NaN,
        1 => float.PositiveInfinity,
        2 => float.NegativeInfinity,
        3 => float.MaxValue,
        4 => 0f,
        _ => (float)(r.NextDouble() * 2e6 - 1e6),
    };

    // ---- manifest ----

    public static FuzzResult Manifest(int cases, int seed)
    {
        var r = new Random(seed);
        var valid = DatasetManifest.Format(
        [
            new ManifestEntry("clips/wake/a.wav", "wake", "train", "s1", "espeak"),
            new ManifestEntry("clips/speech/b c.wav", "speech", "val", "s2", "flite"),
            new ManifestEntry("noise/n,1.wav", "background", "test", "s3", "file:x"),
            new ManifestEntry("clips/q\"uote.wav", "stream", "train", "s4", "festival"),
        ]);
        string[] pieces = ["\"", ",", "\n", "\r\n", "\r", "\0", "..", "/", "\\", "C:", "é", "\uFEFF", "\uD800", ".wav", "wake", "train", "\"\"", " ", "\t"];
        return Loop("manifest", cases, r, rng =>
        {
            var sb = new StringBuilder(rng.Next(25) == 0 ? "" : valid);
            for (var k = rng.Next(1, 5); k > 0; k--)
            {
                var pos = sb.Length == 0 ? 0 : rng.Next(sb.Length + 1);
                switch (rng.Next(5))
                {
                    case 0: sb.Insert(pos, pieces[rng.Next(pieces.Length)]); break;
                    case 1: if (sb.Length > 0) sb.Remove(Math.Min(pos, sb.Length - 1), Math.Min(rng.Next(1, 12), sb.Length - Math.Min(pos, sb.Length - 1))); break;
                    case 2: if (sb.Length > 0) sb[Math.Min(pos, sb.Length - 1)] = (char)rng.Next(0, 0x3000); break;
                    case 3: sb.Length = Math.Min(sb.Length, pos); break;
                    default:
                        var text = sb.ToString();
                        var nl = text.IndexOf('\n', Math.Min(pos, text.Length));
                        if (nl >= 0) sb.Insert(pos, text.AsSpan(0, nl + 1).ToString());
                        break;
                }
            }
            var s = sb.ToString();
            var problems = new List<ManifestProblem>();
            var lenient = DatasetManifest.Parse(s, "fuzz.csv", problems);
            foreach (var p in problems)
                if (p.Line < 1 || p.Column.Length == 0 || p.Message.Length == 0)
                    throw new InvalidOperationException($"problem without line/column/message: {p}");
            var strict = DatasetManifest.Parse(s, "fuzz.csv", problems: null);
            if (problems.Count > 0) throw new InvalidOperationException($"strict parse accepted text with {problems.Count} problem(s)");
            if (strict.Count != lenient.Count) throw new InvalidOperationException("strict and lenient parses disagree");
        }, "fuzz.csv");
    }

    // ---- shared ----

    private static FuzzResult Loop(string target, int cases, Random r, Action<Random> one, string source)
    {
        var sw = Stopwatch.StartNew();
        int accepted = 0, refused = 0, failureCount = 0;
        var failures = new List<string>();
        for (var i = 0; i < cases; i++)
        {
            // Each case gets its own generator so a failure can be repeated from (seed, case) alone.
            var caseRng = new Random(r.Next());
            try
            {
                one(caseRng);
                accepted++;
            }
            catch (WakeWordException e)
            {
                var m = e.Message;
                if (m.Length == 0 || m.Contains('\n') || !m.Contains(source, StringComparison.Ordinal))
                {
                    failureCount++;
                    if (failures.Count < MaxFailuresKept) failures.Add($"case {i}: unclear WakeWordException message: '{m}'");
                }
                else refused++;
            }
            catch (Exception e)
            {
                failureCount++;
                if (failures.Count < MaxFailuresKept)
                    failures.Add($"case {i}: {e.GetType().Name}: {e.Message.Split('\n')[0]} at {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
            }
        }
        return new FuzzResult(target, cases, accepted, refused, failureCount, failures, sw.Elapsed.TotalSeconds);
    }

    private static byte[] RandomBytes(Random r, int n)
    {
        var b = new byte[n];
        r.NextBytes(b);
        return b;
    }

    /// <summary>One to four edits: byte overwrite, bit flip, truncation, insertion, deletion, a 32-bit interesting value.</summary>
    private static byte[] MutateBytes(Random r, byte[] seed, int headerBytes)
    {
        var b = new List<byte>(seed);
        for (var k = r.Next(1, 5); k > 0 && b.Count > 0; k--)
        {
            var span = Math.Min(b.Count, headerBytes);
            var p = r.Next(span);
            switch (r.Next(6))
            {
                case 0: b[p] = (byte)r.Next(256); break;
                case 1: b[p] ^= (byte)(1 << r.Next(8)); break;
                case 2: b.RemoveRange(p, b.Count - p); break;
                case 3: b.InsertRange(p, RandomBytes(r, r.Next(1, 9))); break;
                case 4: b.RemoveRange(p, Math.Min(r.Next(1, 9), b.Count - p)); break;
                default:
                    uint v = r.Next(5) switch { 0 => 0, 1 => uint.MaxValue, 2 => 0x80000000, 3 => 0x7FFFFFFF, _ => (uint)r.Next(0, 300) };
                    for (var j = 0; j < 4 && p + j < b.Count; j++) b[p + j] = (byte)(v >> (8 * j));
                    break;
            }
        }
        return b.ToArray();
    }
}
