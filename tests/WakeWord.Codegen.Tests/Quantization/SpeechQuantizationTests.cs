using NUnit.Framework;
using WakeWord.Codegen.Import;
using WakeWord.Codegen.Quantization;
using WakeWord.Codegen.Tests.Import;
using WakeWord.Core;
using WakeWord.Onnx;
using WakeWord.Sim.Frontend;

namespace WakeWord.Codegen.Tests.Quantization;

/// <summary>Quantization on real speech: espeak-ng utterances through the bit-exact front end.</summary>
[TestFixture]
public class SpeechQuantizationTests
{
    private static readonly string[] Sentences =
    [
        "hey wakeword, turn on the lights",
        "the quick brown fox jumps over the lazy dog",
        "please call me back when you get home",
        "what is the weather like tomorrow morning",
        "seven eight nine ten, start again",
        "open the garage door and close the window",
        "I would like a cup of tea with milk",
        "hey wakeword, what time is it",
        "set a timer for twenty minutes",
        "the meeting moved to half past three",
        "play some music in the kitchen",
        "remind me to water the plants",
    ];
    private static readonly string[] Voices = ["en", "en-us", "en+f3", "en+m3"];

    internal static List<string> Utterances()
    {
        var dir = RepoPaths.WorkDir("codegen-speech");
        var files = new List<string>();
        for (var i = 0; i < Sentences.Length; i++)
        {
            var path = Path.Combine(dir, $"utt{i:D2}.wav");
            if (!File.Exists(path))
                ProcessRunner.Check("espeak-ng", ["-v", Voices[i % Voices.Length], "-s", (140 + 10 * (i % 4)).ToString(), "-w", path, Sentences[i]]);
            files.Add(path);
        }
        return files;
    }

    [Test]
    public void DefaultModel_OnEspeakSpeech_Int8AgreesWithFloat()
    {
        var files = Utterances();
        var windows = CalibrationData.FromWavs(files, FrontendConfig.Default, hop: 5);
        var calib = windows.Where((_, i) => i % 4 == 0).ToList();
        var val = windows.Where((_, i) => i % 4 != 0).ToList();
        Assert.That(val, Has.Count.GreaterThanOrEqualTo(200));
        var (model, report) = Quantizer.Quantize(TestUtil.DefaultModelPath, calib, val);
        TestContext.Out.WriteLine(report.Render());
        Assert.That(model.Layers, Is.Not.Empty);
        Assert.That(report.Top1AgreementDecidable, Is.GreaterThanOrEqualTo(0.99));
        Assert.That(report.Top1Agreement, Is.GreaterThanOrEqualTo(0.97));
        foreach (var l in report.Layers) Assert.That(l.SqnrDb, Is.GreaterThan(20), $"layer {l.Layer}");
        Assert.That(report.WakePosteriorMae, Is.LessThan(0.03));
    }

    [TestCase(CalibrationMethod.MinMax), TestCase(CalibrationMethod.Percentile), TestCase(CalibrationMethod.Entropy), Explicit("benchmark of the calibration methods")]
    public void CompareCalibrationMethods(CalibrationMethod method)
    {
        var windows = CalibrationData.FromWavs(Utterances(), FrontendConfig.Default, hop: 5);
        var calib = windows.Where((_, i) => i % 4 == 0).ToList();
        var val = windows.Where((_, i) => i % 4 != 0).ToList();
        var (_, report) = Quantizer.Quantize(TestUtil.DefaultModelPath, calib, val, new QuantizerOptions { Method = method });
        TestContext.Out.WriteLine(report.Render());
    }

    [Test, Explicit("prints per-coefficient feature statistics of the espeak-ng utterances")]
    public void PrintSpeechFeatureStatistics()
    {
        var windows = CalibrationData.FromWavs(Utterances(), FrontendConfig.Default, hop: 98);
        var n = 24;
        var sum = new double[n];
        var sq = new double[n];
        long count = 0;
        foreach (var w in windows)
            for (var i = 0; i < w.Length; i++)
            {
                sum[i % n] += w[i];
                sq[i % n] += (double)w[i] * w[i];
                if (i % n == 0) count++;
            }
        var mean = sum.Select(s => s / count).ToArray();
        var std = sq.Select((s, c) => Math.Sqrt(s / count - mean[c] * mean[c])).ToArray();
        TestContext.Out.WriteLine("mean " + string.Join(",", mean.Select(m => m.ToString("F0"))));
        TestContext.Out.WriteLine("std  " + string.Join(",", std.Select(m => m.ToString("F0"))));
    }
}
