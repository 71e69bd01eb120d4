using WakeWord.Core;
using WakeWord.Datasets.Audio;
using WakeWord.Datasets.Check;
using WakeWord.Datasets.Manifest;
using WakeWord.Datasets.Probe;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Tests.Probe;

[TestFixture]
public class ProbeBuilderTests
{
    /// <summary>A dataset with test wake clips of two speakers, one val wake clip, one test speech clip and a labelled test stream.</summary>
    private static string Dataset(TempDir d)
    {
        var root = d["data"];
        void Wav(string rel, double seconds, double hz)
        {
            var path = Path.Combine(root, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var s = new short[(int)(48000 * seconds)];
            for (var i = 0; i < s.Length; i++) s[i] = (short)(6000 * Math.Sin(2 * Math.PI * hz * i / 48000));
            DatasetWav.WriteMono16(path, s);
        }
        Wav("test/wake/a.wav", 1.0, 220);
        Wav("test/wake/b.wav", 1.0, 330);
        Wav("val/wake/c.wav", 1.0, 440);
        Wav("test/speech/d.wav", 1.0, 550);
        Wav("test/stream/stream-000.wav", 3.0, 110);
        StreamLabels.Write(StreamLabels.PathFor(Path.Combine(root, "test/stream/stream-000.wav")), [new StreamLabel(0.5, 1.5, "sentence", "hello there")]);
        DatasetManifest.Write(Path.Combine(root, DatasetManifest.FileName),
        [
            new ManifestEntry("test/wake/a.wav", "wake", "test", "flite:awb", "wake: hey nova"),
            new ManifestEntry("test/wake/b.wav", "wake", "test", "espeak-ng:en+david", "wake: hey nova"),
            new ManifestEntry("val/wake/c.wav", "wake", "val", "flite:rms", "wake: hey nova"),
            new ManifestEntry("test/speech/d.wav", "speech", "test", "flite:awb", "sentence: hello"),
            new ManifestEntry("test/stream/stream-000.wav", "stream", "test", "stream-mix:test", "stream: test voices"),
        ]);
        Assert.That(DatasetChecker.Check(root).Ok, Is.True);
        return root;
    }

    [Test]
    public void Build_RendersEachClipThroughEachEffect_KeepsTheStreams_AndPassesTheCheck()
    {
        using var d = new TempDir("probe");
        var data = Dataset(d);
        var fx = new[] { ProbeEffect.Parse("speed1.25=speed 1.25"), ProbeEffect.Parse("hp=highpass 300") };
        var entries = ProbeBuilder.Build(data, d["probe"], "test", "wake", [], fx, jobs: 2);

        var clips = entries.Where(e => e.Label == "wake").ToList();
        Assert.That(clips.Select(e => e.Speaker), Is.EquivalentTo(new[]
        {
            "flite:awb", "flite:awb speed1.25", "flite:awb hp",
            "espeak-ng:en+david", "espeak-ng:en+david speed1.25", "espeak-ng:en+david hp",
        }));
        Assert.That(entries.Where(e => e.Label != "wake").Select(e => e.Path), Is.EqualTo(new[] { "test/stream/stream-000.wav" }));
        Assert.That(DatasetChecker.Check(d["probe"]).Ok, Is.True);
        Assert.That(DatasetManifest.Read(Path.Combine(d["probe"], DatasetManifest.FileName)), Is.EqualTo(entries));

        // As they are: byte copies. speed 1.25: a quarter shorter, still 48 kHz mono. Streams and labels copied.
        var asIs = clips.Single(e => e.Speaker == "flite:awb");
        Assert.That(StableHash.FileSha256(Path.Combine(d["probe"], asIs.Path)), Is.EqualTo(StableHash.FileSha256(Path.Combine(data, "test/wake/a.wav"))));
        var fast = DatasetWav.ReadInfo(Path.Combine(d["probe"], clips.Single(e => e.Speaker == "flite:awb speed1.25").Path));
        Assert.That(fast.SampleRate, Is.EqualTo(48000));
        Assert.That(fast.Frames / 48000.0, Is.EqualTo(0.8).Within(0.01));
        Assert.That(File.ReadAllText(StreamLabels.PathFor(Path.Combine(d["probe"], "test/stream/stream-000.wav"))), Does.Contain("hello there"));

        // The same inputs give the same bytes (sox -R).
        ProbeBuilder.Build(data, d["probe2"], "test", "wake", [], fx, jobs: 1);
        foreach (var e in entries)
            Assert.That(StableHash.FileSha256(Path.Combine(d["probe2"], e.Path)), Is.EqualTo(StableHash.FileSha256(Path.Combine(d["probe"], e.Path))), e.Path);
    }

    [Test]
    public void Build_SpeakerFilter_KeepsOnlyMatchingSpeakers()
    {
        using var d = new TempDir("probe");
        var data = Dataset(d);
        var entries = ProbeBuilder.Build(data, d["probe"], "test", "wake", ["awb"], [ProbeEffect.Parse("p=pitch -300")]);
        Assert.That(entries.Where(e => e.Label == "wake").Select(e => e.Speaker), Is.EqualTo(new[] { "flite:awb", "flite:awb p" }));
    }

    [Test]
    public void BadInput_NamesTheFieldAndLeavesNoOutput()
    {
        using var d = new TempDir("probe");
        var data = Dataset(d);
        var outDir = d["probe"];
        Assert.That(() => ProbeEffect.Parse("pitch -300"), Throws.TypeOf<WakeWordException>().With.Message.Contains("--effect"));
        Assert.That(() => ProbeEffect.Parse("a b=pitch 1"), Throws.TypeOf<WakeWordException>().With.Message.Contains("--effect"));
        Assert.That(() => ProbeBuilder.Build(data, outDir, "test", "wake", ["nobody"], ProbeBuilder.DefaultEffects),
            Throws.TypeOf<WakeWordException>().With.Message.Contains("nobody"));
        Assert.That(() => ProbeBuilder.Build(data, outDir, "holdout", "wake", [], ProbeBuilder.DefaultEffects),
            Throws.TypeOf<WakeWordException>().With.Message.Contains("--split"));
        // The probe folder is replaced as a whole: it may not be (or hold, or lie in) the dataset.
        Assert.That(() => ProbeBuilder.Build(data, data, "test", "wake", [], ProbeBuilder.DefaultEffects),
            Throws.TypeOf<WakeWordException>().With.Message.Contains("--out"));
        Assert.That(() => ProbeBuilder.Build(data, Path.Combine(data, "probe"), "test", "wake", [], ProbeBuilder.DefaultEffects),
            Throws.TypeOf<WakeWordException>().With.Message.Contains("--out"));
        Assert.That(() => ProbeBuilder.Build(data, d.Path, "test", "wake", [], ProbeBuilder.DefaultEffects),
            Throws.TypeOf<WakeWordException>().With.Message.Contains("--out"));
        Assert.That(DatasetChecker.Check(data).Ok, Is.True);
        Assert.That(() => ProbeBuilder.Build(data, outDir, "test", "stream", [], ProbeBuilder.DefaultEffects),
            Throws.TypeOf<WakeWordException>().With.Message.Contains("--label"));
        // sox rejects the effect: the error names the clip and the effect, and no probe folder is left behind.
        Assert.That(() => ProbeBuilder.Build(data, outDir, "test", "wake", [], [ProbeEffect.Parse("bad=nosuch-effect 3")]),
            Throws.TypeOf<WakeWordException>().With.Message.Contains("'bad'").And.Message.Contains("test/wake/"));
        Assert.That(Directory.Exists(outDir), Is.False);
        Assert.That(Directory.EnumerateFileSystemEntries(d.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "data" }));
    }
}
