// twin of ww_trace.h
namespace WakeWord.Sim.Runtime.Trace;

/// <summary>Record types of the trace (WW_TRACE_REC_*).</summary>
public enum TraceRecordType : byte
{
    Features = 1,
    Layer = 2,
    Posterior = 3,
    Detection = 4,
    Dvfs = 5,
    Overrun = 6,
}

/// <summary>Which records a trace holds (WW_TRACE_FEATURES / LAYERS / DECISIONS of ww_runtime.h).</summary>
[Flags]
public enum TraceFlags : ushort
{
    None = 0,
    Features = 1,
    Layers = 2,
    Decisions = 4,
    All = 7,
}

/// <summary>The 16-byte trace header.</summary>
public readonly record struct TraceHeader(ushort Version, ushort Features, ushort WindowFrames, ushort Classes, ushort InferEvery, TraceFlags Flags)
{
    public const int Bytes = 16;
    public const ushort CurrentVersion = 1;
}

/// <summary>One record: type, sub (layer index), frame and the raw payload bytes.</summary>
public sealed record TraceRecord(TraceRecordType Type, byte Sub, uint Frame, byte[] Payload)
{
    public const int HeadBytes = 12;

    /// <summary>For LAYER records: the layer name stored in the payload.</summary>
    public string LayerName => Type == TraceRecordType.Layer && Payload.Length > 0
        ? System.Text.Encoding.ASCII.GetString(Payload, 1, Math.Min(Payload[0], Payload.Length - 1)) : "";

    /// <summary>For LAYER records: offset of the output data in the payload.</summary>
    public int LayerDataOffset => Type == TraceRecordType.Layer && Payload.Length > 0 ? 1 + Payload[0] : 0;

    public override string ToString() => Type switch
    {
        TraceRecordType.Layer => $"LAYER {Sub} '{LayerName}' frame {Frame} ({Payload.Length - LayerDataOffset} bytes)",
        _ => $"{Type.ToString().ToUpperInvariant()} frame {Frame} ({Payload.Length} bytes)",
    };
}
