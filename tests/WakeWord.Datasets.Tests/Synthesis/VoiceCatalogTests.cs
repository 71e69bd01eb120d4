using WakeWord.Core;
using WakeWord.Datasets.Manifest;
using WakeWord.Datasets.Synthesis;

namespace WakeWord.Datasets.Tests.Synthesis;

public class VoiceCatalogTests
{
    /// <summary>A small catalog of every engine (shared with <see cref="SynthPlanTests"/>).</summary>
    internal static readonly IReadOnlyList<Voice> Voices =
    [
        new(TtsEngine.Flite, "flite:kal", "kal", "kal"),
        new(TtsEngine.Flite, "flite:awb", "awb", "awb"),
        new(TtsEngine.Flite, "flite:rms", "rms", "rms"),
        new(TtsEngine.Flite, "flite:slt", "slt", "slt"),
        new(TtsEngine.Festival, "festival:ked_diphone", "ked_diphone", "ked"),
        .. new[] { "m1", "m2", "m3", "f1", "f2", "f3", "f4" }.Select(v => new Voice(TtsEngine.EspeakNg, $"espeak-ng:en+{v}", $"en+{v}", v)),
    ];

    internal static string SplitOfFamily(VoiceCatalog c, string family) => c.SplitOf(c.Voices.First(v => v.Family == family));

    [Test]
    public void FamilySplit_MovesFamiliesBetweenTrainAndVal_AndKeepsEveryOtherFamilyWhereTheSeedPutIt()
    {
        var plain = new VoiceCatalog(Voices, 1);
        var val = plain.Voices.Select(v => v.Family).Distinct().First(f => SplitOfFamily(plain, f) == DatasetSplits.Val && f is "kal" or "rms" or "slt" or "ked");
        var train = plain.Voices.Select(v => v.Family).Distinct().First(f => SplitOfFamily(plain, f) == DatasetSplits.Train && f is "kal" or "rms" or "slt" or "ked");
        var moved = new VoiceCatalog(Voices, 1, familySplits: VoiceCatalog.ParseFamilySplits([$"{val}=train", $"{train}=val"]));
        Assert.That(SplitOfFamily(moved, val), Is.EqualTo(DatasetSplits.Train));
        Assert.That(SplitOfFamily(moved, train), Is.EqualTo(DatasetSplits.Val));
        foreach (var v in Voices.Where(v => v.Family != val && v.Family != train))
            Assert.That(moved.SplitOf(v), Is.EqualTo(plain.SplitOf(v)), v.Id);
        Assert.That(moved.BySplit[DatasetSplits.Test], Is.EqualTo(plain.BySplit[DatasetSplits.Test]));
    }

    [Test]
    public void FamilySplit_RefusesTestFamiliesTheTestSplitUnknownFamiliesAndBadSpecs()
    {
        var plain = new VoiceCatalog(Voices, 1);
        var test = Voices.First(v => plain.SplitOf(v) == DatasetSplits.Test).Family;
        var train = Voices.First(v => plain.SplitOf(v) == DatasetSplits.Train).Family;
        Assert.That(() => new VoiceCatalog(Voices, 1, familySplits: new Dictionary<string, string> { [test] = "train" }),
            Throws.TypeOf<WakeWordException>().With.Message.Contains($"'{test}' is a test family"));
        Assert.That(() => new VoiceCatalog(Voices, 1, familySplits: new Dictionary<string, string> { [train] = "test" }),
            Throws.TypeOf<WakeWordException>().With.Message.Contains("train or val only"));
        Assert.That(() => new VoiceCatalog(Voices, 1, familySplits: new Dictionary<string, string> { ["nobody"] = "val" }),
            Throws.TypeOf<WakeWordException>().With.Message.Contains("no installed voice of family 'nobody'"));
        Assert.That(() => VoiceCatalog.ParseFamilySplits(["slt"]), Throws.TypeOf<WakeWordException>().With.Message.Contains("expected FAMILY=SPLIT"));
        Assert.That(() => VoiceCatalog.ParseFamilySplits(["slt=train", "slt=val"]), Throws.TypeOf<WakeWordException>().With.Message.Contains("given twice"));
    }
}
