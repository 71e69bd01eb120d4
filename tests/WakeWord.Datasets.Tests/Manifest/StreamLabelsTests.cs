using WakeWord.Core;
using WakeWord.Datasets.Manifest;

namespace WakeWord.Datasets.Tests.Manifest;

[TestFixture]
public class StreamLabelsTests
{
    [Test]
    public void WriteThenRead_GivesTheLabelsBack_WithQuotedText()
    {
        using var t = new TempDir("labels");
        var file = Path.Combine(t.Path, "s.labels.csv");
        var labels = new[]
        {
            new StreamLabel(1.5, 3.25, "sentence", "The kettle is on, so we can have \"tea\"."),
            new StreamLabel(4, 5.125, "confusable", "hey nora"),
        };
        StreamLabels.Write(file, labels);
        Assert.That(StreamLabels.Read(file), Is.EqualTo(labels));
    }

    [TestCase("start,end,kind,text\n2.0,1.0,word,x\n", "s.labels.csv:2: column 'end'")]
    [TestCase("start,end,kind,text\n1.0,2.0,word,x\n0.5,3.0,word,y\n", "s.labels.csv:3: column 'start'")]
    [TestCase("start,end,kind\n", "s.labels.csv:1: header")]
    [TestCase("start,end,kind,text\nabc,2.0,word,x\n", "s.labels.csv:2: column 'start'")]
    [TestCase("start,end,kind,text\n1.0,2.0,,x\n", "s.labels.csv:2: column 'kind'")]
    public void BadLabels_NameTheFileLineAndColumn(string text, string expected)
    {
        using var t = new TempDir("labels");
        var file = Path.Combine(t.Path, "s.labels.csv");
        File.WriteAllText(file, text);
        var e = Assert.Throws<WakeWordException>(() => StreamLabels.Read(file));
        Assert.That(e!.Message, Does.Contain(expected));
    }

    [Test]
    public void Overlapping_PicksTheLabelCoveringMostOfTheSpan()
    {
        var labels = new[]
        {
            new StreamLabel(0, 2, "sentence", "a"),
            new StreamLabel(2.5, 4, "confusable", "b"),
            new StreamLabel(10, 11, "word", "c"),
        };
        Assert.That(StreamLabels.Overlapping(labels, 1.5, 3.5)!.Text, Is.EqualTo("b"));
        Assert.That(StreamLabels.Overlapping(labels, 0.5, 2.6)!.Text, Is.EqualTo("a"));
        Assert.That(StreamLabels.Overlapping(labels, 5, 9), Is.Null);
    }

    [Test]
    public void PathFor_And_WavFor_AreInverse()
    {
        Assert.That(StreamLabels.PathFor("test/stream/stream-003.wav"), Is.EqualTo("test/stream/stream-003.labels.csv"));
        Assert.That(StreamLabels.WavFor("test/stream/stream-003.labels.csv"), Is.EqualTo("test/stream/stream-003.wav"));
        Assert.That(StreamLabels.WavFor("test/stream/stream-003.wav"), Is.Null);
    }
}
