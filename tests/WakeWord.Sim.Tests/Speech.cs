using WakeWord.Core;
using WakeWord.Sim.Audio;

namespace WakeWord.Sim.Tests;

/// <summary>Real speech from espeak-ng (22.05 kHz WAV, converted to 48 kHz by our reader), cached per text.</summary>
internal static class Speech
{
    public const string Sentence = "Hey computer, turn on the kitchen lights and tell me the weather for tomorrow morning.";

    private static readonly Dictionary<string, short[]> Cache = [];

    public static short[] Espeak48k(string text = Sentence, string voice = "en-us")
    {
        lock (Cache)
        {
            var key = voice + "|" + text;
            if (Cache.TryGetValue(key, out var x)) return x;
            var path = Path.Combine(RepoPaths.WorkDir("sim-tests"), $"espeak-{Guid.NewGuid():N}.wav");
            ProcessRunner.Check("espeak-ng", ["-v", voice, "-w", path, text]);
            try
            {
                x = WavFile.ReadMono48k(path);
            }
            finally
            {
                File.Delete(path);
            }
            Cache[key] = x;
            return x;
        }
    }

    /// <summary>Scales so the peak sits at <paramref name="dbfs"/> (0 dBFS = 32767), rounded and saturated.</summary>
    public static short[] AtPeakLevel(short[] x, double dbfs)
    {
        var peak = 1;
        foreach (var v in x) peak = Math.Max(peak, Math.Abs((int)v));
        var g = 32767 * Math.Pow(10, dbfs / 20) / peak;
        var y = new short[x.Length];
        for (var i = 0; i < x.Length; i++) y[i] = Signals.Clip(x[i] * g);
        return y;
    }
}
