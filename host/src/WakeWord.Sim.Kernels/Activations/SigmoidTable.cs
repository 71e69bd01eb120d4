// twin of arm_nntables.c
namespace WakeWord.Sim.Kernels.Activations;

/// <summary>
/// The 256-entry table of the int16 logistic scheme (TFLite / CMSIS-NN <c>sigmoid_table_uint16</c>), computed
/// here rather than stored: entry i holds 65536 * sigmoid(i / 24), nudged by a quarter of the two adjacent
/// midpoint chord errors so that linear interpolation between entries is unbiased on both sides:
/// <code>
/// e(x)     = (sigmoid(x) + sigmoid(x + h)) / 2 - sigmoid(x + h / 2)        h = 1/24
/// table[i] = round(65536 * (sigmoid(x) - (e(x) + e(x - h)) / 4)),       x = i * h, round half up
/// table[255] = 65535                                                     (sigmoid's limit 1.0, saturated to uint16)
/// </code>
/// The C table in <c>arm_nntables.c</c> holds the same numbers; a test checks both against this formula and the
/// CMSIS-NN reference vectors check the kernel that reads them.
/// </summary>
internal static class SigmoidTable
{
    private static readonly ushort[] Table = Build();

    public static ReadOnlySpan<ushort> Values => Table;

    /// <summary>Computes the table from the formula above (double precision; every entry is far from a rounding tie).</summary>
    internal static ushort[] Build()
    {
        const double h = 1.0 / 24.0;
        static double Sig(double x) => 1.0 / (1.0 + Math.Exp(-x));
        static double ChordError(double x) => (Sig(x) + Sig(x + h)) / 2.0 - Sig(x + h / 2.0);
        var t = new ushort[256];
        for (var i = 0; i < 255; i++)
        {
            var x = i * h;
            var v = 65536.0 * (Sig(x) - (ChordError(x) + ChordError(x - h)) / 4.0);
            t[i] = (ushort)Math.Min(65535.0, Math.Floor(v + 0.5));
        }
        t[255] = 65535;
        return t;
    }
}
