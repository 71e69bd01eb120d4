namespace WakeWord.Sim.Runtime.Targets;

/// <summary>How a target's firmware is run: as a PC program, under QEMU, or on a real board.</summary>
public enum TargetKind
{
    /// <summary>x86-64 gcc build run as an ordinary program on this PC.</summary>
    Host,

    /// <summary>Cortex-M build run under qemu-system-arm with semihosting.</summary>
    Qemu,

    /// <summary>Cortex-M build flashed to a board with a debug probe.</summary>
    Hardware,
}

/// <summary>
/// One DVFS level of a board: core clock, voltage scale, and the chip's power while the core runs and while
/// it sleeps in WFI between audio blocks (SAI and DMA still running). The powers are typical-datasheet
/// estimates used only by reports, never by the firmware.
/// </summary>
public sealed record PerfLevel(string Name, long ClockHz, string VoltageScale, double RunMilliwatts, double SleepMilliwatts);

/// <summary>
/// A build-and-run target: which toolchain file and board folder the firmware is built with, and how its
/// program runs. Board folders live in firmware/boards/&lt;Board&gt;; toolchain files in cmake/.
/// </summary>
/// <param name="Name">The name users type: host, qemu-m4, qemu-m7, stm32h7-cm4, stm32h7-cm7.</param>
/// <param name="Kind">How the program runs.</param>
/// <param name="ToolchainFile">File name under cmake/.</param>
/// <param name="Board">Folder under firmware/boards/ (the WW_BOARD CMake value).</param>
/// <param name="Cpu">GCC -mcpu value, or x86-64 for the host.</param>
/// <param name="QemuMachine">qemu-system-arm -M value for QEMU targets.</param>
/// <param name="ModelsBoard">For QEMU targets: the real board whose clocks and power the reports use.</param>
/// <param name="Levels">DVFS levels, LOW first then HIGH; empty for the host.</param>
/// <param name="OpenOcdConfig">OpenOCD config files (-f) for flashing, in order.</param>
/// <param name="FlashAddress">Flash base address for st-flash writes of the .bin.</param>
/// <param name="Description">One line for help and reports.</param>
public sealed record TargetDefinition(
    string Name,
    TargetKind Kind,
    string ToolchainFile,
    string Board,
    string Cpu,
    string? QemuMachine,
    string? ModelsBoard,
    IReadOnlyList<PerfLevel> Levels,
    IReadOnlyList<string> OpenOcdConfig,
    uint FlashAddress,
    string Description)
{
    /// <summary>True for Cortex-M targets (built with arm-none-eabi-gcc).</summary>
    public bool IsCortexM => Kind != TargetKind.Host;

    /// <summary>The HIGH (fastest) DVFS level.</summary>
    public PerfLevel High => Levels.Count > 0 ? Levels[^1] : throw new InvalidOperationException($"{Name} has no DVFS levels");

    /// <summary>The LOW (slowest) DVFS level.</summary>
    public PerfLevel Low => Levels.Count > 0 ? Levels[0] : throw new InvalidOperationException($"{Name} has no DVFS levels");
}
