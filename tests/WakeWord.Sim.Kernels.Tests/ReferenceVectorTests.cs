using WakeWord.Sim.Kernels.FullyConnected;
using WakeWord.Sim.Kernels.Tests.Support;

namespace WakeWord.Sim.Kernels.Tests;

/// <summary>Every vector of the real CMSIS-NN reference run, reproduced exactly by the C# kernels and by the C build.</summary>
[TestFixture]
public class ReferenceVectorTests
{
    private static void AssertField(CaseResult r, int index, long[] expected, string what)
    {
        Assert.That(r.Status, Is.EqualTo(0), $"{what}: status");
        var f = r.Outputs[index];
        var actual = Enumerable.Range(0, f.Count).Select(i => f[i]).ToArray();
        Check.Equal<long>(expected, actual, what);
    }

    private static long[] L(int[] v) => v.Select(x => (long)x).ToArray();

    private static IEnumerable<string> Sides => ["C#", "C", "C DSP paths"];

    private static Harness CBuild(string side, RoundingMode mode) => side == "C" ? Harness.For(mode) : Harness.ForDspPaths(mode);

    private static CaseResult Run(string side, KernelCase c, RoundingMode mode = RoundingMode.Double)
    {
        if (side == "C#") return RunCSharp(c, mode);
        if (side == "C DSP paths" && Harness.CmsisNnRoot != null) Assert.Ignore("DSP-path emulation applies to the portable kernels");
        return CBuild(side, mode).Run([c])[0];
    }

    private static CaseResult RunCSharp(KernelCase c, RoundingMode mode)
    {
        using var _ = Requant.Use(mode);
        return c.RunCSharp();
    }

    [TestCaseSource(nameof(Sides))]
    public void ConvolveWrapperS8_ReferenceCase_MatchesCmsisNnOutputAndBufferSizes(string side)
    {
        var r = Run(side, Reference.ConvCase());
        AssertField(r, 0, L(Reference.Ints("conv.output_NHWC_1x5x5x8")), "conv output");
        AssertField(r, 1, [Reference.Int("conv.buffer_size_host"), Reference.Int("conv.buffer_size_dsp"), Reference.Int("conv.buffer_size_mve")], "conv buffer sizes (host, dsp, mve)");
    }

    [TestCaseSource(nameof(Sides))]
    public void FullyConnectedS8_ReferenceCase_MatchesCmsisNnOutputAndBufferSizes(string side)
    {
        var r = Run(side, Reference.FcCase());
        AssertField(r, 0, L(Reference.Ints("fc.output_2x7")), "fc output");
        AssertField(r, 1, [Reference.Int("fc.buffer_size_host"), Reference.Int("fc.buffer_size_dsp"), Reference.Int("fc.buffer_size_mve")], "fc buffer sizes");
    }

    [TestCaseSource(nameof(Sides))]
    public void VectorSumS8_FcKernelSumsAndLstmEffectiveBiases_MatchReference(string side)
    {
        var cases = new List<(KernelCase Case, int[] Expected)>
        {
            (Cases.VectorSum("fc kernel sum", 10, 7, Reference.S8("fc.weights_7x10"), Reference.Int("fc.input_offset"), 0, Reference.Ints("fc.bias")),
                Reference.Ints("fc.kernel_sum_for_mve")),
        };
        int zpH = Reference.Int("lstm.output_offset");
        foreach (var g in new[] { "input", "forget", "cell", "output" })
        {
            cases.Add((Cases.VectorSum($"{g} input eff bias", 4, 3, Reference.S8($"lstm.{g}.input_weights_3x4"), Reference.Int("lstm.input_offset"), 0, Reference.Ints($"lstm.{g}.bias")),
                Reference.Ints($"lstm.{g}.input_effective_bias")));
            cases.Add((Cases.VectorSum($"{g} hidden eff bias", 3, 3, Reference.S8($"lstm.{g}.hidden_weights_3x3"), -zpH, 0, []),
                Reference.Ints($"lstm.{g}.hidden_effective_bias")));
        }
        if (side == "C DSP paths" && Harness.CmsisNnRoot != null) Assert.Ignore("DSP-path emulation applies to the portable kernels");
        var results = side == "C#" ? cases.Select(c => c.Case.RunCSharp()).ToList() : CBuild(side, RoundingMode.Double).Run(cases.Select(c => c.Case).ToList()).ToList();
        for (int i = 0; i < cases.Count; i++) AssertField(results[i], 0, L(cases[i].Expected), cases[i].Case.Name);
    }

