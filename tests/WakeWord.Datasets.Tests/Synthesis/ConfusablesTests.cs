using WakeWord.Datasets.Synthesis;

namespace WakeWord.Datasets.Tests.Synthesis;

[TestFixture]
public class ConfusablesTests
{
    [Test]
    public void Generate_HeyNova_HasNearMissesAndPartsButNoHomophone()
    {
        var c = Confusables.Generate("hey nova");
        Assert.That(c, Does.Contain("hey nora"));
        Assert.That(c, Does.Contain("hey no"));
        Assert.That(c, Does.Contain("nova"));
        Assert.That(c, Does.Contain("hey"));
        Assert.That(c, Does.Contain("say nova").Or.Contain("sey nova"));
        Assert.That(c, Does.Not.Contain("hey nova"));
    }

    [Test]
    public void Filter_DropsCandidatesPronouncedLikeThePhrase()
    {
        // "hay nova" sounds exactly like "hey nova", so it must never become a negative.
        Assert.That(Confusables.Filter("hey nova", ["hay nova", "hey nora", "hey, nova"]), Is.EqualTo(new[] { "hey nora" }));
    }

    [Test]
    public void Phonemes_OfEveryKeptCandidate_DifferFromThePhrase()
    {
        var c = Confusables.Generate("hey nova");
        var ph = Confusables.Phonemes("en-us", ["hey nova", .. c]);
        Assert.That(ph.Skip(1), Has.None.EqualTo(ph[0]));
    }
}
