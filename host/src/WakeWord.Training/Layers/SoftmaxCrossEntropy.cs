using System.Numerics;

namespace WakeWord.Training.Layers;

/// <summary>Softmax over logits and weighted cross-entropy: loss = -w[label] log p[label].</summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>Writes probabilities (numerically stable: subtracts the max logit).</summary>
    public static void Softmax<T>(ReadOnlySpan<T> logits, Span<T> probs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var max = logits[0];
        for (var i = 1; i < logits.Length; i++) if (logits[i] > max) max = logits[i];
        var sum = T.Zero;
        for (var i = 0; i < logits.Length; i++)
        {
            probs[i] = T.Exp(logits[i] - max);
            sum += probs[i];
        }
        for (var i = 0; i < logits.Length; i++) probs[i] /= sum;
    }

    /// <summary>Returns the weighted loss and writes dLoss/dLogits = weight * (p - onehot).</summary>
    public static T LossAndGradient<T>(ReadOnlySpan<T> probs, int label, T weight, Span<T> dLogits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < probs.Length; i++) dLogits[i] = weight * (probs[i] - (i == label ? T.One : T.Zero));
        var p = T.Max(probs[label], T.CreateTruncating(1e-30));
        return -weight * T.Log(p);
    }
}
