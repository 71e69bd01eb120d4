using System.Globalization;
using WakeWord.Core;

namespace WakeWord.Sim.Runtime.Build;

/// <summary>The firmware built for the PC (firmware/boards/host, program ww_host).</summary>
public sealed class HostTarget : IFirmwareTarget
{
    public string Name => "host";

    public string Build(string packageDir, string buildDir)
    {
        var dir = FirmwareBuilder.Build(new FirmwareBuildRequest(packageDir, "host", buildDir, ["ww_host"]));
        var exe = Path.Combine(dir, "boards", "host", "ww_host");
        if (!File.Exists(exe)) throw new WakeWordException($"{exe}: the host build did not produce ww_host");
        return exe;
    }

    public FirmwareRunResult Run(string program, string pcmPath, string tracePath, FirmwareRunOptions options)
    {
        var args = new List<string> { "--in", pcmPath, "--trace", tracePath, "--flags", options.TraceFlags.ToString(CultureInfo.InvariantCulture) };
        if (options.Dma) args.AddRange(["--dma", "--burst", options.Burst.ToString(CultureInfo.InvariantCulture)]);
        var r = ProcessRunner.Check(program, args, timeout: TimeSpan.FromMinutes(30));
        return new FirmwareRunResult(tracePath, r.StdOut);
    }
}
