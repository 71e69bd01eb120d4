using WakeWord.Core;
using WakeWord.Datasets.Audio;
using WakeWord.Datasets.Check;
using WakeWord.Datasets.Manifest;

namespace WakeWord.Datasets.Tests.Check;

[TestFixture]
public class DatasetCheckerTests
{
    private static void Wav(string path, int samples = 4800, int rate = 48000)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var s = new short[samples];
        for (var i = 0; i < s.Length; i++) s[i] = (short)(1000 * Math.Sin(i * 0.05));
        DatasetWav.WriteMono16(path, s, rate);
    }

    [Test]
    public void Check_GoodDataset_HasNoProblemsAndCountsSeconds()
    {
        using var d = new TempDir("check-good");
        Wav(d["wake/a.wav"], 48000);
        Wav(d["speech/b.wav"], 24000);
        DatasetManifest.Write(d["manifest.csv"], [
            new ManifestEntry("wake/a.wav", "wake", "train", "v1", "t"),
            new ManifestEntry("speech/b.wav", "speech", "test", "v2", "t"),
        ]);
        var r = DatasetChecker.Check(d.Path);
        Assert.That(r.Problems, Is.Empty, string.Join("\n", r.Problems));
        Assert.That(r.TotalSeconds, Is.EqualTo(1.5).Within(1e-9));
    }

    [Test]
    public void Check_BadDataset_ListsEveryBadFile()
    {
        using var d = new TempDir("check-bad");
        Wav(d["ok.wav"]);
        Wav(d["rate16k.wav"], rate: 16000);
        Wav(d["empty.wav"], 0);
        File.WriteAllBytes(d["corrupt.wav"], "RIFF\x10\0\0\0WAVEjunk"u8.ToArray());
        var truncated = File.ReadAllBytes(d["ok.wav"])[..1000];
        File.WriteAllBytes(d["truncated.wav"], truncated);
        Wav(d["stray.wav"]);
        Wav(d["s1-val.wav"]);
        File.WriteAllText(d["notes.txt"], "x");
        Directory.CreateDirectory(d["emptydir"]);
        File.WriteAllText(d["manifest.csv"],
            "path,label,split,speaker,source\n" +
            "ok.wav,wake,train,s1,t\n" +
            "rate16k.wav,wake,train,s1,t\n" +
            "empty.wav,wake,train,s1,t\n" +
            "corrupt.wav,wake,train,s1,t\n" +
            "truncated.wav,wake,train,s1,t\n" +
            "missing.wav,wake,train,s1,t\n" +
            "ok.wav,wake,train,s1,t\n" +
            "s1-val.wav,speech,val,s1,t\n" +
            "bad-label.wav,barking,train,s2,t\n");
        var r = DatasetChecker.Check(d.Path);
        var byPath = r.Problems.ToLookup(p => p.Path);
        Assert.Multiple(() =>
        {
            Assert.That(byPath["rate16k.wav"].Single().Message, Does.Contain("16000 Hz"));
            Assert.That(byPath["empty.wav"].Single().Message, Does.Contain("no samples"));
            Assert.That(byPath["corrupt.wav"].Single().Message, Does.Contain("corrupt WAV"));
            Assert.That(byPath["truncated.wav"].Single().Message, Does.Contain("corrupt WAV"));
            Assert.That(byPath["missing.wav"].Single().Message, Does.Contain("missing: named on line 7"));
            Assert.That(byPath["manifest.csv:8"].Single().Message, Does.Contain("duplicate path 'ok.wav'"));
            Assert.That(byPath["manifest.csv:10"].Single().Message, Does.Contain("unknown label 'barking'"));
            Assert.That(byPath["stray.wav"].Single().Message, Does.Contain("not listed"));
            Assert.That(byPath["notes.txt"].Single().Message, Does.Contain("unexpected file"));
            Assert.That(byPath["emptydir/"].Single().Message, Does.Contain("empty folder"));
            Assert.That(byPath["s1-val.wav"].Single().Message, Does.Contain("speaker 's1'"));
            Assert.That(r.Problems, Has.Count.EqualTo(11), string.Join("\n", r.Problems));
            Assert.That(r.Entries.Select(e => e.Path), Is.EqualTo(new[] { "ok.wav", "s1-val.wav" }));
        });
    }

    [Test]
    public void Check_NoManifest_IsAProblemAndEveryWavIsUnlisted()
    {
        using var d = new TempDir("check-nomanifest");
        Wav(d["a.wav"]);
        var r = DatasetChecker.Check(d.Path);
        Assert.That(r.Problems.Select(p => p.Path), Is.EqualTo(new[] { "manifest.csv", "a.wav" }));
    }

    [Test]
    public void Check_MissingFolder_Throws()
    {
        Assert.Throws<WakeWordException>(() => DatasetChecker.Check(Path.Combine(RepoPaths.WorkDir("datasets-tests"), "no-such-folder")));
    }
}
