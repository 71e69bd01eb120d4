namespace WakeWord.Sim.Runtime;

/// <summary>Receives each layer's output during an inference (twin of <c>ww_layer_hook_fn</c>).</summary>
public delegate void LayerHook(int layer, string name, ReadOnlySpan<byte> data);

/// <summary>
/// What the streaming runtime needs from a model: the generated <c>ww_model.h</c> API seen from C#
/// (<c>ww_model_invoke</c> with its layer hook, the feature quantizer constants).
/// </summary>
public interface IModelRunner
{
    int InputFrames { get; }
    int InputFeatures { get; }
    int NumClasses { get; }

    /// <summary>The feature quantizer the package was generated with.</summary>
    FeatureQuantizer Quantizer { get; }

    /// <summary>MACs per layer in execution order with the layer kind, for the cycle estimate.</summary>
    IReadOnlyList<(string Kind, long Macs)> LayerMacs { get; }

    /// <summary>ww_model_invoke: runs on [frames][features] int8 input; returns 0 or a negative status.</summary>
    int Invoke(ReadOnlySpan<sbyte> input, Span<sbyte> probs, LayerHook? hook);
}
