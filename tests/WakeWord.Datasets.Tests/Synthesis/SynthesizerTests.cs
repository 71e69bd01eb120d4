using WakeWord.Core;
using WakeWord.Datasets.Check;
using WakeWord.Datasets.Manifest;
using WakeWord.Datasets.Synthesis;
using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Tests.Synthesis;

/// <summary>Small real runs of the generator (all TTS engines and sox), shared by the tests below.</summary>
[TestFixture]
public class SynthesizerTests
{
    private TempDir _dir = null!;
    private SynthOptions _a = null!, _b = null!, _c = null!, _d = null!, _e = null!;
    private SynthResult _ra = null!, _rb = null!;

    private static SynthOptions Small(string dir, long seed, int jobs) =>
        new("hey nova", dir, Count: 40, Seed: seed, StreamHours: 50.0 / 3600, Jobs: jobs, StreamFileSeconds: 30);

    [OneTimeSetUp]
    public void Run()
    {
        _dir = new TempDir("synth");
        _a = Small(_dir["a"], 7, 2);
        _b = Small(_dir["b"], 7, 1);
        _c = Small(_dir["c"], 8, 2) with { StreamHours = 0, TrainStreamHours = 20.0 / 3600 };
        _d = Small(_dir["d"], 7, 2) with
        {
            RandomVoices = 3, RandomVoiceShare = 0.8, ForeignVoices = true, ForeignVoiceShare = 0.3, GnuSpeechVoices = 3, GnuSpeechShare = 0.4,
            ExtraVoices = true, ExtraVoiceShare = 0.5, ExtraVoiceEngines = ["mbrola", "pico", "rhvoice"],
        };
        // One non-espeak family of the val split and one of the train split swap places.
        var plain = new VoiceCatalog(VoiceCatalog.Installed(), 7);
        var families = plain.Voices.Where(v => v.Engine != TtsEngine.EspeakNg).Select(v => v.Family).Distinct().ToList();
        _e = Small(_dir["e"], 7, 2) with
        {
            FamilySplits = VoiceCatalog.ParseFamilySplits([
                families.First(f => VoiceCatalogTests.SplitOfFamily(plain, f) == DatasetSplits.Val) + "=train",
                families.First(f => VoiceCatalogTests.SplitOfFamily(plain, f) == DatasetSplits.Train) + "=val"]),
        };
        _ra = Synthesizer.Run(_a);
        _rb = Synthesizer.Run(_b);
        Synthesizer.Run(_c);
        Synthesizer.Run(_d);
        Synthesizer.Run(_e);
    }

    [OneTimeTearDown]
    public void Clean() => _dir.Dispose();

    private static Dictionary<string, string> Hashes(string dir) =>
        DatasetManifest.Read(Path.Combine(dir, DatasetManifest.FileName))
            .ToDictionary(e => e.Path, e => StableHash.FileSha256(Path.Combine(dir, e.Path)));

    [Test]
    public void SameSeed_DifferentJobCount_GivesIdenticalManifestAndAudio()
    {
        Assert.That(File.ReadAllText(Path.Combine(_a.OutDir, "manifest.csv")),
            Is.EqualTo(File.ReadAllText(Path.Combine(_b.OutDir, "manifest.csv"))));
        var ha = Hashes(_a.OutDir);
        var hb = Hashes(_b.OutDir);
        var differing = ha.Where(kv => hb[kv.Key] != kv.Value).Select(kv => kv.Key).Order(StringComparer.Ordinal).FirstOrDefault();
        Assert.That(differing, Is.Null, $"first differing file: {differing}");
        Assert.That(ha, Has.Count.EqualTo(40 + 2));
    }

