using System.Text.Json;

namespace WakeWord.Sim.Kernels.Tests.Support;

/// <summary>
/// Vectors/reference.json: inputs, parameters and outputs of real CMSIS-NN calls (conv, FC, LSTM with a per-step
/// trace, 890 requantization rows in both rounding modes, int16 sigmoid/tanh), and the calls rebuilt from them.
/// </summary>
public static class Reference
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Data = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "reference.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var d = new Dictionary<string, JsonElement>();
        foreach (var p in doc.RootElement.EnumerateObject()) d[p.Name] = p.Value.Clone(); // t0.output_gate appears twice, same value
        return d;
    });

    public static int Int(string key) => Data.Value[key].GetInt32();
    public static int[] Ints(string key) => Data.Value[key].EnumerateArray().Select(e => e.GetInt32()).ToArray();
    public static sbyte[] S8(string key) => Ints(key).Select(v => checked((sbyte)v)).ToArray();
    public static short[] S16(string key) => Ints(key).Select(v => checked((short)v)).ToArray();

    public static long[][] RequantRows() =>
        Data.Value["requant_rows_val_mult_shift_double_single"].EnumerateArray()
            .Select(r => r.EnumerateArray().Select(e => e.GetInt64()).ToArray()).ToArray();

    public static readonly Activation FullRange = new(-128, 127);

    public static ConvParams ConvParams => new(Int("conv.input_offset"), Int("conv.output_offset"), new Tile(1, 1), new Tile(1, 1), new Tile(1, 1), FullRange);
    public static readonly Dims ConvInput = new(1, 5, 5, 2), ConvFilter = new(8, 3, 3, 2), ConvOutput = new(1, 5, 5, 8);

    public static FcParams FcParams => new(Int("fc.input_offset"), Int("fc.filter_offset"), Int("fc.output_offset"), FullRange);
    public static readonly Dims FcInput = new(2, 1, 1, 10), FcFilter = new(10, 1, 1, 7), FcOutput = new(2, 1, 1, 7);

    private static LstmGate Gate(string g, ActivationType type) => new(
        Int($"lstm.{g}.input_multiplier"), Int($"lstm.{g}.input_shift"), S8($"lstm.{g}.input_weights_3x4"), Ints($"lstm.{g}.input_effective_bias"),
        Int($"lstm.{g}.hidden_multiplier"), Int($"lstm.{g}.hidden_shift"), S8($"lstm.{g}.hidden_weights_3x3"), Ints($"lstm.{g}.hidden_effective_bias"),
        Ints($"lstm.{g}.bias"), type);

    public static LstmParams LstmParams => new(
        Int("lstm.time_major"), Int("lstm.batch_size"), Int("lstm.time_steps"), Int("lstm.input_size"), Int("lstm.hidden_size"), Int("lstm.input_offset"),
        Int("lstm.forget_to_cell_multiplier"), Int("lstm.forget_to_cell_shift"), Int("lstm.input_to_cell_multiplier"), Int("lstm.input_to_cell_shift"),
        Int("lstm.cell_clip"), Int("lstm.cell_scale_power"), Int("lstm.output_multiplier"), Int("lstm.output_shift"), Int("lstm.output_offset"),
        Gate("forget", ActivationType.Sigmoid), Gate("input", ActivationType.Sigmoid), Gate("cell", ActivationType.Tanh), Gate("output", ActivationType.Sigmoid));

    public static KernelCase ConvCase() => Cases.ConvS8("reference conv", Op.ConvWrapperS8, ConvParams, ConvInput, ConvFilter, ConvOutput,
        Ints("conv.multiplier"), Ints("conv.shift"), Ints("conv.bias"), S8("conv.input_NHWC_1x5x5x2"), S8("conv.filter_OHWI_8x3x3x2"),
        Int("conv.buffer_size_host"));

    public static KernelCase FcCase() => Cases.FcS8("reference fc", false, FcParams, FcInput, FcFilter, FcOutput,
        [Int("fc.multiplier")], [Int("fc.shift")], Ints("fc.bias"), S8("fc.input_2x10"), S8("fc.weights_7x10"));

    public static KernelCase LstmCase() => Cases.Lstm("reference lstm", LstmParams, S8("lstm.input_TxBxI_5x1x4"));

    public static KernelCase LstmTraceCase() => Cases.LstmTrace("reference lstm trace", LstmParams, S8("lstm.input_TxBxI_5x1x4"));

    /// <summary>Expected fields of <see cref="LstmTraceCase"/>: per step cell, output gate, tanh(cell), hidden; step-0 gates.</summary>
    public static List<(string Name, long[] Values)> LstmTraceExpected()
    {
        var list = new List<(string, long[])>();
        for (int t = 0; t < Int("lstm.time_steps"); t++)
            foreach (var f in new[] { "cell_state", "output_gate", "tanh_cell", "hidden" })
                list.Add(($"lstm.trace.t{t}.{f}", Ints($"lstm.trace.t{t}.{f}").Select(v => (long)v).ToArray()));
        foreach (var g in new[] { "forget_gate", "input_gate", "cell_gate" })
            list.Add(($"lstm.trace.t0.{g}", Ints($"lstm.trace.t0.{g}").Select(v => (long)v).ToArray()));
        return list;
    }

    public static KernelCase RequantCase(RoundingMode mode)
    {
        var rows = RequantRows();
        return Cases.Requantize($"reference requantize {mode}", rows.Select(r => (int)r[0]).ToArray(), rows.Select(r => (int)r[1]).ToArray(),
            rows.Select(r => (int)r[2]).ToArray(), mode);
    }

    public static int[] RequantExpected(RoundingMode mode) =>
        RequantRows().Select(r => (int)r[mode == RoundingMode.Double ? 3 : 4]).ToArray();

    public static IEnumerable<(string Key, int LeftShift, ActivationType Type)> ActivationTables =>
        [("act.sigmoid_ls0", 0, ActivationType.Sigmoid), ("act.tanh_ls1", 1, ActivationType.Tanh), ("act.tanh_lsm2", -2, ActivationType.Tanh)];
}
