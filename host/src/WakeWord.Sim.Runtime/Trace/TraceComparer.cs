using WakeWord.Core;

namespace WakeWord.Sim.Runtime.Trace;

/// <summary>The first difference between two traces, or <see cref="Equal"/>.</summary>
public sealed record TraceDiff(bool Equal, int RecordIndex, string Description)
{
    public static readonly TraceDiff Same = new(true, -1, "traces are identical");
    public override string ToString() => Description;
}

/// <summary>Compares two traces byte for byte and explains the first difference by record, layer and element.</summary>
public static class TraceComparer
{
    public static TraceDiff CompareFiles(string expectedPath, string actualPath)
    {
        if (!File.Exists(expectedPath)) throw new WakeWordException($"{expectedPath}: trace not found");
        if (!File.Exists(actualPath)) throw new WakeWordException($"{actualPath}: trace not found");
        return Compare(File.ReadAllBytes(expectedPath), File.ReadAllBytes(actualPath), "expected", "actual");
    }

    /// <summary>Compares raw traces; names label the two sides in the description.</summary>
    public static TraceDiff Compare(byte[] expected, byte[] actual, string expectedName = "expected", string actualName = "actual")
    {
        if (expected.AsSpan().SequenceEqual(actual)) return TraceDiff.Same;
        var e = TraceFile.Parse(expected, expectedName);
        var a = TraceFile.Parse(actual, actualName);
        if (e.Header != a.Header) return new TraceDiff(false, -1, $"headers differ: {expectedName} {e.Header}, {actualName} {a.Header}");
        var n = Math.Min(e.Records.Count, a.Records.Count);
        for (var i = 0; i < n; i++)
        {
            var re = e.Records[i];
            var ra = a.Records[i];
            if (re.Type != ra.Type || re.Sub != ra.Sub || re.Frame != ra.Frame)
                return new TraceDiff(false, i, $"record {i}: {expectedName} has {re}, {actualName} has {ra}");
            if (re.Payload.AsSpan().SequenceEqual(ra.Payload)) continue;
            if (re.Payload.Length != ra.Payload.Length)
                return new TraceDiff(false, i, $"record {i} {re}: payload length {expectedName} {re.Payload.Length}, {actualName} {ra.Payload.Length}");
            var j = re.Payload.AsSpan().CommonPrefixLength(ra.Payload);
            return new TraceDiff(false, i, $"record {i} {re}: {Element(re, j, ra)}");
        }
        if (e.Records.Count != a.Records.Count)
        {
            var extra = e.Records.Count > a.Records.Count ? $"{expectedName} continues with {e.Records[n]}" : $"{actualName} continues with {a.Records[n]}";
            return new TraceDiff(false, n, $"record {n}: {expectedName} has {e.Records.Count} records, {actualName} {a.Records.Count}; {extra}");
        }
        return new TraceDiff(false, -1, "traces differ in bytes but parse identically");
    }

    private static string Element(TraceRecord e, int byteIndex, TraceRecord a)
    {
        switch (e.Type)
        {
            case TraceRecordType.Features:
                {
                    var k = byteIndex / 2;
                    return $"feature {k}: expected {BitConverter.ToInt16(e.Payload, 2 * k)}, actual {BitConverter.ToInt16(a.Payload, 2 * k)}";
                }
            case TraceRecordType.Layer:
                {
                    var k = byteIndex - e.LayerDataOffset;
                    if (k < 0) return $"layer name: expected '{e.LayerName}', actual '{a.LayerName}'";
                    return $"layer {e.Sub} '{e.LayerName}' element {k} (byte): expected {(sbyte)e.Payload[byteIndex]}, actual {(sbyte)a.Payload[byteIndex]}";
                }
            case TraceRecordType.Posterior:
                return byteIndex switch
                {
                    0 => $"ran: expected {e.Payload[0]}, actual {a.Payload[0]}",
                    1 => $"gate_open: expected {e.Payload[1]}, actual {a.Payload[1]}",
                    2 or 3 => $"smoothed: expected {BitConverter.ToInt16(e.Payload, 2)}, actual {BitConverter.ToInt16(a.Payload, 2)}",
                    _ => $"class {byteIndex - 4} posterior: expected {(sbyte)e.Payload[byteIndex]}, actual {(sbyte)a.Payload[byteIndex]}",
                };
            default:
                return $"payload byte {byteIndex}: expected {e.Payload[byteIndex]}, actual {a.Payload[byteIndex]}";
        }
    }
}
