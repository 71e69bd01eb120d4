using WakeWord.Sim.Kernels;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Planning;

/// <summary>
/// Plans the arena of a <see cref="QuantizedModel"/>: turns tensors and per-layer scratch into buffers with
/// lifetimes for <see cref="MemoryPlanner"/> and returns the <see cref="MemoryPlan"/> that the emitter writes
/// as offsets and the simulator executes on.
/// <para>
/// Time step i is layer i. The model input is alive from step 0 (the caller fills it before invoking); a
/// tensor is alive from the layer that writes it to the last layer that reads it; the output stays alive
/// to the last step. Scratch of layer i (CMSIS-NN ctx.buf, or the LSTM's temp1/temp2/cell_state) lives at
/// step i only.
/// </para>
/// <para>
/// In place: a <see cref="ReshapeLayer"/> output is the same bytes as its input (a view), and a
/// <see cref="TimeReverseLayer"/> writes over its input when no later layer reads that input; such tensors
/// form one buffer whose lifetime covers all of them.
/// </para>
/// </summary>
public static class ModelMemoryPlanner
{
    /// <summary>
    /// Scratch bytes reserved for layer <paramref name="i"/>: the larger of the kernel's pure-C (host build) and
    /// DSP (Cortex-M4/M7, gcc) *_get_buffer_size, so one package serves the PC and the boards; the LSTM gets
    /// its three int16 arrays. ww_model_init re-checks the real query on the device.
    /// </summary>
    public static int FirmwareScratchBytes(QuantizedModel m, int i, int alignment = 16) =>
        Math.Max(ModelExecutor.ScratchBytes(m, i, KernelTarget.PureC, alignment), ModelExecutor.ScratchBytes(m, i, KernelTarget.Dsp, alignment));

    /// <summary>Plans <paramref name="model"/> with <see cref="FirmwareScratchBytes"/>.</summary>
    public static (MemoryPlan Plan, MemoryPlanner Planner) Plan(QuantizedModel model, int alignment = 16) =>
        Plan(model, (m, i) => FirmwareScratchBytes(m, i, alignment), alignment);

    /// <summary>Plans <paramref name="model"/>; <paramref name="scratchBytes"/> gives layer i's scratch size.</summary>
    public static (MemoryPlan Plan, MemoryPlanner Planner) Plan(QuantizedModel model, Func<QuantizedModel, int, int> scratchBytes, int alignment = 16)
    {
        var nT = model.Tensors.Length;
        var nL = model.Layers.Length;
        var group = Enumerable.Range(0, nT).ToArray();
        int Find(int t)
        {
            while (group[t] != t) t = group[t] = group[group[t]];
            return t;
        }
        void Union(int a, int b)
        {
            a = Find(a);
            b = Find(b);
            if (a != b) group[Math.Max(a, b)] = Math.Min(a, b);
        }

        foreach (var l in model.Layers)
            if (l is ReshapeLayer) Union(l.Inputs[0], l.Output);

        // Time reverse in place when the reversed input's group has no reader after this layer.
        for (var i = 0; i < nL; i++)
        {
            if (model.Layers[i] is not TimeReverseLayer r) continue;
            var g = Find(r.Inputs[0]);
            var lastRead = -1;
            for (var j = 0; j < nL; j++)
                foreach (var t in model.Layers[j].Inputs)
                    if (Find(t) == g) lastRead = Math.Max(lastRead, j);
            var holdsOutput = Enumerable.Range(0, nT).Any(t => Find(t) == g && t == model.OutputTensor);
            if (lastRead == i && !holdsOutput) Union(r.Inputs[0], r.Output);
        }

        var first = Enumerable.Repeat(int.MaxValue, nT).ToArray();
        var last = Enumerable.Repeat(-1, nT).ToArray();
        var size = new int[nT];
        void Touch(int t, int step)
        {
            var g = Find(t);
            first[g] = Math.Min(first[g], step);
            last[g] = Math.Max(last[g], step);
            size[g] = Math.Max(size[g], model.Tensors[t].Bytes);
        }
        Touch(model.InputTensor, 0);
        for (var i = 0; i < nL; i++)
        {
            foreach (var t in model.Layers[i].Inputs) Touch(t, i);
            Touch(model.Layers[i].Output, i);
        }
        Touch(model.OutputTensor, nL - 1);

        var planner = new MemoryPlanner(alignment);
        var bufferOfGroup = new Dictionary<int, int>();
        for (var t = 0; t < nT; t++)
        {
            var g = Find(t);
            if (g != t || last[g] < 0) continue;
            var members = Enumerable.Range(0, nT).Where(x => Find(x) == g).Select(x => model.Tensors[x].Name);
            bufferOfGroup[g] = planner.AddBuffer(size[g], first[g], last[g], string.Join("=", members));
        }
        var scratch = new int[nL];
        var scratchBuffer = new int[nL];
        for (var i = 0; i < nL; i++)
        {
            scratch[i] = scratchBytes(model, i);
            scratchBuffer[i] = scratch[i] > 0 ? planner.AddBuffer(scratch[i], i, i, $"scratch:{model.Layers[i].Name}") : -1;
        }

        var offsets = new int[nT];
        for (var t = 0; t < nT; t++)
            offsets[t] = bufferOfGroup.TryGetValue(Find(t), out var b) ? planner.Offset(b) : 0;
        var plan = new MemoryPlan
        {
            ArenaBytes = planner.ArenaBytes,
            LowerBoundBytes = planner.LowerBoundBytes,
            Alignment = alignment,
            TensorOffsets = offsets,
            ScratchOffsets = scratchBuffer.Select(b => b < 0 ? -1 : planner.Offset(b)).ToArray(),
            ScratchBytes = scratch,
        };
        return (plan, planner);
    }
}
