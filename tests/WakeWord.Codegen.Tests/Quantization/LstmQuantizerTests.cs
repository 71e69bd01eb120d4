using NUnit.Framework;
using WakeWord.Codegen.Quantization;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Tests.Quantization;

/// <summary>Reproduces every integer of the CMSIS-NN LSTM reference case (testvectors README 4.3) from its floats and weights.</summary>
[TestFixture]
public class LstmQuantizerTests
{
    private static readonly sbyte[][] Wx =
    [
        [-98, 70, 31, -71, -115, -126, -20, -71, 109, -42, 96, -77], // input
        [72, 126, -72, 102, -61, -69, -92, -4, -49, 90, 7, -37],     // output
        [82, -122, 111, -10, -10, 108, -119, -46, -69, -84, -122, 7], // forget
        [-110, -42, -30, 23, 28, -24, 91, -109, -54, 17, -10, 102],  // cell
    ];
    private static readonly sbyte[][] Wh =
    [
        [12, -63, 114, -23, -52, -59, 123, -72, 88],
        [90, 102, 76, -111, -40, -110, -19, -106, 58],
        [74, -14, 123, -49, 94, -52, 35, 67, 83],
        [22, 59, -6, 123, -113, -101, -20, 15, 47],
    ];
    private static readonly int[][] Bias = [[-2262, 7181, 3615], [3726, -3062, -4540], [9748, 990, 11166], [-568, 4890, 7819]];
    private static readonly double[] Swx = [0.0040, 0.0035, 0.0045, 0.0050];
    private static readonly double[] Swh = [0.0042, 0.0037, 0.0047, 0.0052];

    [Test]
    public void Layer_ReproducesTheReferenceLstmIntegers()
    {
        var gates = Enumerable.Range(0, 4).Select(i => new LstmQuantizer.GateInts(Wx[i], Swx[i], Wh[i], Swh[i], Bias[i])).ToArray();
        var l = LstmQuantizer.Layer("lstm", "lstm", 0, 1, 5, 1, 4, 3, gates, 0.02, -3, 0.0071, 5, -11);
        Assert.That((l.ForgetToCellMultiplier, l.ForgetToCellShift), Is.EqualTo((1073741824, -14)));
        Assert.That((l.InputToCellMultiplier, l.InputToCellShift), Is.EqualTo((1073741824, -18)));
        Assert.That((l.OutputMultiplier, l.OutputShift, l.OutputOffset, l.InputOffset), Is.EqualTo((1181494085, -22, 5, 3)));
        Assert.That(l.CellScalePower, Is.EqualTo(-11));
        Check(l.InputGate, 1407374884, -1, 2098395951, -3, [-2466, 6185, 3873], [-315, 670, -695], LstmActivation.Sigmoid);
        Check(l.ForgetGate, 1583296744, -1, 1174102497, -2, [9931, 789, 10362], [-915, 35, -925], LstmActivation.Sigmoid);
        Check(l.CellGate, 1759218604, -1, 1299007018, -2, [-1045, 4848, 7984], [-375, 455, -210], LstmActivation.Tanh);
        Check(l.OutputGate, 1231453023, -1, 1848586910, -3, [4410, -3740, -4507], [-1340, 1305, 335], LstmActivation.Sigmoid);
    }

    private static void Check(LstmGate g, int im, int ish, int hm, int hsh, int[] inEff, int[] hidEff, LstmActivation act)
    {
        Assert.That((g.InputMultiplier, g.InputShift, g.HiddenMultiplier, g.HiddenShift), Is.EqualTo((im, ish, hm, hsh)));
        Assert.That(g.InputEffectiveBias, Is.EqualTo(inEff));
        Assert.That(g.HiddenEffectiveBias, Is.EqualTo(hidEff));
        Assert.That(g.Activation, Is.EqualTo(act));
    }

    [TestCase(15.9, -11)]
    [TestCase(16.1, -10)]
    [TestCase(1.5, -14)]
    [TestCase(0.0, -15)]
    [TestCase(1e6, -5)]
    public void CellScalePower_CoversTheRange(double maxAbs, int expected) =>
        Assert.That(LstmQuantizer.CellScalePower(maxAbs), Is.EqualTo(expected));
}
