using System.CommandLine;
using System.Globalization;
using WakeWord.Cli.Bench;
using WakeWord.Sim.Kernels.Bench;
using WakeWord.Sim.Kernels.Native;

namespace WakeWord.Cli.Commands;

/// <summary>
/// <c>wakeword bench-kernels</c>: MAC/s of the C# kernels against the C build (portable kernels at -O2, or CMSIS-NN
/// at $CMSIS_NN_ROOT) on the layers of the shipped default model (shapes read from its ONNX file, printed first), with the
/// C#/native ratio and an exactness check, in one run.
/// </summary>
public sealed class BenchKernelsCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var ms = new Option<int>("--ms") { Description = "Minimum run time per layer and side, in milliseconds.", DefaultValueFactory = _ => 500 };
        var cortexM = new Option<bool>("--cortex-m") { Description = "Also build the layers for QEMU Cortex-M4 and M7 and print instructions per MAC." };
        var cmd = new Command("bench-kernels", "Benchmark the C# kernels against the native C kernels on the default CRNN's layers.") { ms, cortexM };
        cmd.SetAction(parse =>
        {
            var root = NativeHarness.CmsisNnRootFromEnvironment();
            var shape = ModelKernelShape.Default();
            var inv = CultureInfo.InvariantCulture;
            ctx.Out.WriteLine($"shapes: {shape.Source}: {shape.Describe()}");
            var rows = KernelBench.Run(shape, parse.GetValue(ms), root);
            ctx.Out.WriteLine($"native: {(root == null ? "portable C kernels" : "CMSIS-NN at " + root)}, gcc -O2; C#: {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}");
            ctx.Out.WriteLine($"{"layer",-36} {"MACs",10} {"C# MMAC/s",10} {"C MMAC/s",10} {"C#/C",6}  exact");
            double csTotal = 0, nTotal = 0;
            long macs = 0;
            bool allExact = true;
            foreach (var r in rows)
            {
                ctx.Out.WriteLine(string.Format(inv, "{0,-36} {1,10} {2,10:F1} {3,10:F1} {4,6:F2}  {5}", r.Name, r.Macs,
                    r.CSharpMacsPerSecond / 1e6, r.NativeMacsPerSecond / 1e6, r.Ratio, r.Exact ? "yes" : "NO"));
                csTotal += r.CSharpNsPerCall;
                nTotal += r.NativeNsPerCall;
                macs += r.Macs;
                allExact &= r.Exact;
            }
            ctx.Out.WriteLine(string.Format(inv, "{0,-36} {1,10} {2,10:F1} {3,10:F1} {4,6:F2}  {5}", "inference (sum)", macs,
                macs / csTotal * 1e3, macs / nTotal * 1e3, nTotal / csTotal, allExact ? "yes" : "NO"));
            if (parse.GetValue(cortexM))
            {
                ctx.Out.WriteLine();
                ctx.Out.WriteLine("Cortex-M under QEMU (-icount shift=0, exact), same kernels, gcc -O2; instructions (per MAC):");
                var chain = shape.CortexMChain();
                ctx.Out.WriteLine($"chain: {chain.Conv1}, {chain.Conv2}, {chain.Lstm}, {chain.Fc}");
                var layerMacsByName = CortexMKernelBench.LayerMacs(shape);
                var m4 = CortexMKernelBench.Run("qemu-m4", root, shape);
                var m7 = CortexMKernelBench.Run("qemu-m7", root, shape);
                ulong t4 = 0, t7 = 0;
                foreach (var (layer, layerMacs) in layerMacsByName)
                {
                    ulong i4 = m4[$"{layer}_instructions"], i7 = m7[$"{layer}_instructions"];
                    t4 += i4;
                    t7 += i7;
                    ctx.Out.WriteLine(string.Format(inv, "{0,-8} M4 {1,10} ({2,5:F2})   M7 {3,10} ({4,5:F2})", layer, i4, i4 / (double)layerMacs, i7, i7 / (double)layerMacs));
                }
                long total = layerMacsByName.Values.Sum();
                ctx.Out.WriteLine(string.Format(inv, "{0,-8} M4 {1,10} ({2,5:F2})   M7 {3,10} ({4,5:F2})", "total", t4, t4 / (double)total, t7, t7 / (double)total));
            }
            return allExact ? 0 : 1;
        });
        return cmd;
    }
}
