using System.Buffers.Binary;
using WakeWord.Core;

namespace WakeWord.Sim.Frontend;

/// <summary>
/// The WWFE feature file written by <c>wakeword features</c> (both implementations) and by the
/// firmware's ww_features tool. Little endian:
/// <c>"WWFE"</c>, u32 version (1), u32 frames, u32 features per frame, u32 fractional bits
/// (one LSB = 2^-bits nat), then int16 [frames][features].
/// </summary>
public sealed record FeatureFile(int Frames, int FeaturesPerFrame, int FracBits, short[] Data)
{
    public const int Version = 1;
    public const int HeaderBytes = 20;

    /// <summary>Real value of one LSB (nats).</summary>
    public double Scale => 1.0 / (1 << FracBits);

    public byte[] ToBytes()
    {
        var b = new byte[HeaderBytes + Data.Length * 2];
        "WWFE"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), (uint)Frames);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), (uint)FeaturesPerFrame);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), (uint)FracBits);
        for (var i = 0; i < Data.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(HeaderBytes + 2 * i), Data[i]);
        return b;
    }

    /// <summary>Writes the file atomically.</summary>
    public void Write(string path) => AtomicOutput.WriteFile(path, tmp => File.WriteAllBytes(tmp, ToBytes()));

    public static FeatureFile Parse(ReadOnlySpan<byte> b, string source)
    {
        if (b.Length < HeaderBytes) throw new WakeWordException($"{source}: {b.Length} bytes, shorter than the {HeaderBytes}-byte WWFE header");
        if (!b[..4].SequenceEqual("WWFE"u8)) throw new WakeWordException($"{source}: not a WWFE feature file (bad magic)");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        if (version != Version) throw new WakeWordException($"{source}: WWFE version {version}, expected {Version}");
        var frames = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]);
        var per = BinaryPrimitives.ReadUInt32LittleEndian(b[12..]);
        var bits = BinaryPrimitives.ReadUInt32LittleEndian(b[16..]);
        if (per == 0 || per > 1024) throw new WakeWordException($"{source}: features per frame {per} out of range");
        if (bits > 15) throw new WakeWordException($"{source}: fractional bits {bits} out of range");
        var expected = (long)frames * per * 2;
        if (b.Length - HeaderBytes != expected)
            throw new WakeWordException($"{source}: header says {frames} frames x {per} features ({expected} bytes) but {b.Length - HeaderBytes} bytes follow");
        var data = new short[frames * per];
        for (var i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadInt16LittleEndian(b[(HeaderBytes + 2 * i)..]);
        return new FeatureFile((int)frames, (int)per, (int)bits, data);
    }

    public static FeatureFile Read(string path)
    {
        if (!File.Exists(path)) throw new WakeWordException($"{path}: not found");
        return Parse(File.ReadAllBytes(path), path);
    }
}
