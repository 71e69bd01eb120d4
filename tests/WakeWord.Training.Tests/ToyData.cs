using WakeWord.Onnx;

namespace WakeWord.Training.Tests;

/// <summary>
/// A learnable synthetic task in feature space: class 0 has a bump on one coefficient band, class 1 on another,
/// class 2 is noise only; the bump sits at a random time, so the model has to look across frames.
/// </summary>
internal static class ToyData
{
    public static List<TrainSample> Make(CrnnShape s, int count, int seed, int extraFrames = 4, int variants = 1)
    {
        var rng = new Random(seed);
        var list = new List<TrainSample>();
        var frames = s.Frames + extraFrames;
        for (var n = 0; n < count; n++)
        {
            var label = n % s.Classes;
            var vs = new float[variants][];
            for (var v = 0; v < variants; v++)
            {
                var x = new float[frames * s.Features];
                for (var i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() - 0.5);
                if (label < 2)
                {
                    var t0 = rng.Next(2, frames - 4);
                    var band = label == 0 ? 1 : s.Features - 3;
                    for (var t = t0; t < t0 + 3; t++)
                    for (var c = band; c < band + 2; c++) x[t * s.Features + c] += 2.5f;
                }
                vs[v] = x;
            }
            list.Add(new TrainSample(vs, frames, label, $"toy{n}"));
        }
        return list;
    }
}