    [Test]
    public void RandomForeignGnuSpeechAndExtraVoices_SpeakInTheTrainSplitOnly_AndLeaveValAndTestAsTheyWere()
    {
        var plain = DatasetManifest.Read(Path.Combine(_a.OutDir, "manifest.csv"));
        var withRandom = DatasetManifest.Read(Path.Combine(_d.OutDir, "manifest.csv"));
        var random = withRandom.Where(e => e.Speaker.Contains("+" + RandomVoices.Prefix, StringComparison.Ordinal)).ToList();
        Assert.That(random, Is.Not.Empty);
        Assert.That(random.Select(e => e.Split).Distinct(), Is.EqualTo(new[] { DatasetSplits.Train }));
        var foreignIds = VoiceCatalog.ForeignFestivalVoices.Select(v => "festival:" + v.Name).ToHashSet(StringComparer.Ordinal);
        var foreign = withRandom.Where(e => foreignIds.Contains(e.Speaker)).ToList();
        Assert.That(foreign, Is.Not.Empty);
        Assert.That(foreign.Select(e => e.Split).Distinct(), Is.EqualTo(new[] { DatasetSplits.Train }));
        var gnuspeech = withRandom.Where(e => e.Speaker.StartsWith("gnuspeech:" + GnuSpeechVoices.Prefix, StringComparison.Ordinal)).ToList();
        Assert.That(gnuspeech, Is.Not.Empty);
        Assert.That(gnuspeech.Select(e => e.Split).Distinct(), Is.EqualTo(new[] { DatasetSplits.Train }));
        var extra = withRandom.Where(e => VoiceCatalog.ExtraEngineNames.Any(n => e.Speaker.StartsWith(n.Name + ":", StringComparison.Ordinal))).ToList();
        Assert.That(extra, Is.Not.Empty);
        Assert.That(extra.Select(e => e.Split).Distinct(), Is.EqualTo(new[] { DatasetSplits.Train }));
        // Every val and test clip and stream is the same entry with the same bytes.
        var ha = Hashes(_a.OutDir);
        var hd = Hashes(_d.OutDir);
        var kept = plain.Where(e => e.Split != DatasetSplits.Train).ToList();
        Assert.That(kept.Select(e => e.Label), Does.Contain(DatasetLabels.Stream));
        Assert.That(withRandom.Where(e => e.Split != DatasetSplits.Train), Is.EqualTo(kept));
        foreach (var e in kept) Assert.That(hd[e.Path], Is.EqualTo(ha[e.Path]), e.Path);
        Assert.That(DatasetChecker.Check(_d.OutDir).Problems, Is.Empty);
    }

    [Test]
    public void FamilySplit_MovesTheFamiliesVoices_AndLeavesTheTestSplitAsItWas()
    {
        var plain = DatasetManifest.Read(Path.Combine(_a.OutDir, "manifest.csv"));
        var moved = DatasetManifest.Read(Path.Combine(_e.OutDir, "manifest.csv"));
        var catalog = new VoiceCatalog(VoiceCatalog.Installed(), _e.Seed, familySplits: _e.FamilySplits);
        foreach (var (family, split) in _e.FamilySplits!)
        {
            var ids = catalog.Voices.Where(v => v.Family == family).Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
            Assert.That(moved.Where(e => ids.Contains(e.Speaker)).Select(e => e.Split).Distinct(), Is.EqualTo(new[] { split }), family);
        }
        var ha = Hashes(_a.OutDir);
        var he = Hashes(_e.OutDir);
        var test = plain.Where(e => e.Split == DatasetSplits.Test).ToList();
        Assert.That(test.Select(e => e.Label), Does.Contain(DatasetLabels.Stream));
        Assert.That(moved.Where(e => e.Split == DatasetSplits.Test), Is.EqualTo(test));
        foreach (var e in test) Assert.That(he[e.Path], Is.EqualTo(ha[e.Path]), e.Path);
    }

    [Test]
    public void RandomVoice_HasItsOwnTimbre_AndRendersRepeatably()
    {
        Assert.That(RandomVoices.VariantText(7, 0), Is.EqualTo(RandomVoices.VariantText(7, 0)));
        Assert.That(RandomVoices.VariantText(7, 0), Is.Not.EqualTo(RandomVoices.VariantText(7, 1)));
        Assert.That(RandomVoices.VariantText(7, 0), Is.Not.EqualTo(RandomVoices.VariantText(8, 0)));
        using var d = new TempDir("random-voice");
        var voices = RandomVoices.Prepare(d["espeak"], 7, 2, ["en-us"]);
        Assert.That(voices.Select(v => (v.Id, v.Family)), Is.EqualTo(new[]
        {
            ($"espeak-ng:en-us+{RandomVoices.Name(0)}", $"espeak-ng+{RandomVoices.Name(0)}"),
            ($"espeak-ng:en-us+{RandomVoices.Name(1)}", $"espeak-ng+{RandomVoices.Name(1)}"),
        }));
        var r = new SpeechRenderer(d.Path, new StageTimes());
        var stock = VoiceCatalog.Installed().First(v => v.Name == "en-us");
        r.Tts(stock, "hey nova", 1, 50, d["stock.wav"]);
        r.Tts(voices[0], "hey nova", 1, 50, d["r0.wav"]);
        r.Tts(voices[0], "hey nova", 1, 50, d["r0b.wav"]);
        r.Tts(voices[1], "hey nova", 1, 50, d["r1.wav"]);
        var hashes = new[] { "stock", "r0", "r1" }.Select(n => StableHash.FileSha256(d[n + ".wav"])).ToList();
        Assert.That(hashes.Distinct().Count(), Is.EqualTo(3), "a random variant that espeak-ng did not load speaks like the stock voice");
        Assert.That(StableHash.FileSha256(d["r0b.wav"]), Is.EqualTo(hashes[1]));
    }

