using System.Collections.Concurrent;
using WakeWord.Sim.Kernels.Native;

namespace WakeWord.Sim.Kernels.Tests.Support;

/// <summary>
/// The C harness (firmware/tests/kernels) for the tests: portable kernels, or real CMSIS-NN when the CMSIS_NN_ROOT
/// environment variable names a checkout. One build per rounding mode, cached per test run under artifacts/work/.
/// </summary>
public sealed class Harness
{
    private static readonly ConcurrentDictionary<(RoundingMode, bool, bool), Lazy<Harness>> Builds = new();
    private readonly NativeHarness _native;

    private Harness(NativeHarness native) => _native = native;

    /// <summary>The CMSIS-NN checkout in use, or null for the portable subset.</summary>
    public static string? CmsisNnRoot => NativeHarness.CmsisNnRootFromEnvironment();

    /// <summary>Result flags: 1 single rounding, 2 LSTM hidden_state field present, 4 DSP build.</summary>
    public int Flags => _native.Flags;

    /// <summary>
    /// True for a CMSIS-NN without the LSTM hidden_state field (v7.0.0 or older), whose single-rounding requantize
    /// truncated the 64-bit intermediate to 32 bits (fixed later): results with |r| >= 2^30 wrap there.
    /// </summary>
    public bool IsLegacyCmsisNn => CmsisNnRoot != null && (Flags & 2) == 0;

    /// <summary>The harness built for <paramref name="mode"/> (built on first use).</summary>
    public static Harness For(RoundingMode mode) => Get(mode, false, false);

    /// <summary>The portable kernels built to take their Cortex-M DSP code paths (emulated intrinsics).</summary>
    public static Harness ForDspPaths(RoundingMode mode) => Get(mode, true, false);

    /// <summary>Built with AddressSanitizer and UndefinedBehaviorSanitizer; <paramref name="dsp"/> selects the DSP paths.</summary>
    public static Harness Sanitized(RoundingMode mode, bool dsp) => Get(mode, dsp, true);

    /// <summary>Every C build to compare with: the library in use, plus the DSP paths when it is the portable one.</summary>
    public static IEnumerable<Harness> All(RoundingMode mode) =>
        CmsisNnRoot == null ? [For(mode), ForDspPaths(mode)] : [For(mode)];

    /// <summary>Name of this build for messages.</summary>
    public string Name { get; private set; } = "";

    private static Harness Get(RoundingMode mode, bool dsp, bool sanitize) =>
        Builds.GetOrAdd((mode, dsp, sanitize), k => new Lazy<Harness>(() => new Harness(NativeHarness.Build(k.Item1, CmsisNnRoot, k.Item2, k.Item3))
        {
            Name = (CmsisNnRoot == null ? "portable C" : "CMSIS-NN") + (k.Item2 ? " (DSP paths)" : "") + (k.Item3 ? " (sanitized)" : ""),
        })).Value;

    /// <summary>Runs all cases in one harness process; returns one result per case.</summary>
    public IReadOnlyList<CaseResult> Run(IReadOnlyList<KernelCase> cases)
    {
        var calls = cases.Select(c => new HarnessCall(c.Op, c.Inputs.Select(f => new HarnessField(f.Data)).ToList())).ToList();
        return _native.Run(calls)
            .Select(r => new CaseResult(r.Status, r.Outputs.Select(f => new Field(f.ElemSize, f.Data)).ToList()))
            .ToList();
    }
}
