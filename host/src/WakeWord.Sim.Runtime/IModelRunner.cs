namespace WakeWord.Sim.Runtime;

/// <summary>Receives each layer's output during an inference (twin of <c>ww_layer_hook_fn</c>).</summary>
public delegate void LayerHook(int layer, string name, ReadOnlySpan<byte> data);

/// <summary>
/// What the streaming runtime needs from a model: the generated <c>ww_model.h</c> API seen from C#
/// (<c>ww_model_invoke</c> and <c>ww_model_invoke_slice</c> with the layer hook, the feature quantizer constants).
/// </summary>
public interface IModelRunner
{
    /// <summary>Status of an inference slice index out of range (twin of <c>WW_MODEL_ERR_SLICE</c>).</summary>
    public const int ErrSlice = -101;

    int InputFrames { get; }
    int InputFeatures { get; }
    int NumClasses { get; }

    /// <summary>The feature quantizer the package was generated with.</summary>
    FeatureQuantizer Quantizer { get; }

    /// <summary>Each layer's kind and units of work in execution order, for the cycle estimate (<see cref="CostModel.CyclesPerUnit"/>).</summary>
    IReadOnlyList<(string Kind, long Units)> LayerWork { get; }

    /// <summary>First layer of each inference slice (<c>WW_MODEL_NUM_SLICES</c> entries, the first 0).</summary>
    IReadOnlyList<int> SliceFirstLayers => [0];

    /// <summary>ww_model_invoke: runs on [frames][features] int8 input; returns 0 or a negative status.</summary>
    int Invoke(ReadOnlySpan<sbyte> input, Span<sbyte> probs, LayerHook? hook);

    /// <summary>
    /// ww_model_invoke_slice: runs the layers of <paramref name="slice"/>. Slice 0 takes the window
    /// (<paramref name="input"/>, the copy into ww_model_input()); later slices continue on the arena and ignore it.
    /// The last slice writes <paramref name="probs"/>. Returns 0 or a negative status.
    /// </summary>
    int InvokeSlice(int slice, ReadOnlySpan<sbyte> input, Span<sbyte> probs, LayerHook? hook) =>
        slice == 0 && SliceFirstLayers.Count == 1 ? Invoke(input, probs, hook) : ErrSlice;
}
