using System.Buffers.Binary;
using System.Globalization;
using WakeWord.Core;

namespace WakeWord.Sim.Runtime.Targets;

/// <summary>One allocated section of a linked image, as arm-none-eabi-size -A lists it.</summary>
public sealed record SectionSize(string Name, ulong Bytes, ulong Address);

/// <summary>Flash and RAM use of a Cortex-M image: flash holds everything loaded (including .data's initial values), RAM everything at a RAM address.</summary>
public sealed record MemoryUse(IReadOnlyList<SectionSize> Sections, ulong FlashBytes, ulong RamBytes);

/// <summary>Reads sizes, symbols and load addresses of Cortex-M ELF files with the GNU Arm tools and the ELF header.</summary>
public static class ElfInspector
{
    /// <summary>Flash lives at 0x08000000 on the STM32H7 and at 0x00000000 (SSRAM1) on the QEMU MPS2 boards.</summary>
    public static bool IsFlashAddress(ulong a) => a is >= 0x08000000 and < 0x08200000 or < 0x00400000;

    /// <summary>Allocated sections (address non-zero or a flash section) from arm-none-eabi-size -A.</summary>
    public static MemoryUse Sizes(string elf)
    {
        var r = ProcessRunner.Check("arm-none-eabi-size", ["-A", elf]);
        var sections = new List<SectionSize>();
        foreach (var line in r.StdOut.Split('\n'))
        {
            var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (p.Length != 3 || !p[0].StartsWith('.') || !ulong.TryParse(p[1], CultureInfo.InvariantCulture, out var size)
                || !ulong.TryParse(p[2], CultureInfo.InvariantCulture, out var addr)) continue;
            if (p[0].StartsWith(".debug", StringComparison.Ordinal) || p[0] is ".comment" or ".ARM.attributes") continue;
            sections.Add(new SectionSize(p[0], size, addr));
        }
        ulong flash = 0, ram = 0;
        foreach (var s in sections)
        {
            if (IsFlashAddress(s.Address)) flash += s.Bytes;
            else
            {
                ram += s.Bytes;
                if (s.Name == ".data") flash += s.Bytes; // initial values are copied from flash
            }
        }
        return new MemoryUse(sections, flash, ram);
    }

    /// <summary>Symbol name to address, from arm-none-eabi-nm.</summary>
    public static Dictionary<string, ulong> Symbols(string elf)
    {
        var r = ProcessRunner.Check("arm-none-eabi-nm", [elf]);
        var d = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (p.Length == 3) d[p[2]] = Convert.ToUInt64(p[0], 16);
        }
        return d;
    }

    /// <summary>
    /// Checks that <paramref name="elf"/> is a 32-bit little-endian Arm ELF and returns the lowest physical
    /// (load) address of its loadable segments, where the vector table sits.
    /// </summary>
    public static ulong LowestLoadAddress(string elf)
    {
        if (!File.Exists(elf)) throw new WakeWordException($"{elf}: file not found");
        var b = File.ReadAllBytes(elf);
        if (b.Length < 52 || b[0] != 0x7F || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
            throw new WakeWordException($"{elf}: not an ELF file");
        if (b[4] != 1 || b[5] != 1 || BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(18)) != 40)
            throw new WakeWordException($"{elf}: not a 32-bit little-endian Arm ELF (built for another machine?)");
        var phoff = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(28));
        var phentsize = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(42));
        var phnum = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(44));
        ulong lowest = ulong.MaxValue;
        for (var i = 0; i < phnum; i++)
        {
            var o = (int)(phoff + (uint)(i * phentsize));
            if (o + 32 > b.Length) throw new WakeWordException($"{elf}: program header {i} runs past the end of the file");
            var type = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o));
            var paddr = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o + 12));
            var filesz = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o + 16));
            if (type == 1 && filesz > 0 && paddr < lowest) lowest = paddr;
        }
        if (lowest == ulong.MaxValue) throw new WakeWordException($"{elf}: no loadable segment");
        return lowest;
    }
}