    [Test]
    public void ForeignVoice_SpeaksThePhraseInItsOwnVoice_Repeatably()
    {
        using var d = new TempDir("foreign-voice");
        var r = new SpeechRenderer(d.Path, new StageTimes());
        var foreign = VoiceCatalog.InstalledForeign();
        Assert.That(foreign.Select(v => v.Name), Is.EqualTo(VoiceCatalog.ForeignFestivalVoices.Select(v => v.Name)));
        var kal = VoiceCatalog.Installed().Single(v => v.Id == "festival:kal_diphone");
        r.Tts(kal, "hey nova", 1, 50, d["kal.wav"]);
        r.Tts(foreign[0], "hey nova", 1, 50, d["f0.wav"]);
        r.Tts(foreign[0], "hey nova", 1, 50, d["f0b.wav"]);
        r.Tts(foreign[^1], "hey nova", 1, 50, d["f1.wav"]);
        var hashes = new[] { "kal", "f0", "f1" }.Select(n => StableHash.FileSha256(d[n + ".wav"])).ToList();
        Assert.That(hashes.Distinct().Count(), Is.EqualTo(3));
        Assert.That(StableHash.FileSha256(d["f0b.wav"]), Is.EqualTo(hashes[1]));
        Assert.That(new FileInfo(d["f1.wav"]).Length, Is.GreaterThan(16000), "at least half a second of 16 kHz audio");
        // Italian intonation fails on some English questions unless the punctuation goes.
        r.Tts(foreign.Single(v => v.Name == "pc_diphone"), "Nobody counted the blue bicycle this morning?", 1, 50, d["q.wav"]);
        Assert.That(File.Exists(d["q.wav"]), Is.True);
    }

    [Test]
    public void OtherSeed_GivesOtherManifest()
    {
        Assert.That(File.ReadAllText(Path.Combine(_c.OutDir, "manifest.csv")),
            Is.Not.EqualTo(File.ReadAllText(Path.Combine(_a.OutDir, "manifest.csv"))));
    }

    [Test]
    public void Output_PassesDatasetCheck_As48kMono16()
    {
        var r = DatasetChecker.Check(_a.OutDir);
        Assert.That(r.Problems, Is.Empty, string.Join("\n", r.Problems.Take(10)));
        Assert.That(r.Entries, Has.Count.EqualTo(42));
    }

    [Test]
    public void TrainStreamHours_AddsLabelledStreamsOfTheTrainingSplit()
    {
        var entries = DatasetManifest.Read(Path.Combine(_c.OutDir, "manifest.csv"));
        var streams = entries.Where(e => e.Label == DatasetLabels.Stream).ToList();
        Assert.That(streams.Select(e => (e.Path, e.Split, e.Speaker)),
            Is.EqualTo(new[] { ("train/stream/stream-000.wav", DatasetSplits.Train, "stream-mix:train") }));
        var labels = StreamLabels.Read(StreamLabels.PathFor(Path.Combine(_c.OutDir, streams[0].Path)));
        Assert.That(labels, Is.Not.Empty);
        Assert.That(labels[^1].End, Is.LessThanOrEqualTo(20.0 + 1e-9));
        var r = DatasetChecker.Check(_c.OutDir);
        Assert.That(r.Problems, Is.Empty, string.Join("\n", r.Problems.Take(10)));
    }

