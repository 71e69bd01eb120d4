using System.Globalization;
using System.Net;
using System.Text;

namespace WakeWord.Sim.Runtime.Targets;

/// <summary>Renders a <see cref="BoardReportData"/> as plain text and as one self-contained HTML page with inline SVG charts.</summary>
public static class BoardReportRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Text(BoardReportData d)
    {
        var s = new StringBuilder();
        void L(FormattableString line) => s.AppendLine(line.ToString(Inv));
        L($"WakeWord board report");
        L($"package: {d.Package}");
        L($"audio:   {d.Audio}");
        L($"hop {d.HopSeconds * 1000:0.##} ms, inference every {d.InferEvery} hops, {d.Slices} inference slice(s) (one per hop; the posterior comes {d.Slices - 1} hop(s) = {(d.Slices - 1) * d.HopSeconds * 1000:0.##} ms after the window)");
        s.AppendLine();

        L($"MACs per layer");
        if (d.Layers.Count == 0) L($"  (the package has no manifest.json or model.json layer list)");
        foreach (var l in d.Layers) L($"  {l.Name,-32} {l.Op,-24} {l.Macs,12:N0}");
        if (d.Layers.Count > 0) L($"  {"total",-32} {"",-24} {d.Layers.Sum(l => l.Macs),12:N0}");
        s.AppendLine();

        L($"Instructions under QEMU (-icount shift=0, exact and repeatable)");
        L($"  {"core",-8} {"per inference",14} {"per MAC",8} {"front end/hop",14} {"fe worst hop",13} {"runtime worst hop",18} {"worst hop",12}");
        var macs = d.Layers.Sum(l => l.Macs);
        foreach (var b in d.Boards)
        {
            var m = b.Measured;
            var perMac = macs > 0 ? (m.MaxInferenceInstructions / (double)macs).ToString("0.00", Inv) : "-";
            L($"  {m.Target,-8} {m.MaxInferenceInstructions,14:N0} {perMac,8} {m.FrontendInstructionsPerHop,14:N0} {m.FrontendMaxHopInstructions,13:N0} {m.MaxHopInstructions,18:N0} {m.WorstHopInstructions,12:N0}");
        }
        s.AppendLine();
        ProfileText(d, L);

        foreach (var b in d.Boards)
        {
            L($"{b.Board.Name} ({b.Board.Description}); instructions from {b.Measured.Target}");
            L($"  flash {b.Memory.FlashBytes,9:N0} B   RAM {b.Memory.RamBytes,9:N0} B   (arm-none-eabi-size -A of ww_stm32h7_app.elf)");
            foreach (var sec in b.Memory.Sections) L($"    {sec.Name,-14} {sec.Bytes,9:N0} B at 0x{sec.Address:X8}");
            L($"  {"level",-6} {"clock",9} {"VOS",5} {"inference",10} {"worst hop",10} {"quiet load",11} {"speech load",12} {"quiet",9} {"speech",9}");
            foreach (var l in b.Levels)
                L($"  {l.Level.Name,-6} {l.Level.ClockHz / 1e6,6:0} MHz {l.Level.VoltageScale,5} {l.InferenceMs,7:0.00} ms {l.WorstHopLoad,9:P0} {l.QuietLoad,11:P1} {l.SpeechLoad,12:P1} {l.QuietMilliwatts,6:0.0} mW {l.SpeechMilliwatts,6:0.0} mW");
            var verdict = b.RealTimeMarginAtHigh >= 0 ? "meets" : "MISSES";
            L($"  real time per hop ({d.Slices} inference slice(s)): worst hop {1 - b.RealTimeMarginAtHigh:P1} of the {d.HopSeconds * 1000:0.##} ms hop at HIGH ({b.Board.High.ClockHz / 1e6:0} MHz), margin {b.RealTimeMarginAtHigh:P1}: {verdict} real time without buffering");
            var speechHigh = b.Levels[^1].SpeechLoad;
            if (b.RealTimeMarginAtHigh < 0)
                L($"  the worst hop spans {Math.Ceiling(1 - b.RealTimeMarginAtHigh):0} hops: with a two-block DMA buffer audio would be lost; the mean load with speech at HIGH is {speechHigh:P1}, so {(speechHigh < 1 ? $"it fits on average with {Math.Ceiling(1 - b.RealTimeMarginAtHigh) + 1:0} blocks of audio buffering or a faster kernel path" : "it does not fit even on average")}");
            var bf = b.Buffered;
            L($"  buffered real time (audio FIFO of {bf.AudioBlocks} blocks): the worst hop spans {bf.WorstHopSpan:0.00} hops, {bf.BlocksQueued} blocks queue, {bf.FifoSlotsLeft} slots left; load per inference period ({bf.InferEvery} hops) at HIGH {bf.PeriodLoad:P1}, margin {bf.PeriodMargin:P1}: {(bf.Meets ? "meets" : "MISSES")} real time with buffering");
            L($"  energy: {b.MixedMilliwattHours:0.0} mWh per hour ({b.MixedMilliwattHours * 3.6:0.0} J) with speech {d.SpeechFraction:P0} of the time (HIGH) and LOW otherwise");
            s.AppendLine();
        }
        L($"worst hop = front end's worst hop + runtime's worst hop (the inference, or its largest slice, included), a bound: the two need not coincide.");
        L($"Assumptions: one instruction per cycle (Cortex-M7 dual issue makes this pessimistic; flash wait states can make the M4 slower);");
        L($"powers are typical-datasheet estimates per level (TargetCatalog); between blocks the core sleeps in WFI.");
        return s.ToString();
    }

    private static string UnitName(string kind) => kind switch
    {
        "subtract_mean" or "softmax" => "element",
        "copy" => "byte",
        "other" => "",
        _ => "MAC",
    };

    /// <summary>The per-layer profile: each core's instructions, the first core's per unit of work, and the cost model's estimate.</summary>
    private static void ProfileText(BoardReportData d, Action<FormattableString> L)
    {
        if (d.Profiles.Count == 0) return;
        var first = d.Profiles[0];
        L($"Instructions per layer under QEMU (ww_qemu_profile: the most one of {first.Runs} random windows took, hooks left out) against the package's cost model");
        var cores = string.Concat(d.Profiles.Select(p => $" {p.Target,10}"));
        L($"  {"layer",-24} {"op",-20}{cores} {$"{first.Target} per unit",22} {"cost model",11} {"model/measured",15}");
        for (var i = 0; i < first.Layers.Count; i++)
        {
            var l = first.Layers[i];
            var counts = string.Concat(d.Profiles.Select(p => $" {p.Layers[i].Instructions,10:N0}"));
            var perUnit = l.Units > 0 ? $"{l.Instructions / (double)l.Units:0.00} /{UnitName(l.Kind)}" : "-";
            var ratio = l.Instructions > 0 ? $"{l.Estimated / l.Instructions:0.00}" : "-";
            L($"  {l.Name,-24} {l.Op,-20}{counts} {perUnit,22} {l.Estimated,11:N0} {ratio,15}");
        }
        var sums = string.Concat(d.Profiles.Select(p => $" {p.LayerInstructions,10:N0}"));
        L($"  {"sum of layers",-24} {"",-20}{sums} {"",22} {first.EstimatedInstructions,11:N0} {first.EstimatedInstructions / Math.Max(1, first.LayerInstructions),15:0.00}");
        L($"  (one whole inference, slice by slice: {string.Join(", ", d.Profiles.Select(p => $"{p.Target} {p.MaxInferenceInstructions:N0}"))})");
        L($"");
    }

    public static string Html(BoardReportData d)
    {
        var s = new StringBuilder();
        s.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>WakeWord board report</title>\n");
        s.Append("<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}pre{background:#f5f5f5;padding:1em;overflow-x:auto}svg{display:block;margin:1em 0}</style></head><body>\n");
        s.Append("<h1>WakeWord board report</h1>\n");
        s.Append(Inv, $"<p>Package <code>{Enc(d.Package)}</code>, audio <code>{Enc(d.Audio)}</code>.</p>\n");

        s.Append("<h2>Instructions per inference (QEMU)</h2>\n");
        s.Append(Bars("instructions per inference", d.Boards.Select(b => (b.Measured.Target, (double)b.Measured.MaxInferenceInstructions)).ToList(), "{0:N0}"));
        if (d.Layers.Count > 0)
        {
            s.Append("<h2>MACs per layer</h2>\n");
            s.Append(Bars("MACs", d.Layers.Select(l => (l.Name, (double)l.Macs)).ToList(), "{0:N0}"));
        }
        if (d.Profiles.Count > 0)
        {
            var p = d.Profiles[0];
            s.Append(Inv, $"<h2>Instructions per layer ({Enc(p.Target)}) and the cost model's estimate</h2>\n");
            s.Append(Bars("instructions", p.Layers.Where(l => l.Instructions >= 1000 || l.Estimated >= 1000)
                .SelectMany(l => new[] { ($"{l.Name} measured", (double)l.Instructions), ($"{l.Name} cost model", l.Estimated) }).ToList(), "{0:N0}"));
        }
        s.Append("<h2>Latency per inference at each DVFS level</h2>\n");
        s.Append(Bars("ms", d.Boards.SelectMany(b => b.Levels.Select(l => ($"{b.Board.Name} {l.Level.Name}", l.InferenceMs))).ToList(), "{0:0.00} ms"));
        s.Append("<h2>Memory of the STM32H7 images</h2>\n");
        s.Append(Bars("bytes", d.Boards.SelectMany(b => new[] { ($"{b.Board.Name} flash", (double)b.Memory.FlashBytes), ($"{b.Board.Name} RAM", (double)b.Memory.RamBytes) }).ToList(), "{0:N0} B"));
        s.Append("<h2>Mean power</h2>\n");
        s.Append(Bars("mW", d.Boards.SelectMany(b => b.Levels.SelectMany(l => new[] { ($"{b.Board.Name} {l.Level.Name} quiet", l.QuietMilliwatts), ($"{b.Board.Name} {l.Level.Name} speech", l.SpeechMilliwatts) })).ToList(), "{0:0.0} mW"));
        s.Append("<h2>Full text</h2>\n<pre>").Append(Enc(Text(d))).Append("</pre>\n</body></html>\n");
        return s.ToString();
    }

    /// <summary>A horizontal bar chart as inline SVG: one labelled bar per item, values printed at the bar ends.</summary>
    public static string Bars(string title, IReadOnlyList<(string Label, double Value)> items, string valueFormat)
    {
        const int labelWidth = 260, barWidth = 420, row = 24, top = 24;
        var max = items.Count == 0 ? 1 : Math.Max(items.Max(i => i.Value), 1e-12);
        var height = top + row * items.Count + 8;
        var s = new StringBuilder();
        s.Append(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + barWidth + 140}\" height=\"{height}\" role=\"img\" aria-label=\"{Enc(title)}\">\n");
        s.Append(Inv, $"<text x=\"0\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{Enc(title)}</text>\n");
        for (var i = 0; i < items.Count; i++)
        {
            var (label, value) = items[i];
            var y = top + i * row;
            var w = Math.Max(1, value / max * barWidth);
            s.Append(Inv, $"<text x=\"{labelWidth - 6}\" y=\"{y + 15}\" font-size=\"12\" text-anchor=\"end\">{Enc(label)}</text>");
            s.Append(Inv, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{w:0.0}\" height=\"{row - 6}\" fill=\"#4a7ebb\"/>");
            s.Append(Inv, $"<text x=\"{labelWidth + w + 6:0.0}\" y=\"{y + 15}\" font-size=\"12\">{Enc(string.Format(Inv, valueFormat, value))}</text>\n");
        }
        s.Append("</svg>\n");
        return s.ToString();
    }

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
