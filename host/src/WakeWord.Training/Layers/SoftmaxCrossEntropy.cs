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

    /// <summary>Softened probabilities softmax(logits / temperature) (distillation targets and their student side).</summary>
    public static void Softmax<T>(ReadOnlySpan<T> logits, T temperature, Span<T> probs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < logits.Length; i++) probs[i] = logits[i] / temperature;
        Softmax<T>(probs, probs);
    }

    /// <summary>Returns the weighted loss and writes dLoss/dLogits = weight * (p - onehot).</summary>
    public static T LossAndGradient<T>(ReadOnlySpan<T> probs, int label, T weight, Span<T> dLogits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < probs.Length; i++) dLogits[i] = weight * (probs[i] - (i == label ? T.One : T.Zero));
        var p = T.Max(probs[label], T.CreateTruncating(1e-30));
        return -weight * T.Log(p);
    }

    /// <summary>
    /// Knowledge distillation (Hinton et al.): loss = (1 - a) w (-log p[label]) + a w T^2 KL(q || s), with p = softmax(z),
    /// s = softmax(z / T) and q the teacher's softened probabilities. Writes
    /// dLoss/dz = (1 - a) w (p - onehot) + a w T (s - q) and returns the loss. The T^2 keeps the soft term's gradient
    /// on the scale of the hard term whatever the temperature.
    /// </summary>
    public static T DistillLossAndGradient<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> probs, int label, T weight,
        ReadOnlySpan<T> soft, T alpha, T temperature, Span<T> dLogits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = logits.Length;
        Span<T> s = stackalloc T[n];
        Softmax<T>(logits, temperature, s);
        var hard = T.One - alpha;
        var kl = T.Zero;
        var tiny = T.CreateTruncating(1e-30);
        for (var i = 0; i < n; i++)
        {
            dLogits[i] = weight * (hard * (probs[i] - (i == label ? T.One : T.Zero)) + alpha * temperature * (s[i] - soft[i]));
            if (soft[i] > T.Zero) kl += soft[i] * (T.Log(soft[i]) - T.Log(T.Max(s[i], tiny)));
        }
        return weight * (-hard * T.Log(T.Max(probs[label], tiny)) + alpha * temperature * temperature * kl);
    }
}
