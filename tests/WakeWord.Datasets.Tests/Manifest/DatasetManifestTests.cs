using WakeWord.Core;
using WakeWord.Datasets.Manifest;

namespace WakeWord.Datasets.Tests.Manifest;

[TestFixture]
public class DatasetManifestTests
{
    private const string Header = "path,label,split,speaker,source\r\n";

    [Test]
    public void WriteThenRead_RoundTripsFieldsWithCommasQuotesAndNewlines()
    {
        using var dir = new TempDir("manifest");
        var entries = new[]
        {
            new ManifestEntry("wake/a.wav", "wake", "train", "espeak-ng:en-us+f3", "espeak-ng \"hey nova\", rate 150"),
            new ManifestEntry("speech/b c.wav", "speech", "val", "flite:slt", "line one\nline two"),
            new ManifestEntry("background/x.wav", "background", "test", " spaced ", "sox:pinknoise"),
        };
        var file = dir["manifest.csv"];
        DatasetManifest.Write(file, entries);
        var back = DatasetManifest.Read(file);
        Assert.That(back, Is.EqualTo(entries));
        Assert.That(File.ReadAllText(file), Does.StartWith(Header));
    }

    [Test]
    public void Read_QuotedPathWithLineBreak_IsRefusedOnOneLine()
    {
        var text = Header + "\"a\nb.txt\",wake,train,s1,x\r\n";
        var e = Assert.Throws<WakeWordException>(() => DatasetManifest.Parse(text, "ds/manifest.csv", null))!;
        Assert.That(e.Message, Does.Not.Contain('\n'));
        Assert.That(e.Message, Does.StartWith("ds/manifest.csv:2: column 'path'").And.Contain("a\\nb.txt"));
    }

    [Test]
    public void Read_UnknownLabel_NamesFileLineAndColumn()
    {
        var text = Header + "a.wav,wake,train,s1,x\r\nb.wav,noise,train,s1,x\r\n";
        var e = Assert.Throws<WakeWordException>(() => DatasetManifest.Parse(text, "ds/manifest.csv", null))!;
        Assert.That(e.Message, Does.StartWith("ds/manifest.csv:3: column 'label'"));
        Assert.That(e.Message, Does.Contain("'noise'"));
    }

    [TestCase("a.wav,wake,train,s1\r\n", "source", "4 fields")]
    [TestCase("a.wav,wake,later,s1,x\r\n", "split", "unknown split")]
    [TestCase("../a.wav,wake,train,s1,x\r\n", "path", "'..'")]
    [TestCase("/abs/a.wav,wake,train,s1,x\r\n", "path", "absolute")]
    [TestCase("a.mp3,wake,train,s1,x\r\n", "path", "not a .wav")]
    [TestCase("a.wav,wake,train,,x\r\n", "speaker", "empty speaker")]
    public void Read_BadRow_IsRefusedWithColumn(string row, string column, string fragment)
    {
        var e = Assert.Throws<WakeWordException>(() => DatasetManifest.Parse(Header + row, "m.csv", null))!;
        Assert.That(e.Message, Does.StartWith($"m.csv:2: column '{column}'").Or.StartWith("m.csv:2: column '#"));
        Assert.That(e.Message, Does.Contain(fragment));
    }

    [Test]
    public void Read_WrongHeader_IsRefused()
    {
        var e = Assert.Throws<WakeWordException>(() => DatasetManifest.Parse("path,label,split,speaker\r\n", "m.csv", null))!;
        Assert.That(e.Message, Does.Contain("m.csv:1: column 'header'"));
    }

    [Test]
    public void Read_UnterminatedQuote_ReportsLineOfTheQuote()
    {
        var text = Header + "a.wav,wake,train,s1,x\r\nb.wav,wake,train,s1,\"open\r\n";
        var e = Assert.Throws<WakeWordException>(() => DatasetManifest.Parse(text, "m.csv", null))!;
        Assert.That(e.Message, Does.Contain("unterminated quoted field"));
    }

    [Test]
    public void Read_QuoteInsideUnquotedField_IsRefused()
    {
        var e = Assert.Throws<WakeWordException>(() => DatasetManifest.Parse(Header + "a.wav,wake,train,s\"1,x\r\n", "m.csv", null))!;
        Assert.That(e.Message, Does.StartWith("m.csv:2: column '#4'"));
    }

    [Test]
    public void Parse_CollectingProblems_ListsEveryBadRowAndKeepsGoodOnes()
    {
        var text = Header + "a.wav,wake,train,s1,x\nb.wav,nope,train,s1,x\na.wav,wake,train,s1,x\nc.wav,speech,val,s2,y\n";
        var problems = new List<ManifestProblem>();
        var entries = DatasetManifest.Parse(text, "m.csv", problems);
        Assert.That(entries.Select(e => e.Path), Is.EqualTo(new[] { "a.wav", "c.wav" }));
        Assert.That(problems.Select(p => (p.Line, p.Column)), Is.EqualTo(new[] { (3, "label"), (4, "path") }));
        Assert.That(problems[1].Message, Does.Contain("duplicate path 'a.wav' (first on line 2)"));
    }

    [Test]
    public void Write_DuplicatePath_IsRefusedAndLeavesNoFile()
    {
        using var dir = new TempDir("manifest");
        var e = new ManifestEntry("a.wav", "wake", "train", "s", "x");
        Assert.Throws<WakeWordException>(() => DatasetManifest.Write(dir["manifest.csv"], [e, e]));
        Assert.That(Directory.GetFiles(dir.Path), Is.Empty);
    }
}