    [Test]
    public void DeferTestStreams_RendersTheTrainingDataFirst_AndALaterRunAddsTheSameTestStreams()
    {
        var dir = _dir["deferred"];
        var full = Small(dir, 7, 2) with { TrainStreamHours = 20.0 / 3600 };
        var first = Synthesizer.Run(full with { DeferTestStreams = true });
        var entries = DatasetManifest.Read(Path.Combine(dir, DatasetManifest.FileName));
        Assert.That(entries.Where(e => e.Label == DatasetLabels.Stream).Select(e => e.Split), Is.EqualTo(new[] { DatasetSplits.Train }));
        Assert.That(Directory.Exists(Path.Combine(dir, DatasetSplits.Test, "stream")), Is.False, "no test stream rendered");
        Assert.That((first.ClipsRendered, first.StreamsRendered, first.StreamSeconds), Is.EqualTo((40, 1, 20.0)));
        Assert.That(DatasetChecker.Check(dir).Problems, Is.Empty);

        var second = Synthesizer.Run(full);
        Assert.That((second.ClipsRendered, second.StreamsRendered, second.Streams), Is.EqualTo((0, 2, 3)));
        var hashes = Hashes(dir);
        var trainStream = hashes.Keys.Single(k => k.StartsWith(DatasetSplits.Train + "/stream/", StringComparison.Ordinal));
        hashes.Remove(trainStream);
        Assert.That(hashes, Is.EqualTo(Hashes(_a.OutDir)), "clips and test streams equal a run without training streams or deferral");

        // Deferring again on the complete folder keeps the test streams on disk and renders nothing.
        var again = Synthesizer.Run(full with { DeferTestStreams = true });
        Assert.That((again.ClipsRendered, again.StreamsRendered), Is.EqualTo((0, 0)));
        Assert.That(Directory.GetFiles(Path.Combine(dir, DatasetSplits.Test, "stream"), "*.wav"), Has.Length.EqualTo(2));
        Assert.That(Synthesizer.Run(full).StreamsRendered, Is.EqualTo(0));
    }

    [Test]
    public void ResumedWithExtraVoices_TheTrainingStreamsAreRenderedAgain_AndEqualAFreshRun()
    {
        // A training stream speaks with the train split's voices, so adding train-only voices to a folder must not
        // keep its old training streams: the resumed folder must equal a fresh run with the same options.
        var plain = Small(_dir["resumed-extra"], 8, 2) with { Count = 12, StreamHours = 0, TrainStreamHours = 60.0 / 3600 };
        Synthesizer.Run(plain);
        var before = Hashes(plain.OutDir);
        var extra = plain with { ExtraVoices = true, ExtraVoiceShare = 0.9 };
        var resumed = Synthesizer.Run(extra);
        Assert.That(resumed.StreamsRendered, Is.EqualTo(resumed.Streams).And.EqualTo(2));
        var fresh = extra with { OutDir = _dir["fresh-extra"] };
        Synthesizer.Run(fresh);
        var hr = Hashes(plain.OutDir);
        Assert.That(hr, Is.EqualTo(Hashes(fresh.OutDir)));
        foreach (var stream in hr.Keys.Where(k => k.StartsWith(DatasetSplits.Train + "/stream/", StringComparison.Ordinal)))
            Assert.That(hr[stream], Is.Not.EqualTo(before[stream]), stream);
        Assert.That(Synthesizer.Run(extra).StreamsRendered, Is.EqualTo(0), "a second resume renders nothing");
    }

    [Test]
    public void StreamResumeKey_FollowsTheConfusablePhrases_AndTheTrainOnlyVoices()
    {
        var a = new StreamSpec(0, "test/stream/stream-000.wav", 600, 1, DatasetSplits.Test, Phrases: 1);
        Assert.That(a.Key, Is.Not.EqualTo((a with { Phrases = 2 }).Key));
        Assert.That(a.Key, Is.EqualTo((a with { }).Key));
        Assert.That(a.Key, Does.EndWith("|v3"), "without train-only voices the key is the one of earlier folders");
        Assert.That(a.Key, Is.Not.EqualTo((a with { TrainOnlyVoices = 5 }).Key));
    }

    [Test]
    public void ClipResumeKey_NamesHowAFestivalVoiceReadsItsText()
    {
        var kal = new Voice(TtsEngine.Festival, "festival:kal_diphone", "kal_diphone", "kal");
        var foreign = new Voice(TtsEngine.Festival, "festival:pc_diphone", "pc_diphone", "festival-it-pc");
        var aug = new Augment(1, 0, 0, 0, 0, 0, null, 30, -3);
        var clip = new ClipSpec(0, "train/wake/wake-00000.wav", ClipKind.Wake, DatasetLabels.Wake, DatasetSplits.Train, kal.Id,
            "tts", kal, "hey nova!", 1, 50, null, 0, 0, aug, 1.5, 1);
        Assert.That(clip.Key, Does.EndWith("|festival-process"));
        Assert.That((clip with { Voice = foreign, Speaker = foreign.Id }).Key, Does.EndWith("|festival-process|no-punctuation"));
    }

