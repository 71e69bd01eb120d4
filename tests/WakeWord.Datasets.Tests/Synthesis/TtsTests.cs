using WakeWord.Datasets.Synthesis;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Tests.Synthesis;

[TestFixture]
public class TtsTests
{
    [Test]
    public void FestivalSession_OutputDoesNotDependOnEarlierRequests()
    {
        using var d = new TempDir("festival");
        using (var fresh = new FestivalSession()) fresh.Synth("hey nova", 1.2, d["fresh.wav"]);
        using (var used = new FestivalSession())
        {
            used.Synth("the kettle is on, isn't it \"now\"?", 0.8, d["other.wav"]);
            used.Synth("hey nova", 1.2, d["again.wav"]);
        }
        Assert.That(StableHash.FileSha256(d["again.wav"]), Is.EqualTo(StableHash.FileSha256(d["fresh.wav"])));
        Assert.That(new FileInfo(d["other.wav"]).Length, Is.GreaterThan(16000));
    }

    [Test]
    public void EveryEngine_IsDeterministic_AndSpeaks()
    {
        using var d = new TempDir("tts");
        var times = new StageTimes();
        using var r = new SpeechRenderer(d.Path, times);
        var voices = VoiceCatalog.Installed();
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
}
