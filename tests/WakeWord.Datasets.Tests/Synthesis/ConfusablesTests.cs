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
    public void FilterFor_DropsWhatAVoiceOfAnotherLanguageSaysLikeThePhrase()
    {
        // Czech letter-to-sound reads "hei" and "hey" alike (/hej/): "hei nova" is a negative in English only.
        var czech = VoiceCatalog.Installed().Single(v => v.Name == "czech_dita");
        Assert.That(Festival.Phonemes("czech_dita", ["hey nova", "hei nova", "hey nora"]),
            Is.EqualTo(new[] { "h e j n o v a", "h e j n o v a", "h e j n o r a" }));
        Assert.That(Confusables.FilterFor(czech, "hey nova", ["hei nova", "hey nora", "hey, nova"]), Is.EqualTo(new[] { "hey nora" }));
        var all = Confusables.Generate("hey nova");
        var kept = Confusables.FilterFor(czech, "hey nova", all);
        Assert.That(kept, Does.Not.Contain("hei nova"));
        Assert.That(kept.Count, Is.GreaterThan(all.Count / 2), "most confusables stay confusable in Czech");
        var czechPh = Festival.Phonemes("czech_dita", ["hey nova", .. kept]);
        Assert.That(czechPh.Skip(1), Has.None.EqualTo(czechPh[0]));
    }

    [Test]
    public void Respell_GivesFinnishVoicesTheEnglishDiphthong()
    {
        // Finnish reads "y" as a front rounded vowel: "hey" would come out "heü". Respelled, it says /hei/.
        var finnish = VoiceCatalog.Installed().Single(v => v.Name == "suo_fi_lj_diphone");
        Assert.That(finnish.Respell("Hey, nova! fey gova"), Is.EqualTo("Hei, nova! fei gova"));
        Assert.That(Festival.Phonemes(finnish.Name, [finnish.Respell("hey nova")]), Is.EqualTo(new[] { "h e i n o v a" }));
        var english = VoiceCatalog.Installed().Single(v => v.Name == "kal_diphone");
        Assert.That(english.Respell("hey nova"), Is.EqualTo("hey nova"));
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
