using WakeWord.Core;
using WakeWord.Datasets.Manifest;
using WakeWord.Datasets.Synthesis;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Tests.Synthesis;

/// <summary>The voice draw of <see cref="SynthPlanner"/>: which engines speak which share of a split.</summary>
public class SynthPlanTests
{
    private static readonly IReadOnlyList<Voice> Pico =
        [new(TtsEngine.Pico, "pico:en-GB", "en-GB", "pico-en-GB"), new(TtsEngine.Pico, "pico:en-US", "en-US", "pico-en-US")];

    private static List<Voice> Draw(SynthOptions o, string split, int n)
    {
        var planner = new SynthPlanner(o, new VoiceCatalog(VoiceCatalogTests.Voices, o.Seed, o.ExtraVoices ? Pico : null), SoundLibrary.Discover(), ["hey noba"]);
        return [.. Enumerable.Range(0, n).Select(i => planner.PickVoice(StableRng.ForItem(o.Seed, $"draw:{i}"), split))];
    }

    private static double Share(List<Voice> draws, TtsEngine e) => draws.Count(v => v.Engine == e) / (double)draws.Count;

    [Test]
    public void ExtraVoices_TakeTheirShareBeforeTheEngineDraw_OrFromFliteAndFestivalOnly_WhenEspeakKeepsItsShare()
    {
        const int n = 20000;
        var plain = new SynthOptions("hey nova", "unused", Seed: 3);
        var before = new SynthOptions("hey nova", "unused", Seed: 3, ExtraVoices: true, ExtraVoiceShare: 0.2);
        var keep = before with { ExtraVoicesKeepEspeak = true };
        var train = new VoiceCatalog(VoiceCatalogTests.Voices, 3).BySplit[DatasetSplits.Train].Select(v => v.Engine).Distinct();
        Assert.That(train, Is.EquivalentTo(new[] { TtsEngine.EspeakNg, TtsEngine.Flite, TtsEngine.Festival }), "every engine speaks in the train split");
        var p = Draw(plain, DatasetSplits.Train, n);
        var b = Draw(before, DatasetSplits.Train, n);
        var k = Draw(keep, DatasetSplits.Train, n);
        Assert.That(p.Count(v => v.Engine == TtsEngine.Pico), Is.Zero);
        Assert.That(Share(p, TtsEngine.EspeakNg), Is.EqualTo(0.60).Within(0.012));
        Assert.That(Share(b, TtsEngine.Pico), Is.EqualTo(0.20).Within(0.012));
        Assert.That(Share(b, TtsEngine.EspeakNg), Is.EqualTo(0.48).Within(0.012), "taken before the draw: every engine gives a fifth");
        Assert.That(Share(k, TtsEngine.Pico), Is.EqualTo(0.20).Within(0.012));
        Assert.That(Share(k, TtsEngine.EspeakNg), Is.EqualTo(0.60).Within(0.012), "espeak-ng keeps its share");
        Assert.That(Share(k, TtsEngine.Flite) + Share(k, TtsEngine.Festival), Is.EqualTo(0.20).Within(0.012));
        Assert.That(Share(k, TtsEngine.Flite) / Share(k, TtsEngine.Festival), Is.EqualTo(25.0 / 15).Within(0.15), "flite and festival keep their ratio");
        // Every espeak-ng utterance of the plain draw is the same voice with the option on.
        for (var i = 0; i < n; i++)
            if (p[i].Engine == TtsEngine.EspeakNg) Assert.That(k[i], Is.EqualTo(p[i]), $"draw {i}");

        // Val and test never hear them and draw as before.
        foreach (var split in new[] { DatasetSplits.Val, DatasetSplits.Test })
            Assert.That(Draw(keep, split, 2000), Is.EqualTo(Draw(plain, split, 2000)), split);
    }

    [Test]
    public void KeepEspeak_RefusesAShareLargerThanFliteAndFestivalHave_BeforeAnyFolderIsMade()
    {
        using var dir = new TempDir("keep-espeak");
        var o = new SynthOptions("hey nova", dir["out"], Count: 4, ExtraVoices: true, ExtraVoiceShare: 0.5, ExtraVoicesKeepEspeak: true);
        var e = Assert.Throws<WakeWordException>(() => Synthesizer.Run(o))!;
        Assert.That(e.Message, Does.Contain("--extra-voice-share").And.Contain("0.4").And.Contain("--extra-voices-keep-espeak"));
        Assert.That(Directory.Exists(dir["out"]), Is.False);
    }
}
