using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using WakeWord.Core;
using WakeWord.Datasets.Audio;

namespace WakeWord.Datasets.Synthesis;

/// <summary>Wall-clock time spent per stage, summed over all jobs (for the run summary and profiling).</summary>
public sealed class StageTimes
{
    private readonly long[] _ticks = new long[Names.Count];
    private readonly long[] _calls = new long[Names.Count];

    public static readonly IReadOnlyList<string> Names = ["espeak-ng", "flite", "festival", "sox effects", "mix+write", "hash", "gnuspeech", "mbrola", "pico", "rhvoice"];

    public void Add(int stage, long ticks)
    {
        Interlocked.Add(ref _ticks[stage], ticks);
        Interlocked.Increment(ref _calls[stage]);
    }

    public IReadOnlyList<(string Stage, double Seconds, long Calls)> Snapshot() =>
        Names.Select((n, i) => (n, _ticks[i] / (double)Stopwatch.Frequency, Interlocked.Read(ref _calls[i]))).ToList();

    public T Time<T>(int stage, Func<T> f)
    {
        var t0 = Stopwatch.GetTimestamp();
        try { return f(); }
        finally { Add(stage, Stopwatch.GetTimestamp() - t0); }
    }
}

/// <summary>
/// Turns one utterance (a TTS voice and text, or a slice of a recording) into 48 kHz float samples with the
/// sox effects of an <see cref="Augment"/> (tempo, pitch, band limit, reverb). All tools run in repeatable
/// mode; espeak-ng, flite and festival are deterministic for a given voice, text and settings.
/// </summary>
public sealed class SpeechRenderer(string tmpDir, StageTimes times)
{
    private long _effectsCalls;


    public const int StageSox = 3;

    public const int StageGnuSpeech = 6;

    public const int StageMbrola = 7;

    public const int StagePico = 8;

    public const int StageRhVoice = 9;

