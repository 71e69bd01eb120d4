using WakeWord.Core;

namespace WakeWord.Sim.Runtime.Build;

/// <summary>How a firmware run is fed: the runtime's push path or the DMA double buffer.</summary>
/// <param name="Dma">Feed whole blocks through the simulated DMA instead of ww_runtime_push_audio.</param>
/// <param name="Burst">DMA mode: blocks delivered before each service call (1 = never late).</param>
/// <param name="TraceFlags">WW_TRACE_* flags of the trace to write.</param>
public sealed record FirmwareRunOptions(bool Dma = false, int Burst = 1, int TraceFlags = 7);

/// <summary>Result of one firmware run: its trace file and console output.</summary>
public sealed record FirmwareRunResult(string TracePath, string Output);

/// <summary>
/// A target <c>wakeword validate</c> can run: how to build the firmware for it and how to run the built
/// program on raw 48 kHz int16 PCM, writing a trace. Implementations are found by reflection in this
/// assembly (a public parameterless class), so a board adds one file to plug in.
/// </summary>
public interface IFirmwareTarget
{
    /// <summary>The --target name (host, qemu-m4, ...).</summary>
    string Name { get; }

    /// <summary>Builds the package for this target into <paramref name="buildDir"/>; returns the program path.</summary>
    string Build(string packageDir, string buildDir);

    /// <summary>Runs the program on <paramref name="pcmPath"/> (raw s16le, 48 kHz mono) and writes <paramref name="tracePath"/>.</summary>
    FirmwareRunResult Run(string program, string pcmPath, string tracePath, FirmwareRunOptions options);
}

/// <summary>Finds <see cref="IFirmwareTarget"/> implementations by name.</summary>
public static class FirmwareTargets
{
    private static readonly Lazy<IReadOnlyDictionary<string, IFirmwareTarget>> All = new(() =>
        typeof(IFirmwareTarget).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(IFirmwareTarget).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
            .Select(t => (IFirmwareTarget)Activator.CreateInstance(t)!)
            .ToDictionary(t => t.Name, StringComparer.Ordinal));

    public static IEnumerable<string> Names => All.Value.Keys.OrderBy(k => k, StringComparer.Ordinal);

    public static IFirmwareTarget Get(string name) =>
        All.Value.TryGetValue(name, out var t) ? t
            : throw new WakeWordException($"--target {name}: no runnable target of that name (available: {string.Join(", ", Names)})");

    public static bool Has(string name) => All.Value.ContainsKey(name);
}
