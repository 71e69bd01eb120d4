using WakeWord.Core;

namespace WakeWord.Sim.Runtime.Targets;

/// <summary>
/// The targets WakeWord builds for. Clocks follow the boards' clock trees (firmware/boards/common-stm32h7/
/// ww_stm32h7_clock.c): HIGH is the PLL at 480 MHz (CM7, VOS0) or 240 MHz (CM4 of the dual-core parts, VOS1);
/// LOW is the 64 MHz HSI at VOS3 (the CM4 at 240 MHz needs sys_ck 480 MHz, so VOS0 as well: VOS1 allows
/// only 200 MHz). Powers are estimates from typical STM32H7 datasheet run and sleep currents at 3.3 V
/// (code from flash with cache/ART, SAI and DMA on); edit them here for a measured board.
/// The QEMU targets run the same instruction stream as the board they model, so reports use that board's
/// clocks.
/// </summary>
public static class TargetCatalog
{
    private static readonly PerfLevel Cm7Low = new("LOW", 64_000_000, "VOS3", 46, 16);
    private static readonly PerfLevel Cm7High = new("HIGH", 480_000_000, "VOS0", 445, 150);
    private static readonly PerfLevel Cm4Low = new("LOW", 64_000_000, "VOS3", 40, 16);
    private static readonly PerfLevel Cm4High = new("HIGH", 240_000_000, "VOS0", 265, 130);

    public static readonly TargetDefinition Host = new(
        "host", TargetKind.Host, "host-gcc.cmake", "host", "x86-64", null, null,
        [], [], 0, "this PC (gcc), reads PCM and writes a trace");

    public static readonly TargetDefinition QemuM4 = new(
        "qemu-m4", TargetKind.Qemu, "arm-none-eabi-cortex-m4.cmake", "qemu-m4", "cortex-m4", "mps2-an386", "stm32h7-cm4",
        [Cm4Low, Cm4High], [], 0, "QEMU mps2-an386 (Cortex-M4F), semihosting, instructions counted under -icount shift=0");

    public static readonly TargetDefinition QemuM7 = new(
        "qemu-m7", TargetKind.Qemu, "arm-none-eabi-cortex-m7.cmake", "qemu-m7", "cortex-m7", "mps2-an500", "stm32h7-cm7",
        [Cm7Low, Cm7High], [], 0, "QEMU mps2-an500 (Cortex-M7), semihosting, instructions counted under -icount shift=0");

    public static readonly TargetDefinition Stm32H7Cm4 = new(
        "stm32h7-cm4", TargetKind.Hardware, "arm-none-eabi-cortex-m4.cmake", "stm32h7-cm4", "cortex-m4", null, null,
        [Cm4Low, Cm4High], ["interface/stlink.cfg", "target/stm32h7x_dual_bank.cfg"], 0x08100000,
        "STM32H745/H747 Cortex-M4 core (flash bank 2), SAI1 + DMA audio, DWT cycle counter");

    public static readonly TargetDefinition Stm32H7Cm7 = new(
        "stm32h7-cm7", TargetKind.Hardware, "arm-none-eabi-cortex-m7.cmake", "stm32h7-cm7", "cortex-m7", null, null,
        [Cm7Low, Cm7High], ["interface/stlink.cfg", "target/stm32h7x.cfg"], 0x08000000,
        "STM32H743 Cortex-M7 core, SAI1 + DMA audio, DWT cycle counter");

    /// <summary>Every target, in the order help and reports list them.</summary>
    public static IReadOnlyList<TargetDefinition> All { get; } = [Host, QemuM4, QemuM7, Stm32H7Cm4, Stm32H7Cm7];

    /// <summary>Names for help texts: "host, qemu-m4, ...".</summary>
    public static string Names => string.Join(", ", All.Select(t => t.Name));

    /// <summary>The target called <paramref name="name"/>; a <see cref="WakeWordException"/> naming the choices otherwise.</summary>
    public static TargetDefinition Get(string name)
    {
        foreach (var t in All)
            if (string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)) return t;
        throw new WakeWordException($"--target {name}: unknown target (choose one of {Names})");
    }

    /// <summary>The board a QEMU target stands in for (itself for real boards).</summary>
    public static TargetDefinition ModelledBoard(TargetDefinition t) =>
        t.ModelsBoard is { } b ? Get(b) : t;
}
