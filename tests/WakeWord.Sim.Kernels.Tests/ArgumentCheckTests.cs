using WakeWord.Sim.Kernels.Tests.Support;

namespace WakeWord.Sim.Kernels.Tests;

/// <summary>Invalid calls return the CMSIS-NN status codes, identically from C and C#.</summary>
[TestFixture]
public class ArgumentCheckTests
{
    private static readonly Activation Full = new(-128, 127);

    private static KernelCase Conv(string name, int op, ConvParams p, Dims input, Dims filter, Dims output, int? ctx)
    {
        var g = new Gen(name.Length);
        return Cases.ConvS8(name, op, p, input, filter, output, g.Multipliers(output.C), g.Shifts(output.C), g.S32(output.C, -100, 100),
            g.S8(input.Size), g.S8(filter.Size), ctx);
    }

    private static KernelCase Dw(string name, int op, DwConvParams p, Dims input, Dims filter, Dims output, int? ctx)
    {
        var g = new Gen(name.Length);
        return Cases.DwS8(name, op, p, input, filter, output, g.Multipliers(output.C), g.Shifts(output.C), g.S32(output.C, -100, 100),
            g.S8(input.Size), g.S8(filter.Size), ctx);
    }

    private static ConvParams ConvP(int stride = 1, int pad = 0, int dil = 1) =>
        new(3, -2, new Tile(stride, stride), new Tile(pad, pad), new Tile(dil, dil), Full);

    private static DwConvParams DwP(int mult = 1, int pad = 1) =>
        new(3, -2, mult, new Tile(1, 1), new Tile(pad, pad), new Tile(1, 1), Full);

    private static IEnumerable<TestCaseData> BadCalls()
    {
        var in4 = new Dims(1, 5, 5, 4);
        yield return new TestCaseData(Conv("conv_s8 NULL buffer", Op.ConvS8, ConvP(pad: 1), in4, new Dims(3, 3, 3, 4), new Dims(1, 5, 5, 3), null), ArmStatus.ArgError);
        yield return new TestCaseData(Conv("conv wrapper NULL buffer", Op.ConvWrapperS8, ConvP(pad: 1), in4, new Dims(3, 3, 3, 4), new Dims(1, 5, 5, 3), null), ArmStatus.ArgError);
        yield return new TestCaseData(Conv("conv_s8 output channels not divisible by groups", Op.ConvS8, ConvP(), in4, new Dims(3, 1, 1, 2), new Dims(1, 5, 5, 3), 1024), ArmStatus.ArgError);
        yield return new TestCaseData(Conv("1x1 fast with padding", Op.Conv1x1FastS8, ConvP(pad: 1), in4, new Dims(3, 1, 1, 4), new Dims(1, 7, 7, 3), 1024), ArmStatus.ArgError);
        yield return new TestCaseData(Conv("1x1 fast with stride 2", Op.Conv1x1FastS8, ConvP(stride: 2), in4, new Dims(3, 1, 1, 4), new Dims(1, 3, 3, 3), 1024), ArmStatus.ArgError);
        yield return new TestCaseData(Conv("1x1 with padding", Op.Conv1x1S8, ConvP(stride: 2, pad: 1), in4, new Dims(3, 1, 1, 4), new Dims(1, 4, 4, 3), 1024), ArmStatus.ArgError);
        var row = new Dims(1, 1, 9, 4);
        yield return new TestCaseData(Conv("1xN NULL buffer", Op.Conv1XNS8, ConvP(), row, new Dims(2, 1, 3, 4), new Dims(1, 1, 7, 2), null), ArmStatus.ArgError);
        yield return new TestCaseData(Conv("1xN input height 2", Op.Conv1XNS8, ConvP(), new Dims(1, 2, 9, 4), new Dims(2, 1, 3, 4), new Dims(1, 2, 7, 2), 1024), ArmStatus.ArgError);
        yield return new TestCaseData(Conv("1xN stride*channels not a multiple of 4", Op.Conv1XNS8, ConvP(), new Dims(1, 1, 9, 3), new Dims(2, 1, 3, 3), new Dims(1, 1, 7, 2), 1024), ArmStatus.ArgError);
        yield return new TestCaseData(Conv("1xN dilation 2", Op.Conv1XNS8, ConvP(dil: 2), row, new Dims(2, 1, 3, 4), new Dims(1, 1, 5, 2), 1024), ArmStatus.ArgError);
        var dwIn = new Dims(1, 5, 5, 3);
        yield return new TestCaseData(Dw("dw opt with channel multiplier 2", Op.DwOptS8, DwP(mult: 2, pad: 0), dwIn, new Dims(1, 2, 2, 6), new Dims(1, 4, 4, 6), 1024), ArmStatus.ArgError);
        yield return new TestCaseData(Dw("dw 3x3 with padding 2", Op.Dw3x3S8, DwP(pad: 2), dwIn, new Dims(1, 3, 3, 3), new Dims(1, 7, 7, 3), 1024), ArmStatus.ArgError);
        yield return new TestCaseData(Dw("dw 3x3 with a 2x2 kernel", Op.Dw3x3S8, DwP(pad: 0), dwIn, new Dims(1, 2, 2, 3), new Dims(1, 4, 4, 3), 1024), ArmStatus.ArgError);
        yield return new TestCaseData(Dw("dw 3x3 with channel multiplier 2", Op.Dw3x3S8, DwP(mult: 2), dwIn, new Dims(1, 3, 3, 6), new Dims(1, 5, 5, 6), 1024), ArmStatus.ArgError);
        var pool = new PoolParams(new Tile(1, 1), new Tile(0, 0), Full);
        yield return new TestCaseData(Cases.Pool("max pool, zero batches", true, pool, new Dims(0, 4, 4, 2), new Dims(1, 2, 2, 1), new Dims(0, 3, 3, 2), [], null), ArmStatus.ArgError);
        yield return new TestCaseData(Cases.Pool("avg pool, zero batches", false, pool, new Dims(0, 4, 4, 2), new Dims(1, 2, 2, 1), new Dims(0, 3, 3, 2), [], null), ArmStatus.ArgError);
        var padOnly = new PoolParams(new Tile(1, 1), new Tile(2, 2), Full);
        yield return new TestCaseData(Cases.Pool("avg pool, window wholly in padding", false, padOnly, new Dims(1, 2, 2, 2), new Dims(1, 1, 1, 1), new Dims(1, 6, 6, 2), new sbyte[8], null), ArmStatus.ArgError);
        var c16 = new ConvParams(0, 0, new Tile(1, 1), new Tile(1, 1), new Tile(1, 1), new Activation(short.MinValue, short.MaxValue));
        yield return new TestCaseData(Cases.ConvS16("conv_s16 NULL buffer", Op.ConvS16, c16, new Dims(1, 3, 3, 2), new Dims(2, 3, 3, 2), new Dims(1, 3, 3, 2),
            [1 << 30, 1 << 30], [-3, -3], BiasData.FromInt64([1, 2]), new short[18], new sbyte[36], null), ArmStatus.ArgError);
    }

