// twin of arm_nn_exp_on_negative_values.c and arm_nn_one_over_one_plus_x_for_x_in_0_1.c
namespace WakeWord.Sim.Kernels.NNSupport;

/// <summary>Fixed-point exp and reciprocal used by softmax (gemmlowp scheme).</summary>
public static class SoftmaxMath
{
    private static ReadOnlySpan<int> ExpOfMinusPow2 => [1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242];

    /// <summary>Twin of <c>arm_nn_exp_on_negative_values</c>: exp(x), x &lt;= 0 in Q5.26, result Q0.31.</summary>
    public static int ExpOnNegativeValues(int val)
    {
        const int shift = 24;
        int valModMinusQuarter = (val & ((1 << shift) - 1)) - (1 << shift);
        int remainder = unchecked(valModMinusQuarter - val);
        int x = unchecked((valModMinusQuarter << 5) + (1 << 28));
        int x2 = Requant.DoublingHighMult(x, x);
        int x3 = Requant.DoublingHighMult(x2, x);
        int x4Over4 = Requant.DivideByPowerOfTwo(Requant.DoublingHighMult(x2, x2), 2);
        int poly = Requant.DivideByPowerOfTwo(unchecked(Requant.DoublingHighMult(unchecked(x4Over4 + x3), 715827883) + x2), 1);
        int result = unchecked(1895147668 + Requant.DoublingHighMult(1895147668, unchecked(x + poly)));
        var table = ExpOfMinusPow2;
        for (int k = 0; k < 7; k++)
        {
            if ((remainder & (1 << (shift + k))) != 0) result = Requant.DoublingHighMult(result, table[k]);
        }
        return val == 0 ? int.MaxValue : result;
    }

    /// <summary>Twin of <c>arm_nn_one_over_one_plus_x_for_x_in_0_1</c>.</summary>
    public static int OneOverOnePlusXForXIn01(int val)
    {
        long sum = (long)val + int.MaxValue;
        int halfDenominator = (int)((sum + (sum >= 0 ? 1 : -1)) / 2);
        int x = unchecked(1515870810 + Requant.DoublingHighMult(halfDenominator, -1010580540));
        const int one = 1 << 29;
        for (int i = 0; i < 3; i++)
        {
            x = unchecked(x + Requant.MultByPowerOfTwo(
                Requant.DoublingHighMult(x, unchecked(one - Requant.DoublingHighMult(halfDenominator, x))), 2));
        }
        return Requant.MultByPowerOfTwo(x, 1);
    }
}
