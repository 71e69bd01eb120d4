using System.Security.Cryptography;
using System.Text;

namespace WakeWord.Datasets.Util;

/// <summary>
/// A small deterministic random generator (SplitMix64). Unlike <see cref="Random"/> its sequence is fixed
/// by this file alone, so a seed gives the same dataset on every .NET version and machine. Every random choice
/// the generator makes comes from an instance seeded per item (<see cref="ForItem"/>), so the result does not
/// depend on the order or number of parallel jobs.
/// </summary>
public sealed class StableRng
{
    private ulong _state;

    public StableRng(ulong seed) => _state = seed;

    /// <summary>An RNG for one named item of a run with seed <paramref name="seed"/>.</summary>
    public static StableRng ForItem(long seed, string item) => new(StableHash.Of($"{seed}\n{item}"));

    public ulong NextU64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        return (int)(NextU64() % (ulong)n);
    }

    /// <summary>Uniform integer in [lo, hi] (both included).</summary>
    public int Range(int lo, int hi) => lo + Next(hi - lo + 1);

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform double in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>Stable 64-bit hash of a string (first 8 bytes of its SHA-256), for seeds and split assignment.</summary>
public static class StableHash
{
    public static ulong Of(string text)
    {
        Span<byte> h = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), h);
        return BitConverter.ToUInt64(h);
    }

    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    public static string FileSha256(string path)
    {
        using var fs = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(fs));
    }
}
