// twin of ww_trace.c
using System.Buffers.Binary;
using System.Text;

namespace WakeWord.Sim.Runtime.Trace;

/// <summary>Writes the binary trace exactly as the firmware's ww_trace.c does (little-endian).</summary>
public sealed class TraceWriter : IDisposable
{
    private readonly Stream _out;
    private readonly bool _own;
    private readonly byte[] _head = new byte[TraceRecord.HeadBytes + 1 + 64];

    public TraceWriter(Stream output, bool ownStream = false)
    {
        _out = output;
        _own = ownStream;
    }

    /// <summary>ww_trace_header.</summary>
    public void Header(int features, int windowFrames, int classes, int inferEvery, TraceFlags flags)
    {
        Span<byte> b = stackalloc byte[TraceHeader.Bytes];
        "WWTR"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt16LittleEndian(b[4..], TraceHeader.CurrentVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(b[6..], (ushort)features);
        BinaryPrimitives.WriteUInt16LittleEndian(b[8..], (ushort)windowFrames);
        BinaryPrimitives.WriteUInt16LittleEndian(b[10..], (ushort)classes);
        BinaryPrimitives.WriteUInt16LittleEndian(b[12..], (ushort)inferEvery);
        BinaryPrimitives.WriteUInt16LittleEndian(b[14..], (ushort)flags);
        _out.Write(b);
    }

    private void Head(Span<byte> b, TraceRecordType type, int sub, uint frame, int length)
    {
        b[0] = (byte)type;
        b[1] = (byte)sub;
        b[2] = 0;
        b[3] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(b[4..], frame);
        BinaryPrimitives.WriteUInt32LittleEndian(b[8..], (uint)length);
    }

    /// <summary>ww_trace_features.</summary>
    public void Features(uint frame, ReadOnlySpan<short> features)
    {
        Span<byte> b = stackalloc byte[TraceRecord.HeadBytes + 2 * features.Length];
        Head(b, TraceRecordType.Features, 0, frame, 2 * features.Length);
        for (var i = 0; i < features.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(b[(TraceRecord.HeadBytes + 2 * i)..], features[i]);
        _out.Write(b);
    }

    /// <summary>ww_trace_layer.</summary>
    public void Layer(uint frame, int layer, string name, ReadOnlySpan<byte> data)
    {
        var nameLength = Math.Min(name.Length, 64);
        var b = _head.AsSpan(0, TraceRecord.HeadBytes + 1 + nameLength);
        Head(b, TraceRecordType.Layer, layer, frame, 1 + nameLength + data.Length);
        b[TraceRecord.HeadBytes] = (byte)nameLength;
        Encoding.ASCII.GetBytes(name.AsSpan(0, nameLength), b[(TraceRecord.HeadBytes + 1)..]);
        _out.Write(b);
        _out.Write(data);
    }

    /// <summary>ww_trace_posterior.</summary>
    public void Posterior(uint frame, bool ran, bool gateOpen, int smoothed, ReadOnlySpan<sbyte> probs)
    {
        Span<byte> b = stackalloc byte[TraceRecord.HeadBytes + 4 + probs.Length];
        Head(b, TraceRecordType.Posterior, 0, frame, 4 + probs.Length);
        b[12] = ran ? (byte)1 : (byte)0;
        b[13] = gateOpen ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt16LittleEndian(b[14..], (short)smoothed);
        for (var i = 0; i < probs.Length; i++) b[16 + i] = (byte)probs[i];
        _out.Write(b);
    }

    /// <summary>ww_trace_detection.</summary>
    public void Detection(uint frame, int score, uint index)
    {
        Span<byte> b = stackalloc byte[TraceRecord.HeadBytes + 8];
        Head(b, TraceRecordType.Detection, 0, frame, 8);
        BinaryPrimitives.WriteInt16LittleEndian(b[12..], (short)score);
        BinaryPrimitives.WriteUInt16LittleEndian(b[14..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(b[16..], index);
        _out.Write(b);
    }

    /// <summary>ww_trace_dvfs.</summary>
    public void Dvfs(uint frame, PerfLevel level)
    {
        Span<byte> b = stackalloc byte[TraceRecord.HeadBytes + 4];
        Head(b, TraceRecordType.Dvfs, 0, frame, 4);
        b[12] = (byte)level;
        b[13] = b[14] = b[15] = 0;
        _out.Write(b);
    }

    /// <summary>ww_trace_overrun.</summary>
    public void Overrun(uint frame, uint count)
    {
        Span<byte> b = stackalloc byte[TraceRecord.HeadBytes + 4];
        Head(b, TraceRecordType.Overrun, 0, frame, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(b[12..], count);
        _out.Write(b);
    }

    public void Dispose()
    {
        _out.Flush();
        if (_own) _out.Dispose();
    }
}