    /// <summary>Synthesizes <paramref name="text"/> with <paramref name="voice"/> into a WAV file. <paramref name="seed"/>
    /// seeds the engines that draw random numbers (GnuSpeech's intonation jitter).</summary>
    public void Tts(Voice voice, string text, double rate, int pitch, string wavOut, ulong seed = 0)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (voice.Engine)
        {
            case TtsEngine.EspeakNg:
            case TtsEngine.Mbrola:
                // For an MBROLA voice espeak-ng turns the text into phonemes, prosody and rate; the MBROLA database speaks them.
                string[] espeakArgs = ["-v", voice.Name, "-s", ((int)Math.Round(175 * rate)).ToString(inv), "-p", pitch.ToString(inv), "-w", wavOut, text];
                if (voice.EspeakPath != null) espeakArgs = [$"--path={voice.EspeakPath}", .. espeakArgs];
                times.Time(voice.Engine == TtsEngine.Mbrola ? StageMbrola : 0, () => ProcessRunner.Check("espeak-ng", espeakArgs));
                break;
            case TtsEngine.Flite:
                times.Time(1, () => ProcessRunner.Check("flite",
                    ["-voice", voice.Name, "--setf", $"duration_stretch={(1 / rate).ToString("0.###", inv)}",
                     "--setf", $"int_f0_target_mean={(80 + pitch * 1.6).ToString("0.#", inv)}", "-t", text, "-o", wavOut]));
                break;
            case TtsEngine.Festival:
                times.Time(2, () =>
                {
                    // A foreign voice's intonation module fails on some English questions (SIOD "wrong type of argument"),
                    // so it reads the words without sentence punctuation.
                    Festival.Synth(voice.Name, VoiceCatalog.IsForeign(voice) ? WithoutPunctuation(text) : text, 1 / rate, wavOut);
                    return 0;
                });
                break;
            case TtsEngine.GnuSpeech:
                times.Time(StageGnuSpeech, () =>
                {
                    GnuSpeech.Synth(voice.VoiceText ?? throw new WakeWordException($"{voice.Id}: GnuSpeech voice without a voice file"),
                        text, rate, GnuSpeechVoices.PitchOffset(pitch), seed, wavOut);
                    return 0;
                });
                break;
            case TtsEngine.Pico:
                // pico2wave has no rate option; its text markup sets the speed in percent.
                times.Time(StagePico, () => ProcessRunner.Check("pico2wave",
                    ["-l", voice.Name, "-w", wavOut, $"<speed level=\"{(int)Math.Round(100 * rate)}\">{EscapeMarkup(text)}</speed>"]));
                break;
            case TtsEngine.RhVoice:
                // RHVoice reads the text from stdin; rate and pitch are percentages of the voice's own (100 = as trained).
                times.Time(StageRhVoice, () => ProcessRunner.Check("RHVoice-test",
                    ["-p", voice.Name, "-r", ((int)Math.Round(100 * rate)).ToString(inv), "-t", RhVoicePitch(pitch).ToString(inv), "-o", wavOut],
                    stdin: System.Text.Encoding.UTF8.GetBytes(text + "\n")));
                break;
        }
        if (!File.Exists(wavOut)) throw new WakeWordException($"{voice.Id}: wrote no audio for '{text}'");
    }

    /// <summary>RHVoice's pitch percentage for the planned pitch (espeak-ng's 0..99 scale, 50 neutral): 25..75 become
    /// 75..125 % of the voice's own pitch.</summary>
    public static int RhVoicePitch(int pitch) => 100 + (pitch - 50);

    /// <summary><paramref name="text"/> with &amp;, &lt; and &gt; escaped for Pico's markup.</summary>
    public static string EscapeMarkup(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary><paramref name="text"/> with . , ; : ! ? turned into spaces and the spaces collapsed.</summary>
    public static string WithoutPunctuation(string text) =>
        string.Join(' ', text.Split([' ', '.', ',', ';', ':', '!', '?'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Runs the sox effects of <paramref name="aug"/> on <paramref name="wavIn"/>; returns 48 kHz samples in [-1, 1].
    /// <paramref name="highPassHz"/> &gt; 0 first removes what lies below it.</summary>
    public float[] Effects(string wavIn, Augment aug, double trimStart, double trimSeconds, string what, int highPassHz = 0)
    {
        var info = DatasetWav.ReadInfo(wavIn);
        var inv = CultureInfo.InvariantCulture;
        // Unique per call: jobs may process the same recording at once.
        var raw = Path.Combine(tmpDir, $"{Path.GetFileNameWithoutExtension(wavIn)}-{Interlocked.Increment(ref _effectsCalls)}.f32");
        var args = new List<string> { "-R", "-D", "-V1", wavIn, "-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1", "-r", "48000", raw };
        if (trimSeconds > 0) args.AddRange(["trim", trimStart.ToString("0.###", inv), trimSeconds.ToString("0.###", inv)]);
        args.AddRange(["remix", "-"]);
        if (highPassHz > 0) args.AddRange(["highpass", highPassHz.ToString(inv)]);
        // Band limit first: sox pitch changes the internal sample rate of the effects after it.
        if (aug.BandHighHz > 0)
        {
            var nyquist = info.SampleRate / 2;
            var hi = Math.Min(aug.BandHighHz, (int)(nyquist * 0.9));
            var lo = Math.Min(aug.BandLowHz, hi / 4);
            args.AddRange(["sinc", $"{lo.ToString(inv)}-{hi.ToString(inv)}"]);
        }
        if (aug.Tempo != 1) args.AddRange(["tempo", "-s", aug.Tempo.ToString("0.###", inv)]);
        if (aug.PitchCents != 0) args.AddRange(["pitch", aug.PitchCents.ToString(inv)]);
        if (aug.Reverb > 0) args.AddRange(["reverb", aug.Reverb.ToString(inv), "50", aug.RoomScale.ToString(inv)]);
        times.Time(StageSox, () => ProcessRunner.Check("sox", args));
        var bytes = File.ReadAllBytes(raw);
        File.Delete(raw);
        var samples = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        if (samples.Length == 0)
        {
            // A full disk ends here too: the synthesizer and sox exited 0 after writing nothing (seen with 48 KiB free).
            var free = new DriveInfo(Path.GetFullPath(tmpDir)).AvailableFreeSpace;
            throw new WakeWordException($"{what}: sox produced no samples from {wavIn} ({free / (1 << 20)} MiB free on the disk of {tmpDir})");
        }
        return samples;
    }

    /// <summary>Renders an utterance: TTS (or a recording slice) then effects.</summary>
    public float[] Utterance(Voice? voice, string? text, double rate, int pitch, Recording? rec, double trimStart, double trimSeconds,
        Augment aug, string tmpName, ulong seed = 0)
    {
        if (rec != null) return Effects(rec.File, aug, trimStart, trimSeconds, $"recording {rec.File}");
        if (voice == null || text == null) throw new InvalidOperationException("utterance without voice or recording");
        var wav = Path.Combine(tmpDir, tmpName + ".wav");
        try
        {
            Tts(voice, text, rate, pitch, wav, seed);
            var s = Effects(wav, aug, 0, 0, $"{voice.Id} '{text}'", voice.Engine == TtsEngine.GnuSpeech ? GnuSpeech.HighPassHz : 0);
            var peak = 0f;
            foreach (var x in s) peak = Math.Max(peak, Math.Abs(x));
            if (peak < 1e-4f) throw new WakeWordException($"{voice.Id}: silent output for '{text}'");
            return s;
        }
        finally
        {
            if (File.Exists(wav)) File.Delete(wav);
        }
    }
}
