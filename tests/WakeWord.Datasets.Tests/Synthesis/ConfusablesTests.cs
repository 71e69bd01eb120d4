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
    public void Filter_DropsCandidatesPronouncedLikeThePhraseInOneAccentOnly()
    {
        // espeak-ng's RP accent says "hey nover" exactly like "hey nova" (h'eI n'oUva#); the US accent only adds
        // r-colouring to the final schwa. Neither may be a negative.
        Assert.That(Confusables.Phonemes("en-gb-x-rp", ["hey nova", "hey nover"]).Distinct().Count(), Is.EqualTo(1));
        Assert.That(Confusables.Filter("hey nova", ["hey nover", "hey nora"]), Is.EqualTo(new[] { "hey nora" }));
        Assert.That(Confusables.Generate("hey nova"), Does.Not.Contain("hey nover"));
    }

    [Test]
    public void Reduce_MergesSchwaRColouredSchwaAndRpFinalA()
    {
        Assert.That(Confusables.Reduce("heInoUv3"), Is.EqualTo(Confusables.Reduce("heInoUva#")));
        Assert.That(Confusables.Reduce("heInoUv@"), Is.EqualTo("heInoUv@"));
        Assert.That(Confusables.Reduce("heInoUvoU"), Is.Not.EqualTo(Confusables.Reduce("heInoUv@")));
    }

    [Test]
    public void Phonemes_OfEveryKeptCandidate_DifferFromThePhrase()
    {
        var c = Confusables.Generate("hey nova");
        foreach (var accent in VoiceCatalog.EspeakAccents)
        {
            var ph = Confusables.Phonemes(accent, ["hey nova", .. c]).Select(Confusables.Reduce).ToList();
            Assert.That(ph.Skip(1), Has.None.EqualTo(ph[0]), accent);
        }
    }
}
