using System.Globalization;
using System.Text;
using WakeWord.Core;

namespace WakeWord.Codegen.Planning;

/// <summary>
/// Places buffers with known lifetimes in one aligned arena, reusing memory between buffers that are never
/// alive at the same time.
/// <para>
/// Algorithm (greedy by size, as TFLite Micro's greedy planner): buffers are taken largest first (ties:
/// earlier first use, then lower index). Each is put at the lowest aligned offset where it overlaps no
/// already-placed buffer whose lifetime [firstUse, lastUse] intersects its own; the gaps are scanned in
/// offset order. Placing big buffers first keeps small ones from fragmenting the arena. The result is
/// deterministic (no hashing, no randomness).
/// </para>
/// <para>
/// <see cref="LowerBoundBytes"/> is the largest sum of (aligned) sizes alive at one time step: no placement
/// can beat it, so <c>ArenaBytes / LowerBoundBytes</c> measures the planner's loss.
/// </para>
/// </summary>
public sealed class MemoryPlanner
{
    private readonly List<(int Size, int First, int Last, string Name)> _buffers = [];
    private int[]? _offsets;
    private int _arena;

    /// <param name="alignment">Alignment of every offset and of the arena size (power of two).</param>
    public MemoryPlanner(int alignment = 16)
    {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(alignment), "alignment must be a power of two");
        Alignment = alignment;
    }

    public int Alignment { get; }

    public int Count => _buffers.Count;

    /// <summary>Adds a buffer alive from time step <paramref name="firstUse"/> to <paramref name="lastUse"/> inclusive; returns its index.</summary>
    public int AddBuffer(int size, int firstUse, int lastUse, string? name = null)
    {
        if (size < 0) throw new WakeWordException($"memory planner: buffer {name ?? _buffers.Count.ToString(CultureInfo.InvariantCulture)} has negative size {size}");
        if (lastUse < firstUse) throw new WakeWordException($"memory planner: buffer {name ?? _buffers.Count.ToString(CultureInfo.InvariantCulture)} ends (step {lastUse}) before it starts (step {firstUse})");
        _buffers.Add((size, firstUse, lastUse, name ?? $"buffer{_buffers.Count}"));
        _offsets = null;
        return _buffers.Count - 1;
    }

    /// <summary>Byte offset of buffer <paramref name="i"/> in the arena.</summary>
    public int Offset(int i)
    {
        Plan();
        return _offsets![i];
    }

    /// <summary>Planned arena size in bytes (aligned).</summary>
    public int ArenaBytes
    {
        get
        {
            Plan();
            return _arena;
        }
    }

    /// <summary>Largest total of aligned buffer sizes alive at one time step.</summary>
    public int LowerBoundBytes
    {
        get
        {
            if (_buffers.Count == 0) return 0;
            var first = _buffers.Min(b => b.First);
            var last = _buffers.Max(b => b.Last);
            var best = 0;
            for (var t = first; t <= last; t++)
            {
                var sum = 0;
                foreach (var b in _buffers)
                    if (b.First <= t && t <= b.Last) sum += Align(b.Size);
                best = Math.Max(best, sum);
            }
            return best;
        }
    }

    private int Align(int n) => (n + Alignment - 1) & ~(Alignment - 1);

    private void Plan()
    {
        if (_offsets != null) return;
        var n = _buffers.Count;
        var order = Enumerable.Range(0, n)
            .OrderByDescending(i => Align(_buffers[i].Size))
            .ThenBy(i => _buffers[i].First)
            .ThenBy(i => i)
            .ToArray();
        var offsets = new int[n];
        var placed = new List<int>();
        var arena = 0;
        foreach (var i in order)
        {
            var (size, first, last, _) = _buffers[i];
            var need = Align(size);
            // Occupied ranges of placed buffers that are alive at the same time, in offset order.
            var busy = placed
                .Where(j => _buffers[j].First <= last && first <= _buffers[j].Last && _buffers[j].Size > 0)
                .Select(j => (Start: offsets[j], End: offsets[j] + Align(_buffers[j].Size)))
                .OrderBy(r => r.Start).ThenBy(r => r.End)
                .ToList();
            var at = 0;
            if (need > 0)
            {
                foreach (var (start, end) in busy)
                {
                    if (at + need <= start) break;
                    at = Math.Max(at, end);
                }
            }
            offsets[i] = at;
            placed.Add(i);
            arena = Math.Max(arena, at + need);
        }
        _offsets = offsets;
        _arena = Align(arena);
    }

    /// <summary>
    /// The plan as text: one line per buffer (offset, size, lifetime, name) in offset order, then arena size,
    /// lower bound and a timeline (one column per time step, '#' where the buffer is alive).
    /// </summary>
    public string Render()
    {
        Plan();
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        if (_buffers.Count == 0) return "arena 0 bytes (no buffers)\n";
        var first = _buffers.Min(b => b.First);
        var last = _buffers.Max(b => b.Last);
        var nameWidth = Math.Max(4, _buffers.Max(b => b.Name.Length));
        sb.Append(inv, $"{"offset",8} {"end",8} {"bytes",8}  {"life",-9}  {"name".PadRight(nameWidth)}  timeline\n");
        foreach (var i in Enumerable.Range(0, _buffers.Count).OrderBy(i => _offsets![i]).ThenBy(i => _buffers[i].First).ThenBy(i => i))
        {
            var (size, f, l, name) = _buffers[i];
            var line = new StringBuilder();
            for (var t = first; t <= last; t++) line.Append(f <= t && t <= l ? '#' : '.');
            sb.Append(inv, $"{_offsets![i],8} {_offsets[i] + size,8} {size,8}  {$"{f}-{l}",-9}  {name.PadRight(nameWidth)}  {line}\n");
        }
        var lb = LowerBoundBytes;
        sb.Append(inv, $"arena {_arena} bytes, lower bound {lb} bytes ({(lb == 0 ? 100.0 : 100.0 * _arena / lb):0.0}% of the bound), alignment {Alignment}\n");
        return sb.ToString();
    }
}
