using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using WakeWord.Core;

namespace WakeWord.Sim.Frontend;

/// <summary>
/// The firmware front end built for the PC: generates ww_frontend_config.h for a config, builds
/// firmware/tools/features (with firmware/src/frontend) using the host gcc toolchain into
/// artifacts/work/frontend-native/&lt;config hash&gt;, and runs it on 48 kHz PCM.
/// </summary>
public sealed class NativeFrontend
{
    private static readonly Lock BuildLock = new();

    public FrontendConfig Config { get; }

    /// <summary>Path of the built ww_features executable.</summary>
    public string Executable { get; }

    private readonly string _dir;

    /// <summary>Path of the built ww_frontend_stages harness (one stage at a time, for twin tests).</summary>
    public string StagesExecutable => Path.Combine(Path.GetDirectoryName(Executable)!, "ww_frontend_stages");

    private NativeFrontend(FrontendConfig config, string dir, string exe)
    {
        Config = config;
        _dir = dir;
        Executable = exe;
    }

    /// <summary>
    /// Runs one C stage (fft, log, mfcc, resample) on little-endian input bytes and returns its output
    /// bytes; see firmware/tools/features/ww_frontend_stages.c for the layouts.
    /// </summary>
    public byte[] RunStage(string stage, byte[] input)
    {
        var runDir = Path.Combine(_dir, "runs");
        Directory.CreateDirectory(runDir);
        var id = Guid.NewGuid().ToString("N");
        var inPath = Path.Combine(runDir, id + ".in");
        var outPath = Path.Combine(runDir, id + ".out");
        try
        {
            File.WriteAllBytes(inPath, input);
            ProcessRunner.Check(StagesExecutable, [stage, inPath, outPath], timeout: TimeSpan.FromMinutes(5));
            return File.ReadAllBytes(outPath);
        }
        finally
        {
            File.Delete(inPath);
            File.Delete(outPath);
        }
    }

    /// <summary>Generates the header and builds (incrementally) the native tool for <paramref name="config"/>.</summary>
    public static NativeFrontend Build(FrontendConfig config)
    {
        var header = FrontendHeaderEmitter.Emit(config);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(header)))[..16];
        lock (BuildLock)
        {
            var dir = RepoPaths.WorkDir(Path.Combine("frontend-native", hash));
            using var fileLock = LockFile(Path.Combine(dir, ".build.lock"));
            var gen = Path.Combine(dir, "generated");
            Directory.CreateDirectory(gen);
            var hpath = Path.Combine(gen, FrontendHeaderEmitter.FileName);
            if (!File.Exists(hpath) || File.ReadAllText(hpath) != header)
                AtomicOutput.WriteFile(hpath, tmp => File.WriteAllText(tmp, header));
            var build = Path.Combine(dir, "build");
            if (!File.Exists(Path.Combine(build, "CMakeCache.txt")))
            {
                ProcessRunner.Check("cmake", [
                    "-S", Path.Combine(RepoPaths.Firmware, "tools", "features"), "-B", build,
                    $"-DCMAKE_TOOLCHAIN_FILE={Path.Combine(RepoPaths.Cmake, "host-gcc.cmake")}",
                    $"-DWW_GENERATED_DIR={gen}", "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_C_FLAGS_RELEASE=-O3",
                ], timeout: TimeSpan.FromMinutes(5));
            }
            ProcessRunner.Check("cmake", ["--build", build, "--", "-j2"], timeout: TimeSpan.FromMinutes(5));
            var exe = Path.Combine(build, "ww_features");
            if (!File.Exists(exe)) throw new WakeWordException($"{exe}: build finished but the program is missing");
            return new NativeFrontend(config, dir, exe);
        }
    }

    /// <summary>Holds an exclusive lock file so test processes running in parallel do not build the same tree at once.</summary>
    private static FileStream LockFile(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 1200)
            {
                Thread.Sleep(250);
            }
        }
    }

    /// <summary>Runs the native front end on <paramref name="pcm48k"/>; optional seeded random chunking.</summary>
    public FeatureFile Run(ReadOnlySpan<short> pcm48k, int? chunkSeed = null) => Run(pcm48k, chunkSeed, out _);

    /// <summary>As <see cref="Run(ReadOnlySpan{short}, int?)"/>; also returns the CPU seconds the C front end took
    /// (process start and file I/O excluded), as printed by the tool.</summary>
    public FeatureFile Run(ReadOnlySpan<short> pcm48k, int? chunkSeed, out double frontendCpuSeconds)
    {
        var runDir = Path.Combine(_dir, "runs");
        Directory.CreateDirectory(runDir);
        var id = Guid.NewGuid().ToString("N");
        var inPath = Path.Combine(runDir, id + ".pcm");
        var outPath = Path.Combine(runDir, id + ".wwfe");
        try
        {
            var bytes = new byte[pcm48k.Length * 2];
            for (var i = 0; i < pcm48k.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), pcm48k[i]);
            File.WriteAllBytes(inPath, bytes);
            var args = new List<string> { "--in", inPath, "--out", outPath };
            if (chunkSeed is { } s) args.AddRange(["--chunk-seed", s.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            var r = ProcessRunner.Check(Executable, args, timeout: TimeSpan.FromMinutes(10));
            var m = System.Text.RegularExpressions.Regex.Match(r.StdOut, @"front end ([0-9.]+) s CPU");
            frontendCpuSeconds = m.Success ? double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
            return FeatureFile.Read(outPath);
        }
        finally
        {
            File.Delete(inPath);
            File.Delete(outPath);
        }
    }
}
