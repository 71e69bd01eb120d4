using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using WakeWord.Core;

namespace WakeWord.Sim.Kernels.Tests.Support;

/// <summary>
/// Builds firmware/tests/kernels (the C harness) with CMake for the PC and runs case files through it. The library is
/// the portable subset, or real CMSIS-NN when the CMSIS_NN_ROOT environment variable names a checkout. One build per
/// rounding mode, cached per test run under artifacts/work/.
/// </summary>
public sealed class Harness
{
    private static readonly ConcurrentDictionary<RoundingMode, Lazy<Harness>> Builds = new();

    /// <summary>The CMSIS-NN checkout in use, or null for the portable subset.</summary>
    public static string? CmsisNnRoot
    {
        get
        {
            var r = Environment.GetEnvironmentVariable("CMSIS_NN_ROOT");
            return string.IsNullOrWhiteSpace(r) ? null : Path.GetFullPath(r);
        }
    }

    public string Executable { get; }
    public RoundingMode Mode { get; }
    /// <summary>Result flags: 1 single rounding, 2 LSTM hidden_state field present, 4 DSP build.</summary>
    public int Flags { get; private set; }

    private Harness(string exe, RoundingMode mode)
    {
        Executable = exe;
        Mode = mode;
    }

    /// <summary>The harness built for <paramref name="mode"/> (built on first use).</summary>
    public static Harness For(RoundingMode mode) => Builds.GetOrAdd(mode, m => new Lazy<Harness>(() => Build(m))).Value;

    private static Harness Build(RoundingMode mode)
    {
        var root = CmsisNnRoot;
        var impl = root == null ? "portable" : "cmsis-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..8].ToLowerInvariant();
        var dir = RepoPaths.WorkDir($"kernel-harness-{impl}-{mode.ToString().ToLowerInvariant()}");
        var args = new List<string>
        {
            "-S", Path.Combine(RepoPaths.Firmware, "tests", "kernels"), "-B", dir,
            $"-DCMAKE_TOOLCHAIN_FILE={Path.Combine(RepoPaths.Cmake, "host-gcc.cmake")}",
            "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_C_FLAGS_RELEASE=-O2",
            $"-DWW_SINGLE_ROUNDING={(mode == RoundingMode.Single ? "ON" : "OFF")}",
            $"-DCMSIS_NN_ROOT={root ?? ""}",
        };
        ProcessRunner.Check("cmake", args, timeout: TimeSpan.FromMinutes(5));
        ProcessRunner.Check("cmake", ["--build", dir, "-j", "2"], timeout: TimeSpan.FromMinutes(10));
        var exe = Path.Combine(dir, "kernel_harness");
        if (!File.Exists(exe)) throw new WakeWordException($"{exe}: the harness build produced no program");
        var h = new Harness(exe, mode);
        h.Run([]);
        return h;
    }

    /// <summary>
    /// True for a CMSIS-NN without the LSTM hidden_state field (v7.0.0 or older), whose single-rounding requantize
    /// truncated the 64-bit intermediate to 32 bits (fixed later): results with |r| >= 2^30 wrap there.
    /// </summary>
    public bool IsLegacyCmsisNn => CmsisNnRoot != null && (Flags & 2) == 0;

    /// <summary>Runs all cases in one harness process; returns one result per case.</summary>
    public IReadOnlyList<CaseResult> Run(IReadOnlyList<KernelCase> cases)
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
                foreach (var c in cases)
                {
                    w.Write(c.Op);
                    w.Write(c.Inputs.Count);
                    foreach (var f in c.Inputs)
                    {
                        w.Write(f.ElemSize);
                        w.Write(f.Count);
                        w.Write(f.Bytes());
                    }
                }
            }
            ProcessRunner.Check(Executable, [input, output], timeout: TimeSpan.FromMinutes(5));
            return ReadResults(output, cases.Count);
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

    private List<CaseResult> ReadResults(string path, int expected)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        if (Encoding.ASCII.GetString(r.ReadBytes(4)) != "WWKR" || r.ReadInt32() != 1)
            throw new WakeWordException($"{path}: not a WWKR version 1 result file");
        Flags = r.ReadInt32();
        var results = new List<CaseResult>(expected);
        while (r.BaseStream.Position < r.BaseStream.Length)
        {
            int status = r.ReadInt32();
            int n = r.ReadInt32();
            var fields = new List<Field>(n);
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
                fields.Add(new Field(size, data));
            }
            results.Add(new CaseResult(status, fields));
        }
        return results;
    }
}
