using System.Buffers.Binary;
using System.CommandLine;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Cli.Commands;

/// <summary><c>wakeword trace compare A B</c> and <c>wakeword trace dump T</c>: inspect runtime traces.</summary>
public sealed class TraceCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("trace", "Compare or print runtime traces (firmware and simulator write the same format).");
        var compare = new Command("compare", "Compare two traces; prints the first differing record, layer and element.");
        var expected = new Argument<FileInfo>("expected") { Description = "Reference trace (e.g. the simulator's)." };
        var actual = new Argument<FileInfo>("actual") { Description = "Trace to check (e.g. the firmware's)." };
        compare.Arguments.Add(expected);
        compare.Arguments.Add(actual);
        compare.SetAction(pr =>
        {
            var diff = TraceComparer.CompareFiles(pr.GetValue(expected)!.FullName, pr.GetValue(actual)!.FullName);
            ctx.Out.WriteLine(diff.Equal ? "traces are identical" : diff.Description);
            return diff.Equal ? 0 : 1;
        });
        var dump = new Command("dump", "Print a trace, one line per record (layer data summarized).");
        var file = new Argument<FileInfo>("trace") { Description = "Trace file." };
        var kinds = new Option<string?>("--only") { Description = "Only these record types, comma-separated (features,layer,posterior,detection,dvfs,overrun)." };
        dump.Arguments.Add(file);
        dump.Options.Add(kinds);
        dump.SetAction(pr =>
        {
            var t = TraceFile.Load(pr.GetValue(file)!.FullName);
            var only = pr.GetValue(kinds)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(k => k.ToLowerInvariant()).ToHashSet();
            var h = t.Header;
            ctx.Out.WriteLine($"WWTR v{h.Version}: {h.Features} features, window {h.WindowFrames}, {h.Classes} classes, inference every {h.InferEvery} frames, flags {h.Flags}");
            foreach (var r in t.Records)
            {
                if (only != null && !only.Contains(r.Type.ToString().ToLowerInvariant())) continue;
                ctx.Out.WriteLine(Describe(r));
            }
            return 0;
        });
        cmd.Subcommands.Add(compare);
        cmd.Subcommands.Add(dump);
        return cmd;
    }

    internal static string Describe(TraceRecord r)
    {
        var p = r.Payload;
        return r.Type switch
        {
            TraceRecordType.Features => $"{r.Frame,7} FEATURES  " + string.Join(' ', Enumerable.Range(0, p.Length / 2).Select(i => BinaryPrimitives.ReadInt16LittleEndian(p.AsSpan(2 * i)))),
            TraceRecordType.Layer => $"{r.Frame,7} LAYER {r.Sub,3} {r.LayerName,-16} {p.Length - r.LayerDataOffset} bytes",
            TraceRecordType.Posterior => $"{r.Frame,7} POSTERIOR ran={p[0]} gate={p[1]} smoothed={BinaryPrimitives.ReadInt16LittleEndian(p.AsSpan(2))} probs=" +
                string.Join(',', p.Skip(4).Select(b => (sbyte)b)),
            TraceRecordType.Detection => $"{r.Frame,7} DETECTION score={BinaryPrimitives.ReadInt16LittleEndian(p)} index={BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(4))}",
            TraceRecordType.Dvfs => $"{r.Frame,7} DVFS      {(p[0] == 1 ? "HIGH" : "LOW")}",
            TraceRecordType.Overrun => $"{r.Frame,7} OVERRUN   total={BinaryPrimitives.ReadUInt32LittleEndian(p)}",
            _ => r.ToString(),
        };
    }
}
