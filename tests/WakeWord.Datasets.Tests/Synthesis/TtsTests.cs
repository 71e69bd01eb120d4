using WakeWord.Datasets.Audio;
using WakeWord.Datasets.Synthesis;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Tests.Synthesis;

[TestFixture]
public class TtsTests
{
    [Test]
    public void Festival_OutputDoesNotDependOnEarlierUtterances()
    {
        // In one long festival session this sequence changed 50 ms near the end of the last utterance (festival's output
        // depends on earlier requests in the process); one process per utterance must give the lone render's bytes.
        (string Text, double Stretch)[] history =
        [
            ("hey nola", 0.864), ("hey nova?", 0.916), ("The kettle is on, so we can have tea in a minute.", 0.957),
            ("hey, nova", 0.825), ("A small child painted the front door blue.", 1.0), ("hey nova?", 0.812),
            ("hey nova?", 0.959), ("The kettle is on, so we can have tea in a minute.", 1.07), ("hey nola", 1.069),
            ("hey nola", 1.205), ("hey, nova", 0.984),
        ];
        using var d = new TempDir("festival");
        Festival.Synth(Festival.DefaultVoice, "hey nola", 0.847, d["alone.wav"]);
        for (var i = 0; i < history.Length; i++) Festival.Synth(Festival.DefaultVoice, history[i].Text, history[i].Stretch, d[$"h{i}.wav"]);
        Festival.Synth(Festival.DefaultVoice, "hey nola", 0.847, d["after.wav"]);
        Assert.That(StableHash.FileSha256(d["after.wav"]), Is.EqualTo(StableHash.FileSha256(d["alone.wav"])));
        Assert.That(new FileInfo(d["h2.wav"]).Length, Is.GreaterThan(16000));
    }

    [Test]
    public void EveryEngine_IsDeterministic_AndSpeaks()
    {
        using var d = new TempDir("tts");
        var times = new StageTimes();
        var r = new SpeechRenderer(d.Path, times);
        // GnuSpeech speakers are drawn, not installed voices: one of them stands for its engine.
        IReadOnlyList<Voice> voices = [.. VoiceCatalog.Installed(), .. GnuSpeechVoices.Prepare(1, 1), .. VoiceCatalog.InstalledExtra(["mbrola,pico,rhvoice"])];
        foreach (var engine in Enum.GetValues<TtsEngine>())
        {
            var v = voices.First(x => x.Engine == engine);
            r.Tts(v, "hey nova", 1.1, 40, d["a.wav"]);
            r.Tts(v, "hey nova", 1.1, 40, d["b.wav"]);
            Assert.That(StableHash.FileSha256(d["a.wav"]), Is.EqualTo(StableHash.FileSha256(d["b.wav"])), v.Id);
            var aug = new Augment(1.1, 100, 200, 6000, 30, 50, null, 0, -3);
            var s1 = r.Effects(d["a.wav"], aug, 0, 0, v.Id);
            var s2 = r.Effects(d["b.wav"], aug, 0, 0, v.Id);
            Assert.That(s1, Is.EqualTo(s2), v.Id);
            Assert.That(s1.Max(Math.Abs), Is.GreaterThan(0.01f), v.Id);
        }
    }

    [Test]
    public void Festival_EveryVoice_SpeaksAtTheRequestedRate()
    {
        // HTS voices ignore festival's Duration_Stretch; Synth must still slow them down.
        using var d = new TempDir("festival-voices");
        var installed = VoiceCatalog.Installed().Where(v => v.Engine == TtsEngine.Festival).Select(v => v.Name).ToList();
        Assert.That(installed, Is.EquivalentTo(VoiceCatalog.FestivalVoices.Select(v => v.Name)), "scripts/prereqs.sh installs every festival voice");
        foreach (var voice in installed)
        {
            Festival.Synth(voice, "hey nova", 1.0, d[$"{voice}-1.wav"]);
            Festival.Synth(voice, "hey nova", 1.4, d[$"{voice}-2.wav"]);
            var normal = DatasetWav.ReadInfo(d[$"{voice}-1.wav"]);
            var slow = DatasetWav.ReadInfo(d[$"{voice}-2.wav"]);
            Assert.That(Seconds(normal), Is.GreaterThan(0.4), voice);
            Assert.That(Seconds(slow) / Seconds(normal), Is.InRange(1.2, 1.6), voice);
        }
    }