    [TestCaseSource(nameof(Sides))]
    public void LstmUnidirectionalS8_ReferenceCase_MatchesOutputAndFinalCellState(string side)
    {
        var r = Run(side, Reference.LstmCase());
        AssertField(r, 0, L(Reference.Ints("lstm.output_TxBxH_5x1x3")), "lstm output");
        AssertField(r, 1, L(Reference.Ints("lstm.final_cell_state")), "lstm final cell state");
    }

    [TestCaseSource(nameof(Sides))]
    public void LstmStepS8_ReferenceTrace_MatchesEveryStepAndGate(string side)
    {
        var r = Run(side, Reference.LstmTraceCase());
        var expected = Reference.LstmTraceExpected();
        Assert.That(r.Outputs, Has.Count.EqualTo(expected.Count));
        for (int i = 0; i < expected.Count; i++) AssertField(r, i, expected[i].Values, expected[i].Name);
    }

    [TestCaseSource(nameof(Sides))]
    public void Requantize_All890Rows_MatchInBothRoundingModes(string side)
    {
        foreach (var mode in new[] { RoundingMode.Double, RoundingMode.Single })
        {
            var r = Run(side, Reference.RequantCase(mode), mode);
            Assert.That(r.Outputs[0].Count, Is.EqualTo(890));
            var expected = L(Reference.RequantExpected(mode));
            if (side == "C" && mode == RoundingMode.Single && Harness.For(mode).IsLegacyCmsisNn)
                expected = Requant_LegacySingleRounding(expected, r);
            AssertField(r, 0, expected, $"requantize ({mode} rounding)");
        }
    }

    /// <summary>CMSIS-NN v7.0.0 wraps single-rounding results with |r| &gt;= 2^30: accept exactly those 17 rows as different.</summary>
    private static long[] Requant_LegacySingleRounding(long[] expected, CaseResult r)
    {
        var adjusted = (long[])expected.Clone();
        int differing = 0;
        for (int i = 0; i < adjusted.Length; i++)
        {
            if (Math.Abs(adjusted[i]) >= 1L << 30)
            {
                if (r.Outputs[0][i] != adjusted[i]) differing++;
                adjusted[i] = r.Outputs[0][i];
            }
        }
        Assert.That(differing, Is.EqualTo(17), "rows where v7.0.0 single rounding wraps");
        return adjusted;
    }

    [Test]
    public void Requantize_RoundingModes_DifferOn54Rows()
    {
        var d = Reference.RequantExpected(RoundingMode.Double);
        var s = Reference.RequantExpected(RoundingMode.Single);
        Assert.That(d.Zip(s).Count(p => p.First != p.Second), Is.EqualTo(54));
    }

    [TestCaseSource(nameof(Sides))]
    public void ActivationS16_SigmoidAndTanhTables_MatchReference(string side)
    {
        var x = Reference.S16("act.x");
        foreach (var (key, ls, type) in Reference.ActivationTables)
        {
            var r = Run(side, Cases.Activation(key, x, ls, type));
            AssertField(r, 0, L(Reference.Ints(key)), key);
        }
    }

    [Test]
    public void CHarness_ReportsItsBuildFlags()
    {
        var d = Harness.For(RoundingMode.Double);
        d.Run([Reference.FcCase()]);
        Assert.That(d.Flags & 1, Is.EqualTo(0), "double-rounding build must not define CMSIS_NN_USE_SINGLE_ROUNDING");
        var s = Harness.For(RoundingMode.Single);
        s.Run([Reference.FcCase()]);
        Assert.That(s.Flags & 1, Is.EqualTo(1), "single-rounding build must define CMSIS_NN_USE_SINGLE_ROUNDING");
    }

    [Test]
    public void VectorSumS8_ZeroLhsOffset_GivesBiasOnly()
    {
        var o = new int[3];
        ArmVectorSumS8.Run(o, 2, 3, new sbyte[] { 1, 2, 3, 4, 5, 6 }, 0, 7, [10, 20, 30]);
        Assert.That(o, Is.EqualTo(new[] { 10, 20, 30 }));
    }
}
