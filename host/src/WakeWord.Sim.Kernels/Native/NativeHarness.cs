using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using WakeWord.Core;

namespace WakeWord.Sim.Kernels.Native;

/// <summary>One array passed to or returned by the C kernel harness (int8, int16, int32 or int64 elements).</summary>
public sealed record HarnessField(Array Data)
{
    public int ElemSize => Data switch
    {
        sbyte[] => 1,
        short[] => 2,
        int[] => 4,
        long[] => 8,
        _ => throw new InvalidOperationException($"unsupported element type {Data.GetType()}"),
    };

    public byte[] Bytes() => Data switch
    {
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        _ => throw new InvalidOperationException($"unsupported element type {Data.GetType()}"),
    };
}

/// <summary>A harness call: op code (see kernel_harness.c) and input fields; and what came back.</summary>
public sealed record HarnessCall(int Op, IReadOnlyList<HarnessField> Inputs);

public sealed record HarnessResult(int Status, IReadOnlyList<HarnessField> Outputs);

/// <summary>
/// The C kernel harness (firmware/tests/kernels): builds it with CMake for the PC against the portable kernels or
/// a CMSIS-NN checkout, and runs case files through it. Used by the kernel tests and by <c>wakeword bench-kernels</c>.
/// </summary>
public sealed class NativeHarness
{
    public string Executable { get; }
    public RoundingMode Mode { get; }
    public string? CmsisNnRoot { get; }
    /// <summary>Build flags reported by the program: 1 single rounding, 2 LSTM hidden_state field, 4 DSP build.</summary>
    public int Flags { get; private set; }

    private NativeHarness(string exe, RoundingMode mode, string? root)
    {
        Executable = exe;
        Mode = mode;
        CmsisNnRoot = root;
    }

    /// <summary>The CMSIS_NN_ROOT environment variable as a full path, or null (portable kernels).</summary>
    public static string? CmsisNnRootFromEnvironment()
    {
        var r = Environment.GetEnvironmentVariable("CMSIS_NN_ROOT");
        return string.IsNullOrWhiteSpace(r) ? null : Path.GetFullPath(r);
    }

    /// <summary>Configures and builds the harness (-O2, host gcc) under artifacts/work/, then asks it for its flags.</summary>
    /// <param name="dspEmulation">Portable kernels only: take the Cortex-M DSP (SXTB16/SMLAD) code paths with plain C
    /// twins of the intrinsics, so the PC tests cover the code the M4/M7 builds run.</param>
    /// <param name="sanitize">Build with AddressSanitizer and UndefinedBehaviorSanitizer (no recovery): any out-of-bounds
    /// access or signed overflow in the kernels makes the harness fail.</param>
    public static NativeHarness Build(RoundingMode mode, string? cmsisNnRoot, bool dspEmulation = false, bool sanitize = false)
    {
        if (dspEmulation && cmsisNnRoot != null) throw new WakeWordException("DSP emulation applies to the portable kernels only");
        if (cmsisNnRoot != null && !File.Exists(Path.Combine(cmsisNnRoot, "Include", "arm_nnfunctions.h")))
            throw new WakeWordException($"CMSIS_NN_ROOT={cmsisNnRoot}: not a CMSIS-NN checkout (no Include/arm_nnfunctions.h)");
        var impl = cmsisNnRoot == null ? "portable" : "cmsis-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(cmsisNnRoot)))[..8].ToLowerInvariant();
        var dir = RepoPaths.WorkDir($"kernel-harness-{impl}{(dspEmulation ? "-dsp" : "")}{(sanitize ? "-san" : "")}-{mode.ToString().ToLowerInvariant()}");
        const string sanitizers = "-fsanitize=address,undefined -fno-sanitize-recover=undefined";
        ProcessRunner.Check("cmake",
        [
            "-S", Path.Combine(RepoPaths.Firmware, "tests", "kernels"), "-B", dir,
            $"-DCMAKE_TOOLCHAIN_FILE={Path.Combine(RepoPaths.Cmake, "host-gcc.cmake")}",
            "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_C_FLAGS_RELEASE=-O2",
            $"-DCMAKE_C_FLAGS={(sanitize ? sanitizers : "")}", $"-DCMAKE_EXE_LINKER_FLAGS={(sanitize ? sanitizers : "")}",
            $"-DWW_SINGLE_ROUNDING={(mode == RoundingMode.Single ? "ON" : "OFF")}",
            $"-DCMSIS_NN_ROOT={cmsisNnRoot ?? ""}",
            $"-DWW_KERNELS_DSP_EMULATION={(dspEmulation ? "ON" : "OFF")}",
        ], timeout: TimeSpan.FromMinutes(5));
        ProcessRunner.Check("cmake", ["--build", dir, "-j", "2"], timeout: TimeSpan.FromMinutes(10));
        var exe = Path.Combine(dir, "kernel_harness");
        if (!File.Exists(exe)) throw new WakeWordException($"{exe}: the harness build produced no program");
        var h = new NativeHarness(exe, mode, cmsisNnRoot);
        h.Run([]);
        return h;
    }

    /// <summary>Runs the calls in one process. With <paramref name="benchMilliseconds"/> &gt; 0 each call is repeated
    /// that long and its result gets one more int64 field: nanoseconds per call.</summary>
    public IReadOnlyList<HarnessResult> Run(IReadOnlyList<HarnessCall> calls, int benchMilliseconds = 0)
    {
        var dir = RepoPaths.WorkDir("kernel-harness-runs");
        var id = Guid.NewGuid().ToString("N");
        var input = Path.Combine(dir, id + ".cases");
        var output = Path.Combine(dir, id + ".results");
        try
        {
            using (var w = new BinaryWriter(File.Create(input)))
            {
                w.Write("WWKC"u8);
                w.Write(1);
                foreach (var c in calls)
                {
                    w.Write(c.Op);
                    w.Write(c.Inputs.Count);
                    foreach (var f in c.Inputs)
                    {
                        w.Write(f.ElemSize);
                        w.Write(f.Data.Length);
                        w.Write(f.Bytes());
                    }
                }
            }
            var args = benchMilliseconds > 0
                ? new[] { "--bench", benchMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), input, output }
                : new[] { input, output };
            ProcessRunner.Check(Executable, args, timeout: TimeSpan.FromMinutes(10));
            return ReadResults(output);
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("WW_KEEP_HARNESS_FILES") != "1")
            {
                File.Delete(input);
                File.Delete(output);
            }
        }
    }

    private List<HarnessResult> ReadResults(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        if (Encoding.ASCII.GetString(r.ReadBytes(4)) != "WWKR" || r.ReadInt32() != 1)
            throw new WakeWordException($"{path}: not a WWKR version 1 result file");
        Flags = r.ReadInt32();
        var results = new List<HarnessResult>();
        while (r.BaseStream.Position < r.BaseStream.Length)
        {
            int status = r.ReadInt32();
            int n = r.ReadInt32();
            var fields = new List<HarnessField>(n);
            for (int i = 0; i < n; i++)
            {
                int size = r.ReadInt32();
                int count = r.ReadInt32();
                var bytes = r.ReadBytes(size * count);
                Array data = size switch
                {
                    1 => new sbyte[count],
                    2 => new short[count],
                    4 => new int[count],
                    8 => new long[count],
                    _ => throw new WakeWordException($"{path}: bad element size {size}"),
                };
                Buffer.BlockCopy(bytes, 0, data, 0, bytes.Length);
                fields.Add(new HarnessField(data));
            }
            results.Add(new HarnessResult(status, fields));
        }
        return results;
    }
}
