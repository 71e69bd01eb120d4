using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using WakeWord.Core;
using WakeWord.Sim.Frontend;

namespace WakeWord.Training.Data;

/// <summary>
/// Front-end features of audio buffers, cached on disk. The key is SHA-256 of the exact 48 kHz PCM handed to the
/// front end (after fitting and augmentation) together with SHA-256 of the front-end config JSON, so a cached file is
/// only reused for the same samples through the same front end. File: "WWFC", version, frames, features (int32 LE),
/// then int16 LE features frame by frame. Files are written atomically; a damaged file is recomputed.
/// </summary>
internal sealed class FeatureCache
{
    private const uint Magic = 0x43465757; // "WWFC"
    private const int Version = 1;
    private readonly string? _dir;
    private readonly byte[] _configHash;
    private long _hits;
    private long _misses;

    public FeatureCache(FrontendConfig config, string? dir)
    {
        Tables = new FrontendTables(config);
        _dir = dir;
        _configHash = SHA256.HashData(Encoding.UTF8.GetBytes(config.ToJson()));
        if (dir != null) Directory.CreateDirectory(dir);
    }

    public FrontendTables Tables { get; }
    public int Features => Tables.Config.Features;
    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Features of <paramref name="pcm48k"/> from power-on, [frames][Features] row-major.</summary>
    public short[] Compute(short[] pcm48k)
    {
        if (_dir == null) return Frontend.ComputeAll(Tables, pcm48k);
        var path = Path.Combine(_dir, Key(pcm48k) + ".wwfc");
        if (TryRead(path, out var cached))
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }
        Interlocked.Increment(ref _misses);
        var f = Frontend.ComputeAll(Tables, pcm48k);
        AtomicOutput.WriteFile(path, tmp => Write(tmp, f, Features));
        return f;
    }

    private string Key(short[] pcm)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(_configHash);
        h.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pcm.AsSpan()));
        return Convert.ToHexString(h.GetHashAndReset()).ToLowerInvariant();
    }

    private bool TryRead(string path, out short[] features)
    {
        features = [];
        if (!File.Exists(path)) return false;
        var b = File.ReadAllBytes(path);
        if (b.Length < 16 || BinaryPrimitives.ReadUInt32LittleEndian(b) != Magic || BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(4)) != Version)
            return false;
        var frames = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(8));
        var nf = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(12));
        if (nf != Features || frames < 0 || b.Length != 16 + frames * nf * 2) return false;
        features = new short[frames * nf];
        for (var i = 0; i < features.Length; i++) features[i] = BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(16 + 2 * i));
        return true;
    }

    private static void Write(string path, short[] f, int nf)
    {
        var b = new byte[16 + f.Length * 2];
        BinaryPrimitives.WriteUInt32LittleEndian(b, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(8), f.Length / nf);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(12), nf);
        for (var i = 0; i < f.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(16 + 2 * i), f[i]);
        File.WriteAllBytes(path, b);
    }
}
