using WakeWord.Core;
using WakeWord.Sim.Audio;
using WakeWord.Sim.Frontend;
using WakeWord.Sim.Runtime;
using WakeWord.Sim.Runtime.Build;
using WakeWord.Sim.Runtime.Trace;

namespace WakeWord.Firmware.Tests;

/// <summary>The test package built once for the host board, and helpers to run firmware and simulator on the same audio.</summary>
internal static class HostFirmware
{
    private static readonly Lazy<(string Package, string Program)> Built = new(() =>
    {
        var pkg = TestPackage.Create(RuntimeConfig.Default);
        var exe = new HostTarget().Build(pkg, Path.Combine(RepoPaths.WorkDir("firmware-tests"), "build-host"));
        return (pkg, exe);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Package => Built.Value.Package;
    public static string Program => Built.Value.Program;

    public static string SampleWav => Path.Combine(RepoPaths.Datasets, "samples", "mixed.wav");

    /// <summary>The bundled sample that says the default model's phrase twice (the demo detects it).</summary>
    public static string PhraseWav => Path.Combine(RepoPaths.Datasets, "samples", "hey-nova.wav");

    /// <summary>48 kHz mono int16 of the bundled sample.</summary>
    public static short[] SamplePcm() => WavFile.Read(SampleWav).ToMono48k();

    public static string WritePcm(short[] pcm, string name)
    {
        var path = Path.Combine(RepoPaths.WorkDir("firmware-tests"), name);
        var bytes = new byte[pcm.Length * 2];
        Buffer.BlockCopy(pcm, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Runs the host firmware; returns its trace bytes and console output.</summary>
    public static (byte[] Trace, string Output) RunFirmware(short[] pcm, string name, FirmwareRunOptions options)
    {
        var pcmPath = WritePcm(pcm, name + ".pcm");
        var tracePath = Path.Combine(RepoPaths.WorkDir("firmware-tests"), name + ".trace");
        var r = new HostTarget().Run(Program, pcmPath, tracePath, options);
        return (File.ReadAllBytes(tracePath), r.Output);
    }

    /// <summary>Runs the C# runtime on the same input the same way; returns its trace and the runtime.</summary>
    public static (byte[] Trace, StreamingRuntime Runtime) RunSimulator(short[] pcm, FirmwareRunOptions options, RuntimeConfig? config = null, int chunk = 0)
    {
        var ms = new MemoryStream();
        var config2 = config ?? RuntimeConfig.Default;
        StreamingRuntime rt;
        using (var w = new TraceWriter(ms))
        {
            rt = new StreamingRuntime(config2, new FrontendTables(FrontendConfig.Default), new TestModel(), w, (TraceFlags)options.TraceFlags);
            Feed(rt, pcm, options, config2, chunk);
        }
        return (ms.ToArray(), rt);
    }

    public static void Feed(StreamingRuntime rt, short[] pcm, FirmwareRunOptions options, RuntimeConfig config, int chunk = 0)
    {
        if (options.Dma)
        {
            var block = config.AudioBlockSamples;
            var pending = 0;
            for (var pos = 0; pos + block <= pcm.Length; pos += block)
            {
                rt.DmaWriteBlock(pcm.AsSpan(pos, block));
                if (++pending == options.Burst)
                {
                    rt.Service();
                    pending = 0;
                }
            }
            rt.Service();
        }
        else
        {
            var n = chunk > 0 ? chunk : config.AudioBlockSamples;
            for (var pos = 0; pos < pcm.Length; pos += n) rt.PushAudio(pcm.AsSpan(pos, Math.Min(n, pcm.Length - pos)));
        }
    }
}
