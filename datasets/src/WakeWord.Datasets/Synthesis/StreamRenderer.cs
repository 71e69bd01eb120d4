using System.Diagnostics;
using WakeWord.Datasets.Audio;
using WakeWord.Datasets.Manifest;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Synthesis;

/// <summary>
/// Renders a long negative stream of its split's voices, recordings and noise beds: a background of noise beds and silences (10 ms cross-fades) with
/// utterances from test-split voices and recordings on top, separated by pauses of 0.5 to 5 s and sometimes
/// 10 to 40 s. Sentences, multi-word confusables and other words are used; words of the wake phrase alone
/// are not, so no pause can join two utterances into the phrase. Next to the WAV goes
/// <see cref="StreamLabels"/>: every utterance's start, end, kind and text, for false-accept attribution.
/// </summary>
public sealed class StreamRenderer(SynthPlanner planner, SoundLibrary sounds, SpeechRenderer speech,
    IReadOnlyList<string> confusables, string phrase, StageTimes times)
{
    private const int Rate = DatasetWav.SampleRate;

    private readonly IReadOnlyList<string> _confusables = confusables.Where(c => !TextSources.ContainsPhrase(phrase, c)).ToList();
    private readonly IReadOnlyList<string> _words = TextSources.Words.Where(w => !TextSources.ContainsPhrase(phrase, w)).ToList();

    public void Render(StreamSpec spec, string wavOut, Action<double>? progress = null) =>
        Render(spec, wavOut, null, progress);

    /// <summary>Renders the stream to <paramref name="wavOut"/> and, when given, its labels to <paramref name="labelsOut"/>.</summary>
    public void Render(StreamSpec spec, string wavOut, string? labelsOut, Action<double>? progress = null)
    {
        var labels = new List<StreamLabel>();
        var rng = new StableRng(spec.Seed);
        var length = (int)Math.Round(spec.Seconds * Rate);
        var y = new float[length];
        Background(rng, y, spec.Split);
        var recordings = sounds.Speech.Where(r => sounds.SplitOf(r) == spec.Split).ToList();
        var t = (int)(rng.Uniform(0.5, 3) * Rate);
        var n = 0;
        double reported = 0;
        while (t < length)
        {
            var uRng = new StableRng(rng.NextU64());
            var x = uRng.NextDouble();
            float[] s;
            string kind, text;
            var peakDb = uRng.Uniform(-30, -3);
            if (x < 0.2 && recordings.Count > 0)
            {
                var r = uRng.Pick(recordings);
                double start = 0, len = 0;
                if (r.Seconds > 6)
                {
                    len = 6;
                    start = Math.Round(uRng.Uniform(0, r.Seconds - len), 3);
                }
                s = speech.Effects(r.File, Augment(uRng), start, len, $"recording {r.File}");
                kind = "recording";
                text = Path.GetFileName(r.File);
            }
            else
            {
                var voice = planner.PickVoice(uRng, spec.Split);
                text = x < 0.65 ? planner.NegativeSentence(uRng) : x < 0.85 ? uRng.Pick(_confusables) : uRng.Pick(_words);
                kind = x < 0.65 ? "sentence" : x < 0.85 ? StreamLabels.ConfusableKind : "word";
                s = speech.Utterance(voice, text, uRng.Uniform(0.8, 1.25), uRng.Range(25, 75), null, 0, 0,
                    Augment(uRng) with { PitchCents = voice.Engine == TtsEngine.EspeakNg ? 0 : uRng.Range(-300, 300) },
                    $"stream-{spec.Split}-{spec.Index}-{n}",
                    // Only a GnuSpeech voice (train split) draws a seed, so streams without one keep their draws.
                    voice.Engine == TtsEngine.GnuSpeech ? uRng.NextU64() : 0);
            }
            var t0 = Stopwatch.GetTimestamp();
            float peak = 0;
            foreach (var v in s) peak = Math.Max(peak, Math.Abs(v));
            var g = peak > 0 ? (float)(Math.Pow(10, peakDb / 20) / peak) : 0f;
            var end = Math.Min(length, t + s.Length);
            for (var i = t; i < end; i++) y[i] += g * s[i - t];
            if (end > t) labels.Add(new StreamLabel(t / (double)Rate, end / (double)Rate, kind, text));
            times.Add(ClipRenderer.StageMix, Stopwatch.GetTimestamp() - t0);
            var gap = uRng.Chance(0.1) ? uRng.Uniform(10, 40) : uRng.Uniform(0.5, 5);
            t = end + (int)(gap * Rate);
            n++;
            var done = Math.Min(t, length) / (double)Rate;
            if (progress != null && done - reported >= 10)
            {
                progress(done - reported);
                reported = done;
            }
        }
        var pcm = new short[length];
        for (var i = 0; i < length; i++) pcm[i] = (short)Math.Clamp(MathF.Round(y[i] * 32767f), -32768, 32767);
        DatasetWav.WriteMono16(wavOut, pcm);
        if (labelsOut != null) StreamLabels.Write(labelsOut, labels);
        progress?.Invoke(spec.Seconds - reported);
    }

    private static Augment Augment(StableRng rng)
    {
        int lo = 0, hi = 0, rev = 0, room = 0;
        if (rng.Chance(0.3)) { lo = rng.Range(100, 400); hi = rng.Range(3000, 7500); }
        if (rng.Chance(0.4)) { rev = rng.Range(10, 70); room = rng.Range(20, 100); }
        var tempo = rng.Chance(0.5) ? Math.Round(rng.Uniform(0.85, 1.15), 3) : 1;
        return new Augment(tempo, 0, lo, hi, rev, room, null, 0, 0);
    }

    private void Background(StableRng rng, float[] y, string split)
    {
        var beds = sounds.BedsFor(split);
        var fade = Rate / 100;
        var t = 0;
        while (t < y.Length)
        {
            var len = Math.Min(y.Length - t, (int)(rng.Uniform(5, 40) * Rate));
            if (!rng.Chance(0.2))
            {
                var bed = sounds.Bed(rng.Pick(beds));
                var start = rng.Next(bed.Length);
                double p = 0;
                for (var i = 0; i < len; i++) { double v = bed[(start + i) % bed.Length]; p += v * v; }
                var rms = Math.Sqrt(p / len);
                var g = rms > 1e-9 ? (float)(Math.Pow(10, rng.Uniform(-60, -35) / 20) / rms) : 0f;
                for (var i = 0; i < len; i++)
                {
                    var w = Math.Min(1f, Math.Min(i, len - 1 - i) / (float)fade);
                    y[t + i] += g * w * bed[(start + i) % bed.Length];
                }
            }
            t += len;
        }
    }
}
