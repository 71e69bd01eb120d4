using System.Globalization;
using WakeWord.Core;
using WakeWord.Sim.Model;
using WakeWord.Sim.Runtime;

namespace WakeWord.Codegen.Planning;

/// <summary>
/// The layer schedule split into contiguous inference slices, one run per hop (ww_model_invoke_slice).
/// Slice k holds layers <see cref="First"/>(k) .. <see cref="Last"/>(k).
/// </summary>
/// <param name="FirstLayers">First layer of each slice, rising from 0.</param>
/// <param name="LayerCycles">Estimated Cortex-M4 cycles (instructions) of each layer.</param>
/// <param name="Reason">One line on how the slice count was chosen (for report.txt).</param>
public sealed record SlicePlan(IReadOnlyList<int> FirstLayers, IReadOnlyList<long> LayerCycles, string Reason)
{
    public int Count => FirstLayers.Count;

    public int First(int slice) => FirstLayers[slice];

    public int Last(int slice) => (slice + 1 < FirstLayers.Count ? FirstLayers[slice + 1] : LayerCycles.Count) - 1;

    /// <summary>Estimated cycles of <paramref name="slice"/> (sum of its layers).</summary>
    public long Cycles(int slice)
    {
        long sum = 0;
        for (var i = First(slice); i <= Last(slice); i++) sum += LayerCycles[i];
        return sum;
    }

    /// <summary>The largest slice's estimate.</summary>
    public long MaxCycles => Enumerable.Range(0, Count).Max(Cycles);

    /// <summary>Slice of layer <paramref name="layer"/>.</summary>
    public int SliceOf(int layer)
    {
        var s = Count - 1;
        while (s > 0 && FirstLayers[s] > layer) s--;
        return s;
    }

    /// <summary>All layers in one slice (the unsliced schedule).</summary>
    public static SlicePlan Single(int layers) => new([0], new long[layers], "1 slice");
}

/// <summary>
/// Chooses the inference slices (<c>wakeword generate --infer-slices N|auto</c>).
/// <para>
/// Cost of a layer: <see cref="CostModel.LayerCycles"/> of its kind and units of work
/// (<see cref="ModelExecutorRunner.Work"/>: MACs of conv, LSTM and FC layers, a convolution with one input channel
/// at <see cref="CostModel.FirstConvCyclesPerMac"/>; elements of the window mean and the softmax; bytes of the
/// data-movement layers) plus <see cref="CostModel.LayerCallCycles"/>, rounded.
/// </para>
/// <para>
/// Partition: N contiguous non-empty slices that minimize the largest slice's cost (the classic linear
/// partition, exact dynamic programming in O(N L²)). Among optimal splits the one found first (each cut
/// as early as possible, scanning from the left) is kept, so the choice is deterministic.
/// </para>
/// <para>
/// Auto: the smallest N whose estimated worst hop (front end and runtime per hop plus the largest slice) is at
/// most <see cref="AutoHopFraction"/> of a hop at <see cref="AutoClockHz"/> (the STM32H7 CM4's HIGH clock, the
/// slowest HIGH clock supported), with N at most InferEvery and the layer count. When no such N exists, the
/// smallest N that reaches the best largest slice possible within that cap (more slices would only add latency).
/// The target does not enter, so a package is sliced the same on every core and traces stay identical.
/// </para>
/// </summary>
public static class SlicePlanner
{
    /// <summary>Clock of the auto criterion: the STM32H7 CM4 at HIGH.</summary>
    public const double AutoClockHz = 240e6;

    /// <summary>Share of a hop the estimated worst hop may use under auto.</summary>
    public const double AutoHopFraction = 0.75;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Estimated cycles of each layer of <paramref name="m"/> under <paramref name="cost"/>.</summary>
    public static long[] LayerCycles(QuantizedModel m, CostModel cost)
    {
        var work = ModelExecutorRunner.Work(m);
        var cycles = new long[m.Layers.Length];
        for (var i = 0; i < cycles.Length; i++)
            cycles[i] = (long)Math.Round(cost.LayerCycles(work[i].Kind, work[i].Units), MidpointRounding.AwayFromZero);
        return cycles;
    }

