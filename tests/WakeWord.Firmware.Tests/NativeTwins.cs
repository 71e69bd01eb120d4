using WakeWord.Core;

namespace WakeWord.Firmware.Tests;

/// <summary>Builds Native/twins (the runtime modules' C harness) once and runs it.</summary>
internal static class NativeTwins
{
    private static readonly Lazy<string> Exe = new(() =>
    {
        var build = Path.Combine(RepoPaths.WorkDir("firmware-tests"), "build-twins");
        ProcessRunner.Check("cmake", ["-S", Path.Combine(TestPackage.NativeDir, "twins"), "-B", build,
            $"-DCMAKE_TOOLCHAIN_FILE={Path.Combine(RepoPaths.Cmake, "host-gcc.cmake")}", "-DCMAKE_BUILD_TYPE=Release"]);
        ProcessRunner.Check("cmake", ["--build", build, "-j", "2"]);
        return Path.Combine(build, "ww_rt_twins");
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs one module with a seed; returns the raw output bytes.</summary>
    public static byte[] Run(string module, uint seed)
    {
        var outPath = Path.Combine(RepoPaths.WorkDir("firmware-tests"), $"twins-{module}-{seed}.bin");
        ProcessRunner.Check(Exe.Value, [module, seed.ToString(System.Globalization.CultureInfo.InvariantCulture), outPath]);
        return File.ReadAllBytes(outPath);
    }
}

/// <summary>The xorshift32 of ww_rt_twins.c, draw for draw.</summary>
internal sealed class TwinRng(uint seed)
{
    private uint _s = seed == 0 ? 1u : seed;

    public uint Next()
    {
        var x = _s;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        _s = x;
        return x;
    }

    public int Range(int lo, int hi) => lo + (int)(Next() % (uint)(hi - lo + 1));
}

/// <summary>Collects int32 outputs and compares them with the C harness's, naming the first difference.</summary>
internal sealed class TwinOutput
{
    private readonly List<int> _values = [];
    private readonly List<string> _labels = [];

    public void Put(int v, string label)
    {
        _values.Add(v);
        _labels.Add(label);
    }

    public void AssertEqualTo(byte[] c, string module)
    {
        var n = c.Length / 4;
        for (var i = 0; i < Math.Min(n, _values.Count); i++)
        {
            var cv = BitConverter.ToInt32(c, 4 * i);
            if (cv != _values[i])
                Assert.Fail($"{module}: first difference at output {i} ({_labels[i]}): C {cv}, C# {_values[i]}");
        }
        Assert.That(_values.Count, Is.EqualTo(n), $"{module}: output count C {n}, C# {_values.Count}");
    }
}
