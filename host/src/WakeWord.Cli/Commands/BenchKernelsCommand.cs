using System.CommandLine;
using System.Globalization;
using WakeWord.Sim.Kernels.Bench;
using WakeWord.Sim.Kernels.Native;

namespace WakeWord.Cli.Commands;

/// <summary>
/// <c>wakeword bench-kernels</c>: MAC/s of the C# kernels against the C build (portable kernels at -O2, or CMSIS-NN
/// at $CMSIS_NN_ROOT) on the default CRNN's layers, with the C#/native ratio and an exactness check, in one run.
/// </summary>
public sealed class BenchKernelsCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var ms = new Option<int>("--ms") { Description = "Minimum run time per layer and side, in milliseconds.", DefaultValueFactory = _ => 500 };
        var cmd = new Command("bench-kernels", "Benchmark the C# kernels against the native C kernels on the default CRNN's layers.") { ms };
        cmd.SetAction(parse =>
        {
            var root = NativeHarness.CmsisNnRootFromEnvironment();
            var rows = KernelBench.Run(parse.GetValue(ms), root);
            var inv = CultureInfo.InvariantCulture;
            ctx.Out.WriteLine($"native: {(root == null ? "portable C kernels" : "CMSIS-NN at " + root)}, gcc -O2; C#: {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}");
            ctx.Out.WriteLine($"{"layer",-30} {"MACs",10} {"C# MMAC/s",10} {"C MMAC/s",10} {"C#/C",6}  exact");
            double csTotal = 0, nTotal = 0;
            long macs = 0;
            bool allExact = true;
            foreach (var r in rows)
            {
                ctx.Out.WriteLine(string.Format(inv, "{0,-30} {1,10} {2,10:F1} {3,10:F1} {4,6:F2}  {5}", r.Name, r.Macs,
                    r.CSharpMacsPerSecond / 1e6, r.NativeMacsPerSecond / 1e6, r.Ratio, r.Exact ? "yes" : "NO"));
                csTotal += r.CSharpNsPerCall;
                nTotal += r.NativeNsPerCall;
                macs += r.Macs;
                allExact &= r.Exact;
            }
            ctx.Out.WriteLine(string.Format(inv, "{0,-30} {1,10} {2,10:F1} {3,10:F1} {4,6:F2}  {5}", "inference (sum)", macs,
                macs / csTotal * 1e3, macs / nTotal * 1e3, nTotal / csTotal, allExact ? "yes" : "NO"));
            return allExact ? 0 : 1;
        });
        return cmd;
    }
}