    /// <summary>
    /// First layers of the <paramref name="n"/> contiguous slices of <paramref name="costs"/> with the smallest
    /// largest sum. <paramref name="n"/> must be 1..costs.Count.
    /// </summary>
    public static int[] Partition(IReadOnlyList<long> costs, int n)
    {
        var l = costs.Count;
        if (n < 1 || n > l) throw new WakeWordException($"inference slices: {n} slices of {l} layers (need 1..{l})");
        var prefix = new long[l + 1];
        for (var i = 0; i < l; i++) prefix[i + 1] = prefix[i] + costs[i];
        // best[k, j]: smallest largest sum splitting the first j layers into k slices; cut[k, j]: first layer of the k-th.
        var best = new long[n + 1, l + 1];
        var cut = new int[n + 1, l + 1];
        for (var j = 1; j <= l; j++) best[1, j] = prefix[j];
        for (var k = 2; k <= n; k++)
            for (var j = k; j <= l; j++)
            {
                var bestValue = long.MaxValue;
                var bestCut = k - 1;
                for (var i = k - 1; i < j; i++)
                {
                    var v = Math.Max(best[k - 1, i], prefix[j] - prefix[i]);
                    if (v < bestValue)
                    {
                        bestValue = v;
                        bestCut = i;
                    }
                }
                best[k, j] = bestValue;
                cut[k, j] = bestCut;
            }
        var firsts = new int[n];
        var end = l;
        for (var k = n; k >= 2; k--)
        {
            firsts[k - 1] = cut[k, end];
            end = cut[k, end];
        }
        firsts[0] = 0;
        return firsts;
    }

    /// <summary>All layers in one slice, with the default cost model's estimates.</summary>
    public static SlicePlan Unsliced(QuantizedModel m) =>
        new([0], LayerCycles(m, RuntimeConfig.Default.Cost), "1 slice: the whole inference in one hop");

    /// <summary>Largest slice sum of a split.</summary>
    public static long MaxSlice(IReadOnlyList<long> costs, IReadOnlyList<int> firsts)
    {
        long max = 0;
        for (var k = 0; k < firsts.Count; k++)
        {
            var end = k + 1 < firsts.Count ? firsts[k + 1] : costs.Count;
            long sum = 0;
            for (var i = firsts[k]; i < end; i++) sum += costs[i];
            max = Math.Max(max, sum);
        }
        return max;
    }

    /// <summary>
    /// The slices for <paramref name="m"/>: <paramref name="slices"/> = N (1..InferEvery) or null for auto.
    /// </summary>
    public static SlicePlan Plan(QuantizedModel m, int? slices, RuntimeConfig runtime)
    {
        var costs = LayerCycles(m, runtime.Cost);
        var cap = Math.Min(runtime.InferEvery, costs.Length);
        if (slices is { } n)
        {
            if (n < 1 || n > runtime.InferEvery)
                throw new WakeWordException($"--infer-slices {n}: must be 1..{runtime.InferEvery} (inferEvery: one slice per hop within an inference period)");
            if (n > costs.Length)
                throw new WakeWordException($"--infer-slices {n}: the model has only {costs.Length} layers");
            return new SlicePlan(Partition(costs, n), costs, $"{n} slice(s) as asked (--infer-slices {n})");
        }
        var hopCycles = runtime.Cost.FrontendCyclesPerHop + runtime.Cost.RuntimeCyclesPerHop;
        var budget = AutoHopFraction * AutoClockHz * HopSeconds;
        int[]? chosen = null;
        for (var k = 1; k <= cap && chosen == null; k++)
        {
            var p = Partition(costs, k);
            if (hopCycles + MaxSlice(costs, p) <= budget) chosen = p;
        }
        string why;
        if (chosen != null)
        {
            why = string.Format(Inv, "auto: {0} slice(s), the fewest whose estimated worst hop (front end and runtime {1:N0} + largest slice {2:N0} cycles) is at most {3:P0} of a {4:0} ms hop at {5:0} MHz ({6:N0} cycles)",
                chosen.Length, hopCycles, MaxSlice(costs, chosen), AutoHopFraction, HopSeconds * 1000, AutoClockHz / 1e6, budget);
        }
        else
        {
            var floor = MaxSlice(costs, Partition(costs, cap));
            for (var k = 1; k <= cap && chosen == null; k++)
            {
                var p = Partition(costs, k);
                if (MaxSlice(costs, p) == floor) chosen = p;
            }
            why = string.Format(Inv, "auto: {0} slice(s); no split within {1} reaches {2:P0} of a {3:0} ms hop at {4:0} MHz, this is the fewest with the smallest largest slice ({5:N0} cycles)",
                chosen!.Length, cap, AutoHopFraction, HopSeconds * 1000, AutoClockHz / 1e6, floor);
        }
        return new SlicePlan(chosen, costs, why);
    }

    /// <summary>The hop the auto criterion budgets (10 ms, the design's hop).</summary>
    public const double HopSeconds = 0.010;

    /// <summary>Parses --infer-slices: "auto" (null) or a number.</summary>
    public static int? ParseOption(string text)
    {
        if (string.Equals(text.Trim(), "auto", StringComparison.OrdinalIgnoreCase)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, Inv, out var n)) return n;
        throw new WakeWordException($"--infer-slices {text}: expected a number of slices or auto");
    }
}