    [Test]
    public void ExtraVoices_EveryOne_SpeaksAtTheRequestedRate()
    {
        // MBROLA takes espeak-ng's rate, Pico the speed of its markup, RHVoice a percentage; all must follow the planned rate.
        using var d = new TempDir("extra-voices");
        var r = new SpeechRenderer(d.Path, new StageTimes());
        var voices = VoiceCatalog.InstalledExtra(["mbrola,pico,rhvoice"]);
        Assert.That(voices.Select(v => v.Family).Distinct().Count(), Is.EqualTo(VoiceCatalog.ExtraVoices.Count));
        foreach (var v in voices)
        {
            r.Tts(v, "The kettle is on, so we can have tea in a minute.", 1.25, 50, d["fast.wav"]);
            r.Tts(v, "The kettle is on, so we can have tea in a minute.", 0.8, 50, d["slow.wav"]);
            var ratio = Seconds(DatasetWav.ReadInfo(d["slow.wav"])) / Seconds(DatasetWav.ReadInfo(d["fast.wav"]));
            Assert.That(ratio, Is.InRange(1.3, 1.8), v.Id);
        }
    }

    [Test]
    public void ExtraVoiceEngines_ChooseTheVoices_AndAnUnknownOneIsNamed()
    {
        Assert.That(VoiceCatalog.InstalledExtra(["pico"]).Select(v => v.Id), Is.EqualTo(new[] { "pico:en-GB", "pico:en-US" }));
        Assert.That(VoiceCatalog.InstalledExtra(["mbrola"]).Select(v => v.Engine).Distinct(), Is.EqualTo(new[] { TtsEngine.Mbrola }));
        Assert.That(VoiceCatalog.InstalledExtra(["rhvoice"]).Select(v => v.Id), Is.EqualTo(new[] { "rhvoice:bdl", "rhvoice:clb" }));
        Assert.That(VoiceCatalog.InstalledExtra(["mbrola,pico", "rhvoice"]), Has.Count.EqualTo(VoiceCatalog.ExtraVoices.Count));
        // Without engines: MBROLA and Pico, the six voices --extra-voices has always meant.
        Assert.That(VoiceCatalog.InstalledExtra().Select(v => v.Id).ToList(),
            Is.EqualTo(VoiceCatalog.InstalledExtra(["mbrola,pico"]).Select(v => v.Id).ToList()).And.Count.EqualTo(6));
        var e = Assert.Throws<WakeWord.Core.WakeWordException>(() => VoiceCatalog.InstalledExtra(["festival"]))!;
        Assert.That(e.Message, Does.Contain("'festival'").And.Contain("mbrola, pico, rhvoice"));
    }

    [Test]
    public void ExtraVoices_MissingPackages_AreNamedWithTheInstallCommand()
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        try
        {
            Environment.SetEnvironmentVariable("PATH", "/nonexistent");
            var e = Assert.Throws<WakeWord.Core.WakeWordException>(() => VoiceCatalog.InstalledExtra())!;
            Assert.That(e.Message, Does.Contain("--extra-voices").And.Contain("libttspico-utils").And.Contain("apt-get install"));
            var rh = Assert.Throws<WakeWord.Core.WakeWordException>(() => VoiceCatalog.InstalledExtra(["rhvoice"]))!;
            Assert.That(rh.Message, Does.Contain("rhvoice").And.Contain("apt-get install").And.Not.Contain("mbrola"));
        }
        finally { Environment.SetEnvironmentVariable("PATH", path); }
    }

    [Test]
    public void RhVoice_FollowsThePlannedPitch()
    {
        // Repeatability is EveryEngine_IsDeterministic_AndSpeaks's; here the planned pitch must reach the voice.
        using var d = new TempDir("rhvoice");
        var r = new SpeechRenderer(d.Path, new StageTimes());
        foreach (var v in VoiceCatalog.InstalledExtra(["rhvoice"]))
        {
            r.Tts(v, "hey nova", 1.0, 50, d["a.wav"]);
            r.Tts(v, "hey nova", 1.0, 75, d["high.wav"]);
            Assert.That(File.ReadAllBytes(d["high.wav"]), Is.Not.EqualTo(File.ReadAllBytes(d["a.wav"])), v.Id);
            Assert.That(Seconds(DatasetWav.ReadInfo(d["a.wav"])), Is.InRange(0.4, 2.0), v.Id);
        }
        Assert.That(SpeechRenderer.RhVoicePitch(25), Is.EqualTo(75));
        Assert.That(SpeechRenderer.RhVoicePitch(75), Is.EqualTo(125));
    }

    private static double Seconds(WavInfo w) => (double)w.Frames / w.SampleRate;
}
