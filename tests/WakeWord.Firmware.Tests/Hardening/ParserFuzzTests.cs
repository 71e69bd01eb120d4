using WakeWord.Cli.Bench.Fuzz;

namespace WakeWord.Firmware.Tests.Hardening;

/// <summary>
/// Short seeded fuzz runs of the user-facing parsers (the long runs are <c>wakeword bench fuzz</c>): every input is
/// accepted or refused with a one-line WakeWordException naming the input; nothing else escapes.
/// </summary>
[TestFixture]
public class ParserFuzzTests
{
    private static void AssertClean(FuzzResult r, int minRefused)
    {
        TestContext.Out.WriteLine($"{r.Target}: {r.Cases} cases, {r.Accepted} accepted, {r.Refused} refused, {r.FailureCount} failures, {r.Seconds:F1} s");
        Assert.That(r.Failures, Is.Empty, $"{r.Target}: {r.FailureCount} failure(s); first: {string.Join(" | ", r.Failures)}");
        Assert.That(r.Accepted + r.Refused, Is.EqualTo(r.Cases));
        // The mutations must reach the error paths, or the run proves nothing.
        Assert.That(r.Refused, Is.GreaterThanOrEqualTo(minRefused));
    }

    [Test]
    public void WavReader_MutatedAndRandomInputs_AcceptOrRefuseWithWakeWordException() =>
        AssertClean(ParserFuzzer.Wav(2000, seed: 1), minRefused: 500);

    [Test]
    public void OnnxImporter_MutatedAndRandomModels_AcceptOrRefuseWithWakeWordException() =>
        AssertClean(ParserFuzzer.Onnx(2000, seed: 1), minRefused: 500);

    [Test]
    public void ManifestParser_MutatedAndRandomText_AcceptOrRefuseWithWakeWordException() =>
        AssertClean(ParserFuzzer.Manifest(2000, seed: 1), minRefused: 500);

    [Test]
    public void ParserFuzzer_SameSeed_SameOutcomeCounts()
    {
        var a = ParserFuzzer.Manifest(300, seed: 9);
        var b = ParserFuzzer.Manifest(300, seed: 9);
        Assert.That((b.Accepted, b.Refused), Is.EqualTo((a.Accepted, a.Refused)));
    }
}
