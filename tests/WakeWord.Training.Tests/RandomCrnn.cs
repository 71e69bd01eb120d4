using WakeWord.Onnx;
using WakeWord.Training.Export;
using WakeWord.Training.Model;

namespace WakeWord.Training.Tests;

/// <summary>A default-shape CRNN with seeded random (He) weights, exported as ONNX with the given metadata.</summary>
internal static class RandomCrnn
{
    /// <summary>Writes <paramref name="dir"/>/crnn.onnx and returns its path.</summary>
    public static string Export(string dir, CrnnShape shape, CrnnMetadata meta, int seed)
    {
        var onnx = Path.Combine(dir, "crnn.onnx");
        CrnnExport.Save(onnx, shape, new CrnnLayout(shape).Pack(CrnnWeights.RandomHe(shape, seed)), meta);
        return onnx;
    }
}