    [TestCaseSource(nameof(BadCalls))]
    public void InvalidCall_ReturnsCmsisNnStatus_InCAndCSharp(KernelCase badCall, ArmStatus expected)
    {
        var cs = badCall.RunCSharp();
        Assert.That((ArmStatus)cs.Status, Is.EqualTo(expected), $"C#: {badCall.Name}");
        var c = Harness.For(RoundingMode.Double).Run([badCall])[0];
        Assert.That((ArmStatus)c.Status, Is.EqualTo(expected), $"C: {badCall.Name}");
    }

    [Test]
    public void ValidCall_OfEachCheckedVariant_Succeeds()
    {
        // The same shapes with the fault removed must succeed, so the checks above fail for the stated reason only.
        var ok = new[]
        {
            Conv("conv_s8", Op.ConvS8, ConvP(pad: 1), new Dims(1, 5, 5, 4), new Dims(3, 3, 3, 4), new Dims(1, 5, 5, 3), 1024),
            Conv("1x1 fast", Op.Conv1x1FastS8, ConvP(), new Dims(1, 5, 5, 4), new Dims(3, 1, 1, 4), new Dims(1, 5, 5, 3), 1024),
            Conv("1x1", Op.Conv1x1S8, ConvP(stride: 2), new Dims(1, 5, 5, 4), new Dims(3, 1, 1, 4), new Dims(1, 3, 3, 3), 1024),
            Conv("1xN", Op.Conv1XNS8, ConvP(), new Dims(1, 1, 9, 4), new Dims(2, 1, 3, 4), new Dims(1, 1, 7, 2), 1024),
            Dw("dw 3x3", Op.Dw3x3S8, DwP(), new Dims(1, 5, 5, 3), new Dims(1, 3, 3, 3), new Dims(1, 5, 5, 3), 1024),
            Dw("dw opt", Op.DwOptS8, DwP(pad: 0), new Dims(1, 5, 5, 3), new Dims(1, 2, 2, 3), new Dims(1, 4, 4, 3), 1024),
        };
        var c = Harness.For(RoundingMode.Double).Run(ok);
        for (int i = 0; i < ok.Length; i++)
        {
            Assert.That((ArmStatus)c[i].Status, Is.EqualTo(ArmStatus.Success), $"C: {ok[i].Name}");
            Assert.That(Check.Diff(c[i], ok[i].RunCSharp()), Is.Null, ok[i].Name);
        }
    }
}
