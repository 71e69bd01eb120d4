using System.Numerics.Tensors;

namespace WakeWord.Training.Optim;

/// <summary>
/// Adam (Kingma and Ba) with bias correction over one flat parameter vector, plus optional clipping of the
/// gradient's global L2 norm (keeps BPTT through the LSTM stable).
/// </summary>
internal sealed class Adam
{
    private readonly float[] _m;
    private readonly float[] _v;
    private long _t;

    public Adam(int count, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double clipNorm = 5.0)
    {
        _m = new float[count];
        _v = new float[count];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        ClipNorm = clipNorm;
    }

    public double LearningRate { get; set; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }
    public double ClipNorm { get; }
    public long Steps => _t;

    /// <summary>One update: parameters -= lr * m̂ / (sqrt(v̂) + eps). Returns the gradient norm before clipping.</summary>
    public double Step(Span<float> parameters, Span<float> grad)
    {
        var norm = Math.Sqrt(TensorPrimitives.Dot<float>(grad, grad));
        if (ClipNorm > 0 && norm > ClipNorm) TensorPrimitives.Multiply<float>(grad, (float)(ClipNorm / norm), grad);
        _t++;
        var b1 = (float)Beta1;
        var b2 = (float)Beta2;
        var c1 = 1 - Math.Pow(Beta1, _t);
        var c2 = 1 - Math.Pow(Beta2, _t);
        var stepSize = (float)(LearningRate * Math.Sqrt(c2) / c1);
        var eps = (float)(Epsilon * Math.Sqrt(c2));
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = grad[i];
            var m = _m[i] = b1 * _m[i] + (1 - b1) * g;
            var v = _v[i] = b2 * _v[i] + (1 - b2) * g * g;
            parameters[i] -= stepSize * m / (MathF.Sqrt(v) + eps);
        }
        return norm;
    }
}
