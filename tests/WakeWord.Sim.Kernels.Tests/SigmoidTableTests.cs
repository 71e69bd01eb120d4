using System.Text.RegularExpressions;
using WakeWord.Core;
using WakeWord.Sim.Kernels.Activations;

namespace WakeWord.Sim.Kernels.Tests;

/// <summary>The logistic table is ours: computed from its formula, and the C table holds exactly those numbers.</summary>
[TestFixture]
public class SigmoidTableTests
{
    [Test]
    public void CTable_EqualsFormula()
    {
        var path = Path.Combine(RepoPaths.Firmware, "kernels", "Source", "NNSupportFunctions", "arm_nntables.c");
        var text = File.ReadAllText(path);
        var body = text[(text.IndexOf("sigmoid_table_uint16[256] = {", StringComparison.Ordinal) + 30)..];
        body = body[..body.IndexOf('}')];
        var c = Regex.Matches(body, @"\d+").Select(m => int.Parse(m.Value)).ToArray();
        var formula = SigmoidTable.Build();
        Assert.That(c, Has.Length.EqualTo(256), $"{path}: table length");
        for (var i = 0; i < 256; i++)
            Assert.That(c[i], Is.EqualTo(formula[i]), $"{path}: entry {i} differs from SigmoidTable.Build()");
    }

    [Test]
    public void Formula_IsMonotonicFromHalfToOne()
    {
        var t = SigmoidTable.Build();
        Assert.That(t[0], Is.EqualTo(32768));
        Assert.That(t[255], Is.EqualTo(65535));
        for (var i = 1; i < 256; i++) Assert.That(t[i], Is.GreaterThanOrEqualTo(t[i - 1]), $"entry {i}");
    }
}
