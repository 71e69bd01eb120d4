using System.Globalization;
using System.Text;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Synthesis;

/// <summary>
/// Training-only GnuSpeech speakers (<see cref="GnuSpeech"/>), each a voice file of the tube model drawn from the run
/// seed: vocal tract length, glottal pulse shape, pitch, breathiness, lip aperture, nasal and per-section tract radii.
/// Varying the tract itself, not formant targets, gives each speaker a consistent timbre across all vowels, the way
/// a longer or wider vocal tract would. They join the train split only, like <see cref="RandomVoices"/>: the family
/// split of the installed voices, and with it every val and test clip and stream, stays as it was.
/// </summary>
public static class GnuSpeechVoices
{
    /// <summary>Version of the parameter draw; part of every voice's name, so changing the draw re-renders its clips.</summary>
    public const string Prefix = "wwg1-";

    /// <summary>The name of GnuSpeech voice <paramref name="k"/>.</summary>
    public static string Name(int k) => $"{Prefix}{k:D3}";

    /// <summary>
    /// The voice file of speaker <paramref name="k"/>. Ranges: male and female equally likely; vocal tract 16.0-19.0 cm
    /// (male) or 13.5-16.0 cm (female; the package's voices: male 17.5, female 15.0); reference glottal pitch -16..-8
    /// or -3..+3 semitones; glottal pulse rise 30-50 % and fall 16-32 % or 24-40 % of the period (the fall varying by up to
    /// 8 points with loudness); breathiness 0.2-3 % or 1-4 %; lip aperture 2.8-3.3 cm; each nasal section and the
    /// nose as a whole 0.85-1.15 times the package's radii, each of the eight tract sections 0.88-1.12 and the tract
    /// as a whole 0.9-1.1.
    /// </summary>
    public static string VoiceText(long seed, int k)
    {
        var rng = StableRng.ForItem(seed, "gnuspeech-voice:" + Name(k));
        var inv = CultureInfo.InvariantCulture;
        var female = rng.Chance(0.5);
        var sb = new StringBuilder();
        void Line(string key, double value) => sb.Append(inv, $"{key} = {value:0.###}\n");
        sb.Append(inv, $"# GnuSpeech voice {Name(k)} ({(female ? "female" : "male")}), drawn by WakeWord\n");
        Line("vocal_tract_length", female ? rng.Uniform(13.5, 16.0) : rng.Uniform(16.0, 19.0));
        Line("glottal_pulse_tp", rng.Uniform(30, 50));
        var tnMin = female ? rng.Uniform(24, 40) : rng.Uniform(16, 32);
        Line("glottal_pulse_tn_min", tnMin);
        Line("glottal_pulse_tn_max", tnMin + rng.Uniform(0, 8));
        Line("reference_glottal_pitch", female ? rng.Uniform(-3, 3) : rng.Uniform(-16, -8));
        Line("breathiness", female ? rng.Uniform(1, 4) : rng.Uniform(0.2, 3));
        Line("aperture_radius", rng.Uniform(2.8, 3.3));
        double[] nose = [1.35, 1.96, 1.91, 1.3, 0.73];
        for (var i = 0; i < nose.Length; i++) Line($"nose_radius_{i + 1}", nose[i] * rng.Uniform(0.85, 1.15));
        Line("global_nose_radius_coef", rng.Uniform(0.85, 1.15));
        for (var i = 1; i <= 8; i++) Line($"radius_{i}_coef", rng.Uniform(0.88, 1.12));
        Line("global_radius_coef", rng.Uniform(0.9, 1.1));
        return sb.ToString();
    }

    /// <summary>
    /// <paramref name="count"/> train-only speakers (family "gnuspeech+wwg1-NNN" each); installs the synthesizer when
    /// there are any (<see cref="GnuSpeech.EnsureInstalled"/>), so a missing Node.js is reported before planning.
    /// </summary>
    public static IReadOnlyList<Voice> Prepare(long seed, int count)
    {
        if (count <= 0) return [];
        GnuSpeech.EnsureInstalled();
        return Enumerable.Range(0, count)
            .Select(k => new Voice(TtsEngine.GnuSpeech, $"gnuspeech:{Name(k)}", Name(k), $"gnuspeech+{Name(k)}", VoiceText: VoiceText(seed, k)))
            .ToList();
    }

    /// <summary>GnuSpeech pitch offset in semitones for a planned TTS pitch (25..75, espeak-ng's scale): +-3 semitones
    /// around the package's -4.</summary>
    public static double PitchOffset(int ttsPitch) => -4 + (ttsPitch - 50) * 3.0 / 25;
}