    [Test]
    public void NoSpeakerOrVoiceFamilySpansSplits()
    {
        foreach (var (dir, seed) in new[] { (_a.OutDir, _a.Seed), (_c.OutDir, _c.Seed) })
        {
            var voices = new VoiceCatalog(VoiceCatalog.Installed(), seed);
            Assert.That(voices.BySplit[DatasetSplits.Test], Is.Not.Empty);
            Assert.That(voices.BySplit[DatasetSplits.Val], Is.Not.Empty);
            var familySplits = voices.Voices.GroupBy(v => v.Family).Where(g => g.Select(voices.SplitOf).Distinct().Count() > 1).Select(g => g.Key);
            Assert.That(familySplits, Is.Empty);
            var entries = DatasetManifest.Read(Path.Combine(dir, "manifest.csv"));
            var spanning = entries.GroupBy(e => e.Speaker).Where(g => g.Select(e => e.Split).Distinct().Count() > 1).Select(g => g.Key).ToList();
            Assert.That(spanning, Is.Empty, "speakers in more than one split");
            // Each TTS speaker's split is the split of its voice family.
            foreach (var e in entries.Where(e => e.Speaker.StartsWith("espeak-ng:") || e.Speaker.StartsWith("flite:") || e.Speaker.StartsWith("festival:")))
                Assert.That(e.Split, Is.EqualTo(voices.SplitOf(voices.Voices.Single(v => v.Id == e.Speaker))), e.Path);
        }
    }

    [Test]
    public void Manifest_HasEveryLabelAndStreamsOnlyInTest()
    {
        var entries = DatasetManifest.Read(Path.Combine(_a.OutDir, "manifest.csv"));
        Assert.That(entries.Select(e => e.Label).Distinct().Order(), Is.EquivalentTo(DatasetLabels.All));
        Assert.That(entries.Where(e => e.Label == DatasetLabels.Stream).Select(e => e.Split).Distinct(), Is.EqualTo(new[] { DatasetSplits.Test }));
        Assert.That(_ra.StreamSeconds, Is.EqualTo(50).Within(1e-9));
        var streams = entries.Where(e => e.Label == DatasetLabels.Stream).Select(e => new FileInfo(Path.Combine(_a.OutDir, e.Path)).Length).ToList();
        Assert.That(streams, Is.EqualTo(new long[] { 44 + 25 * 48000 * 2, 44 + 25 * 48000 * 2 }));
        Assert.That(entries.Where(e => e.Label == DatasetLabels.Wake).Select(e => e.Source), Has.All.Contains("hey"));
    }

    [Test]
    public void Streams_HaveLabelsOfEveryUtteranceInsideTheStream()
    {
        var entries = DatasetManifest.Read(Path.Combine(_a.OutDir, "manifest.csv"));
        foreach (var e in entries.Where(e => e.Label == DatasetLabels.Stream))
        {
            var labels = StreamLabels.Read(StreamLabels.PathFor(Path.Combine(_a.OutDir, e.Path)));
            Assert.That(labels, Is.Not.Empty, e.Path);
            Assert.That(labels.Select(l => l.Kind).Distinct(), Is.SubsetOf(new[] { "sentence", "confusable", "word", "recording" }), e.Path);
            Assert.That(labels.All(l => l.End <= 25.0 + 1e-9 && l.End > l.Start), e.Path);
            // Utterances do not overlap: each starts after the previous one ended (pauses of at least 0.5 s).
            for (var i = 1; i < labels.Count; i++) Assert.That(labels[i].Start, Is.GreaterThanOrEqualTo(labels[i - 1].End + 0.499), e.Path);
        }
        Assert.That(DatasetChecker.Check(_a.OutDir).Problems, Is.Empty);
    }

    [Test]
    public void Resume_RendersOnlyMissingOrDamagedFiles_AndRestoresThem()
    {
        var dir = _dir["resume"];
        var o = Small(dir, 7, 2) with { StreamHours = 0, Count = 12 };
        Synthesizer.Run(o);
        var before = Hashes(dir);
        var files = before.Keys.Order(StringComparer.Ordinal).ToList();
        File.Delete(Path.Combine(dir, files[0]));
        var damaged = Path.Combine(dir, files[1]);
        var bytes = File.ReadAllBytes(damaged);
        bytes[^1] ^= 0x55;
        File.WriteAllBytes(damaged, bytes);
        var r = Synthesizer.Run(o);
        Assert.That(r.ClipsRendered, Is.EqualTo(2));
        Assert.That(Hashes(dir), Is.EqualTo(before));
    }

    [Test]
    public void NonEmptyForeignFolder_IsRefused()
    {
        var dir = _dir["foreign"];
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "keep.txt"), "mine");
        var e = Assert.Throws<WakeWordException>(() => Synthesizer.Run(Small(dir, 1, 1)))!;
        Assert.That(e.Message, Does.Contain("not empty"));
        Assert.That(File.ReadAllText(Path.Combine(dir, "keep.txt")), Is.EqualTo("mine"));
    }
}
