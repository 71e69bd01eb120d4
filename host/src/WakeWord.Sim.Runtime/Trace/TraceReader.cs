using System.Buffers.Binary;
using WakeWord.Core;

namespace WakeWord.Sim.Runtime.Trace;

/// <summary>A parsed trace: header and records in file order.</summary>
public sealed record TraceFile(TraceHeader Header, IReadOnlyList<TraceRecord> Records)
{
    /// <summary>Parses a trace file; a malformed one is a <see cref="WakeWordException"/> naming the file and offset.</summary>
    public static TraceFile Load(string path)
    {
        if (!File.Exists(path)) throw new WakeWordException($"{path}: trace not found");
        return Parse(File.ReadAllBytes(path), path);
    }

    public static TraceFile Parse(ReadOnlySpan<byte> b, string source = "trace")
    {
        if (b.Length < TraceHeader.Bytes || !b[..4].SequenceEqual("WWTR"u8))
            throw new WakeWordException($"{source}: not a WakeWord trace (no WWTR header)");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(b[4..]);
        if (version != TraceHeader.CurrentVersion)
            throw new WakeWordException($"{source}: trace version {version}, expected {TraceHeader.CurrentVersion}");
        var header = new TraceHeader(version, BinaryPrimitives.ReadUInt16LittleEndian(b[6..]), BinaryPrimitives.ReadUInt16LittleEndian(b[8..]),
            BinaryPrimitives.ReadUInt16LittleEndian(b[10..]), BinaryPrimitives.ReadUInt16LittleEndian(b[12..]),
            (TraceFlags)BinaryPrimitives.ReadUInt16LittleEndian(b[14..]));
        var records = new List<TraceRecord>();
        var pos = TraceHeader.Bytes;
        while (pos < b.Length)
        {
            if (b.Length - pos < TraceRecord.HeadBytes)
                throw new WakeWordException($"{source}: truncated record head at byte {pos}");
            var type = b[pos];
            if (type < 1 || type > 6) throw new WakeWordException($"{source}: unknown record type {type} at byte {pos}");
            var length = BinaryPrimitives.ReadUInt32LittleEndian(b[(pos + 8)..]);
            if (length > b.Length - pos - TraceRecord.HeadBytes)
                throw new WakeWordException($"{source}: record at byte {pos} claims {length} bytes, only {b.Length - pos - TraceRecord.HeadBytes} left");
            records.Add(new TraceRecord((TraceRecordType)type, b[pos + 1], BinaryPrimitives.ReadUInt32LittleEndian(b[(pos + 4)..]),
                b.Slice(pos + TraceRecord.HeadBytes, (int)length).ToArray()));
            pos += TraceRecord.HeadBytes + (int)length;
        }
        return new TraceFile(header, records);
    }
}
