using WakeWord.Core;
using WakeWord.Datasets.Audio;
using WakeWord.Datasets.Check;
using WakeWord.Datasets.Import;
using WakeWord.Datasets.Manifest;

namespace WakeWord.Datasets.Tests.Import;

[TestFixture]
public class DatasetImporterTests
{
    private static void Wav16k(string path, int ms = 200)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var s = new short[16 * ms];
        for (var i = 0; i < s.Length; i++) s[i] = (short)(3000 * Math.Sin(i * 0.1));
        DatasetWav.WriteMono16(path, s, 16000);
    }

    private static string SpeechCommands(TempDir d)
    {
        var root = d["sc"];
        foreach (var (word, spk) in new[] { ("nova", "aaaa1111"), ("nova", "bbbb2222"), ("yes", "aaaa1111"), ("yes", "cccc3333"), ("no", "dddd4444") })
            Wav16k(Path.Combine(root, word, $"{spk}_nohash_0.wav"));
        Wav16k(Path.Combine(root, "_background_noise_", "white.wav"), 1000);
        File.WriteAllText(Path.Combine(root, "validation_list.txt"), "nova/bbbb2222_nohash_0.wav\n");
        File.WriteAllText(Path.Combine(root, "testing_list.txt"), "yes/cccc3333_nohash_0.wav\n");
        File.WriteAllText(Path.Combine(root, "README.md"), "x");
        return root;
    }

    [Test]
    public void SpeechCommands_LabelsSplitsSpeakersAndConvertsTo48k()
    {
        using var d = new TempDir("import-sc");
        var outDir = d["out"];
        var entries = DatasetImporter.Import(SpeechCommands(d), "speech-commands", outDir, "nova", 2);
        var m = DatasetManifest.Read(Path.Combine(outDir, "manifest.csv")).ToDictionary(e => e.Path);
        Assert.That(entries, Has.Count.EqualTo(6));
        Assert.That(m["nova/aaaa1111_nohash_0.wav"], Is.EqualTo(new ManifestEntry("nova/aaaa1111_nohash_0.wav", "wake", "train", "aaaa1111", "speech-commands: nova/aaaa1111_nohash_0.wav")));
        Assert.That(m["nova/bbbb2222_nohash_0.wav"].Split, Is.EqualTo("val"));
        Assert.That(m["yes/cccc3333_nohash_0.wav"].Split, Is.EqualTo("test"));
        Assert.That(m["yes/cccc3333_nohash_0.wav"].Label, Is.EqualTo("speech"));
        Assert.That(m["_background_noise_/white.wav"].Label, Is.EqualTo("background"));
        var info = DatasetWav.ReadInfo(Path.Combine(outDir, "nova/aaaa1111_nohash_0.wav"));
        Assert.That((info.SampleRate, info.Frames), Is.EqualTo((48000, 9600L)));
        Assert.That(DatasetChecker.Check(outDir).Problems, Is.Empty);
    }

    [Test]
    public void SpeechCommands_WithoutWakeWord_ListsTheWords()
    {
        using var d = new TempDir("import-sc");
        var e = Assert.Throws<WakeWordException>(() => DatasetImporter.Import(SpeechCommands(d), "speech-commands", d["out"], null))!;
        Assert.That(e.Message, Does.Contain("--wake-word").And.Contain("nova, yes"));
        Assert.That(Directory.Exists(d["out"]), Is.False);
    }

    [Test]
    public void SpeechCommands_SpeakerInTwoSplits_IsRefusedAndNothingWritten()
    {
        using var d = new TempDir("import-sc");
        var root = SpeechCommands(d);
        File.WriteAllText(Path.Combine(root, "testing_list.txt"), "yes/aaaa1111_nohash_0.wav\n");
        var e = Assert.Throws<WakeWordException>(() => DatasetImporter.Import(root, "speech-commands", d["out"], "nova"))!;
        Assert.That(e.Message, Does.Contain("speaker 'aaaa1111'"));
        Assert.That(Directory.Exists(d["out"]), Is.False);
    }

    [Test]
    public void Folders_SpeakerFoldersKeepOneSplitAndCorruptInputNamesTheFile()
    {
        using var d = new TempDir("import-folders");
        var root = d["in"];
        Wav16k(Path.Combine(root, "wake", "alice", "1.wav"));
        Wav16k(Path.Combine(root, "speech", "alice", "2.wav"));
        Wav16k(Path.Combine(root, "background", "fan.wav"));
        var entries = DatasetImporter.Import(root, "folders", d["out"], null, 1);
        Assert.That(entries.Where(e => e.Speaker == "alice").Select(e => e.Split).Distinct().Count(), Is.EqualTo(1));
        Assert.That(entries.Single(e => e.Label == "background").Speaker, Is.EqualTo("background/fan"));

        File.WriteAllText(Path.Combine(root, "speech", "alice", "3.wav"), "not audio");
        var ex = Assert.Throws<WakeWordException>(() => DatasetImporter.Import(root, "folders", d["out2"], null, 1))!;
        Assert.That(ex.Message, Does.Contain("3.wav"));
        Assert.That(Directory.Exists(d["out2"]), Is.False);
    }

    [Test]
    public void Folders_UnknownLabelFolder_IsRefused()
    {
        using var d = new TempDir("import-folders");
        Wav16k(Path.Combine(d["in"], "music", "a.wav"));
        var e = Assert.Throws<WakeWordException>(() => DatasetImporter.Import(d["in"], "folders", d["out"], null))!;
        Assert.That(e.Message, Does.Contain("'music' is not a label"));
    }
}
