using System.Globalization;
using WakeWord.Core;
using WakeWord.Datasets.Synthesis;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Tests.Synthesis;

[TestFixture]
public class GnuSpeechVoiceTests
{
    /// <summary>The value of <paramref name="key"/> in a GnuSpeech voice file ("key = value" lines).</summary>
    internal static double Value(string voiceText, string key)
    {
        foreach (var line in voiceText.Split('\n'))
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0] == key) return double.Parse(parts[1], CultureInfo.InvariantCulture);
        }
        throw new AssertionException($"voice file has no '{key}':\n{voiceText}");
    }

    [TestCase(1)]
    [TestCase(7)]
    public void VoiceFile_HasEveryParameterOfThePackagesVoices_InItsRange(long seed)
    {
        string[] keys =
        [
            "vocal_tract_length", "glottal_pulse_tp", "glottal_pulse_tn_min", "glottal_pulse_tn_max", "reference_glottal_pitch",
            "breathiness", "aperture_radius", "nose_radius_1", "nose_radius_2", "nose_radius_3", "nose_radius_4", "nose_radius_5",
            "global_nose_radius_coef", "radius_1_coef", "radius_2_coef", "radius_3_coef", "radius_4_coef", "radius_5_coef",
            "radius_6_coef", "radius_7_coef", "radius_8_coef", "global_radius_coef",
        ];
        var tracts = new List<double>();
        var texts = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < 64; k++)
        {
            var text = GnuSpeechVoices.VoiceText(seed, k);
            foreach (var key in keys) Assert.That(double.IsFinite(Value(text, key)), Is.True, $"{key} of voice {k}");
            var female = text.Contains("(female)", StringComparison.Ordinal);
            var tract = Value(text, "vocal_tract_length");
            Assert.That(tract, female ? Is.InRange(13.5, 16.0) : Is.InRange(16.0, 19.0), $"voice {k}");
            Assert.That(Value(text, "reference_glottal_pitch"), female ? Is.InRange(-3.0, 3.0) : Is.InRange(-16.0, -8.0), $"voice {k}");
            Assert.That(Value(text, "glottal_pulse_tn_max"), Is.GreaterThanOrEqualTo(Value(text, "glottal_pulse_tn_min")), $"voice {k}");
            for (var i = 1; i <= 8; i++) Assert.That(Value(text, $"radius_{i}_coef"), Is.InRange(0.88, 1.12), $"radius {i} of voice {k}");
            tracts.Add(tract);
            texts.Add(text[text.IndexOf('\n')..]);
        }
        Assert.That(tracts.Count(t => t < 16.0), Is.InRange(16, 48), "both sexes drawn");
        Assert.That(texts, Has.Count.EqualTo(64), "every speaker its own parameters");
    }

    [Test]
    public void PitchOffset_MapsThePlannedPitchToThreeSemitonesAroundThePackageDefault()
    {
        Assert.That(GnuSpeechVoices.PitchOffset(50), Is.EqualTo(-4.0));
        Assert.That(GnuSpeechVoices.PitchOffset(25), Is.EqualTo(-7.0));
        Assert.That(GnuSpeechVoices.PitchOffset(75), Is.EqualTo(-1.0));
    }

    [Test]
    public void ControlFile_NamesTheVoiceFile_TempoAndPitch()
    {
        var text = GnuSpeech.ControlText(1.25, -5.5);
        Assert.That(text, Does.Contain("voice_name = ww\n"));
        Assert.That(text, Does.Contain("tempo = 1.25\n"));
        Assert.That(text, Does.Contain("pitch_offset = -5.5\n"));
    }

    [Test]
    public void NegativeVoiceCount_OrShareOutsideZeroToOne_IsRefusedBeforeAnythingIsWritten()
    {
        using var d = new TempDir("gnuspeech-options");
        var o = new SynthOptions("hey nova", d["out"], Count: 4, StreamHours: 0);
        var e1 = Assert.Throws<WakeWordException>(() => Synthesizer.Run(o with { GnuSpeechVoices = -1 }))!;
        Assert.That(e1.Message, Does.Contain("--gnuspeech-voices"));
        var e2 = Assert.Throws<WakeWordException>(() => Synthesizer.Run(o with { GnuSpeechVoices = 2, GnuSpeechShare = 1.5 }))!;
        Assert.That(e2.Message, Does.Contain("--gnuspeech-share"));
        Assert.That(Directory.Exists(o.OutDir), Is.False);
    }

    [Test]
    public void GnuSpeechVoice_HasItsOwnTract_AndRendersRepeatably_WithoutDc()
    {
        Assert.That(GnuSpeechVoices.VoiceText(7, 0), Is.EqualTo(GnuSpeechVoices.VoiceText(7, 0)));
        Assert.That(GnuSpeechVoices.VoiceText(7, 0), Is.Not.EqualTo(GnuSpeechVoices.VoiceText(7, 1)));
        Assert.That(GnuSpeechVoices.VoiceText(7, 0), Is.Not.EqualTo(GnuSpeechVoices.VoiceText(8, 0)));
        using var d = new TempDir("gnuspeech-voice");
        var voices = GnuSpeechVoices.Prepare(7, 2);
        Assert.That(voices.Select(v => (v.Id, v.Family, v.Engine)), Is.EqualTo(new[]
        {
            ($"gnuspeech:{GnuSpeechVoices.Name(0)}", $"gnuspeech+{GnuSpeechVoices.Name(0)}", TtsEngine.GnuSpeech),
            ($"gnuspeech:{GnuSpeechVoices.Name(1)}", $"gnuspeech+{GnuSpeechVoices.Name(1)}", TtsEngine.GnuSpeech),
        }));
        var r = new SpeechRenderer(d.Path, new StageTimes());
        r.Tts(voices[0], "hey nova", 1, 50, d["v0.wav"], seed: 11);
        r.Tts(voices[0], "hey nova", 1, 50, d["v0b.wav"], seed: 11);
        r.Tts(voices[0], "hey nova", 1, 50, d["v0s.wav"], seed: 12);
        r.Tts(voices[1], "hey nova", 1, 50, d["v1.wav"], seed: 11);
        var hashes = new[] { "v0", "v0s", "v1" }.Select(n => StableHash.FileSha256(d[n + ".wav"])).ToList();
        Assert.That(hashes.Distinct().Count(), Is.EqualTo(3), "another seed or another tract must sound different");
        Assert.That(StableHash.FileSha256(d["v0b.wav"]), Is.EqualTo(hashes[0]), "same voice, text and seed: same bytes");
        // The synthesizer's own output carries a large DC component; the rendered utterance does not.
        var raw = WakeWord.Sim.Audio.WavFile.Read(d["v0.wav"]).ToMono48k().Select(x => (double)x).ToList();
        Assert.That(Math.Abs(raw.Average()), Is.GreaterThan(0.1 * Rms(raw)), "the raw output's DC (the reason for the high-pass)");
        var s = r.Utterance(voices[0], "hey nova", 1, 50, null, 0, 0, new Augment(1, 0, 0, 0, 0, 0, null, 0, -6), "u", seed: 11);
        Assert.That(Math.Abs(s.Average(x => (double)x)), Is.LessThan(0.01 * Rms(s.Select(x => (double)x))));
        Assert.That(s.Length, Is.GreaterThan(48000 / 2), "at least half a second");
    }

    private static double Rms(IEnumerable<double> x) => Math.Sqrt(x.Average(v => v * v));
}
