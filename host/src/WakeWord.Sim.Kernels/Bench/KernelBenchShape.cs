using System.Globalization;
using WakeWord.Core;

namespace WakeWord.Sim.Kernels.Bench;

/// <summary>One convolution of the benchmarked model: NHWC input, OHWI filter, NHWC output, strides and top/left pads.</summary>
public sealed record ConvShape(string Name, Dims Input, Dims Filter, Dims Output, int StrideH, int StrideW, int PadH, int PadW)
{
    public long Macs => (long)Output.Size * Filter.H * Filter.W * Filter.C;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name} {Input.C}->{Output.C} {Filter.H}x{Filter.W}/{StrideH}x{StrideW} on {Input.H}x{Input.W}");
}

/// <summary>One unidirectional LSTM of the benchmarked model (time major, batch 1).</summary>
public sealed record LstmShape(string Name, int Steps, int Input, int Hidden)
{
    /// <summary>Four gates, input and recurrent products at every step (counted as the package's manifest counts them).</summary>
    public long Macs => 4L * Hidden * Steps * ((long)Input + Hidden);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} I{Input} H{Hidden} x{Steps} steps");
}

/// <summary>One fully connected layer of the benchmarked model.</summary>
public sealed record FcShape(string Name, int Input, int Output)
{
    public long Macs => (long)Input * Output;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} {Input}->{Output}");
}

/// <summary>
/// The layer shapes <see cref="KernelBench"/> and <see cref="Native.CortexMKernelBench"/> run: the MAC-carrying layers of a
/// model (the CLI reads them from the shipped default model's kernel-ready graph). <paramref name="Source"/> names where
/// they came from, for the printout.
/// </summary>
public sealed record KernelBenchShape(string Source, IReadOnlyList<ConvShape> Convs, IReadOnlyList<LstmShape> Lstms, IReadOnlyList<FcShape> Fcs)
{
    /// <summary>MACs of every layer, in model order within each kind (convolutions, LSTMs, FC).</summary>
    public long Macs => Convs.Sum(c => c.Macs) + Lstms.Sum(l => l.Macs) + Fcs.Sum(f => f.Macs);

    /// <summary>One line: each layer's shape.</summary>
    public string Describe() => string.Join(", ", Convs.Select(c => c.ToString()).Concat(Lstms.Select(l => l.ToString())).Concat(Fcs.Select(f => f.ToString())));

    /// <summary>
    /// The chain the Cortex-M program runs: conv A → conv B → LSTM on B's output as [steps][input] → FC on the LSTM's
    /// last outputs. Refuses shapes that do not chain that way, naming <see cref="Source"/>.
    /// </summary>
    public (ConvShape Conv1, ConvShape Conv2, LstmShape Lstm, FcShape Fc) CortexMChain()
    {
        if (Convs.Count != 2 || Lstms.Count == 0 || Fcs.Count == 0)
            throw new WakeWordException($"{Source}: the Cortex-M kernel bench runs two convolutions, an LSTM and an FC; the model has " +
                $"{Convs.Count} convolution(s), {Lstms.Count} LSTM(s), {Fcs.Count} FC layer(s)");
        var (c1, c2, l, f) = (Convs[0], Convs[1], Lstms[0], Fcs[0]);
        if (c2.Input != c1.Output)
            throw new WakeWordException($"{Source}: {c2.Name} does not read {c1.Name}'s output");
        if ((long)l.Steps * l.Input != c2.Output.Size)
            throw new WakeWordException($"{Source}: {l.Name} input {l.Steps}x{l.Input} is not {c2.Name}'s output ({c2.Output.Size} values)");
        if (f.Input > (long)l.Steps * l.Hidden)
            throw new WakeWordException($"{Source}: {f.Name} input {f.Input} is longer than {l.Name}'s output");
        return (c1, c2, l, f);
    }
}
