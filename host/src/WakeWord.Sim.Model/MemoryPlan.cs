namespace WakeWord.Sim.Model;

/// <summary>
/// Where every activation tensor and every layer's scratch lives in the one arena. Written by the codegen
/// memory planner, emitted as offsets into <c>ww_arena</c>, and used by <see cref="ModelExecutor"/> so the
/// simulator runs on the same layout as the firmware (including in-place layers).
/// </summary>
public sealed record MemoryPlan
{
    /// <summary>Total arena size in bytes (a multiple of <see cref="Alignment"/>).</summary>
    public required int ArenaBytes { get; init; }
    /// <summary>Largest sum of buffer sizes alive at one step of the schedule: no plan can be smaller.</summary>
    public required int LowerBoundBytes { get; init; }
    /// <summary>Alignment of every buffer offset in bytes.</summary>
    public required int Alignment { get; init; }
    /// <summary>Byte offset of each tensor, indexed by tensor id.</summary>
    public required int[] TensorOffsets { get; init; }
    /// <summary>Byte offset of each layer's scratch block (CMSIS-NN ctx.buf or LSTM state), indexed by layer; -1 when none.</summary>
    public required int[] ScratchOffsets { get; init; }
    /// <summary>Bytes of each layer's scratch block, indexed by layer; 0 when none.</summary>
    public required int[] ScratchBytes { get; init; }

    /// <summary>
    /// The trivial plan: tensors end to end in id order, then one scratch block shared by all layers.
    /// Correct for any model (nothing overlaps) though not small; used before codegen plans memory.
    /// </summary>
    public static MemoryPlan Sequential(QuantizedModel model, Func<QuantizedModel, int, int> scratchBytes, int alignment = 16)
    {
        var offsets = new int[model.Tensors.Length];
        var at = 0;
        foreach (var t in model.Tensors)
        {
            offsets[t.Id] = at;
            at += AlignUp(t.Bytes, alignment);
        }
        var sOff = new int[model.Layers.Length];
        var sBytes = new int[model.Layers.Length];
        var maxScratch = 0;
        for (var i = 0; i < model.Layers.Length; i++)
        {
            sBytes[i] = scratchBytes(model, i);
            sOff[i] = sBytes[i] > 0 ? at : -1;
            maxScratch = Math.Max(maxScratch, AlignUp(sBytes[i], alignment));
        }
        return new MemoryPlan
        {
            ArenaBytes = at + maxScratch,
            LowerBoundBytes = at + maxScratch,
            Alignment = alignment,
            TensorOffsets = offsets,
            ScratchOffsets = sOff,
            ScratchBytes = sBytes,
        };
    }

    /// <summary>
    /// Bytes of one of the three int16 LSTM scratch arrays (temp1, temp2, cell_state), aligned: the layer's
    /// scratch block holds them back to back at offsets 0, seg and 2*seg.
    /// </summary>
    public static int LstmSegmentBytes(LstmUnidirectionalLayer l, int alignment) => AlignUp(l.BatchSize * l.HiddenSize * 2, alignment);

    /// <summary>Rounds <paramref name="n"/> up to a multiple of <paramref name="alignment"/>.</summary>
    public static int AlignUp(int n, int alignment) => (n + alignment - 1) / alignment * alignment;
}
