using System.Diagnostics;
using System.Globalization;
using WakeWord.Core;
using WakeWord.Sim.Audio;
using WakeWord.Sim.Frontend;
using Fe = WakeWord.Sim.Frontend.Frontend;

namespace WakeWord.Sim.Reference;

/// <summary>
/// The front-end benchmark behind <c>wakeword bench-frontend</c>: decimator mask, per-coefficient SNR of
/// the fixed-point features against the double reference on espeak-ng speech at peak levels 0 to -50
/// dBFS, and speed of the simulator and of the native C build.
/// </summary>
public static class FrontendBenchmark
{
    public static readonly string[] Sentences =
    [
        "Hey computer, turn on the kitchen lights and tell me the weather for tomorrow morning.",
        "The quick brown fox jumps over the lazy dog while seven zebras quietly graze nearby.",
        "Please set a timer for twelve minutes and remind me to call my sister at five thirty.",
    ];

    public static readonly string[] Voices = ["en-us", "en-gb", "en-us+f3"];

    /// <summary>espeak-ng speech, converted to 48 kHz by our WAV reader; one recording per sentence and voice.</summary>
    public static List<short[]> Speech()
    {
        var dir = RepoPaths.WorkDir("bench-frontend");
        var list = new List<short[]>();
        foreach (var voice in Voices)
        {
            foreach (var s in Sentences)
            {
                var path = Path.Combine(dir, $"speech-{Guid.NewGuid():N}.wav");
                ProcessRunner.Check("espeak-ng", ["-v", voice, "-w", path, s]);
                try
                {
                    list.Add(WavFile.ReadMono48k(path));
                }
                finally
                {
                    File.Delete(path);
                }
            }
        }
        return list;
    }

    /// <summary>Scales so the peak sits at <paramref name="dbfs"/> (0 dBFS = 32767), rounded and saturated.</summary>
    public static short[] AtPeakLevel(ReadOnlySpan<short> x, double dbfs)
    {
        var peak = 1;
        foreach (var v in x) peak = Math.Max(peak, Math.Abs((int)v));
        var g = 32767 * Math.Pow(10, dbfs / 20) / peak;
        var y = new short[x.Length];
        for (var i = 0; i < x.Length; i++) y[i] = (short)Math.Clamp(Math.Round(x[i] * g, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue);
        return y;
    }

    public static void Run(TextWriter o, FrontendConfig config, int speedSeconds, bool native)
    {
        var inv = CultureInfo.InvariantCulture;
        var t = new FrontendTables(config);
        o.WriteLine(string.Create(inv, $"decimator: {config.ResamplerTaps} taps Q15, stopband attenuation >= 8 kHz: {FrontendAccuracy.StopbandAttenuationDb(t):F1} dB, passband ripple 0..7 kHz: {FrontendAccuracy.PassbandRippleDb(t):F4} dB (peak to peak)"));
        var speech = Speech();
        o.WriteLine(string.Create(inv, $"speech: {speech.Count} espeak-ng recordings ({Voices.Length} voices x {Sentences.Length} sentences), {speech.Sum(s => s.Length) / 48000.0:F1} s; SNR per coefficient in dB, c0..c{config.Cepstra - 1} then log energy"));
        foreach (var level in new[] { 0.0, -10, -20, -30, -40, -50 })
        {
            var acc = new FrontendAccuracy.SnrAccumulator(config.Features);
            foreach (var s in speech) acc.Add(t, AtPeakLevel(s, level));
            var snr = acc.Snr();
            o.WriteLine(string.Create(inv, $"peak {level,4:F0} dBFS  min {snr.Min(),5:F1}  ") + string.Join(' ', snr.Select(v => v.ToString("F0", inv))));
        }
        {
            var worst = double.PositiveInfinity;
            foreach (var level in new[] { 0.0, -50 })
                foreach (var s in speech) worst = Math.Min(worst, FrontendAccuracy.SnrAfterDecimator(t, AtPeakLevel(s, level)).Min());
            o.WriteLine(string.Create(inv, $"stages after the decimator only (reference fed the int16 16 kHz samples), worst coefficient over all recordings at 0 and -50 dBFS: {worst:F1} dB"));
        }

        var pcm = new short[speedSeconds * 48000];
        var all = speech.SelectMany(s => s).ToArray();
        for (var i = 0; i < pcm.Length; i++) pcm[i] = all[i % all.Length];
        Fe.ComputeAll(t, pcm.AsSpan(0, Math.Min(pcm.Length, 48000))); // warm up the JIT
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var sim = Fe.ComputeAll(t, pcm);
        var simS = sw.Elapsed.TotalSeconds;
        proc.Refresh();
        var simCpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        o.WriteLine(string.Create(inv, $"speed: simulator {speedSeconds} s of audio: {simCpu:F2} s CPU = {speedSeconds / simCpu:F0}x real time ({simS:F2} s wall; {sim.Length / config.Features} frames)"));
        if (native)
        {
            var nf = NativeFrontend.Build(config);
            var res = nf.Run(pcm, null, out var natCpu);
            var same = res.Data.AsSpan().SequenceEqual(sim);
            o.WriteLine(string.Create(inv, $"speed: native C (host gcc -O3) {speedSeconds} s of audio: {natCpu:F2} s CPU = {speedSeconds / natCpu:F0}x real time; simulator / native CPU time = {simCpu / natCpu:F2}; features identical: {(same ? "yes" : "NO")}"));
            if (!same) throw new WakeWordException("bench-frontend: native and simulator features differ");
        }
    }
}
