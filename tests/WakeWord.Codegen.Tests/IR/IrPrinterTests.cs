using NUnit.Framework;
using WakeWord.Codegen.Import;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Passes;
using WakeWord.Codegen.Tests.Import;

namespace WakeWord.Codegen.Tests.IR;

[TestFixture]
public class IrPrinterTests
{
    [Test]
    public void Print_DefaultModel_HasOneLinePerNode_WithShapesAndAttributes()
    {
        var g = OnnxImporter.Load(TestUtil.DefaultModelPath);
        var text = IrPrinter.Print(g);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Count(l => l.StartsWith("  Conv ") || l.StartsWith("  Lstm ") || l.StartsWith("  Gemm ")), Is.EqualTo(4));
        Assert.That(text, Does.Contain("graph layout=Nchw nodes=12"));
        Assert.That(text, Does.Contain("(features[1,1,98,24]) -> (features_centered[1,1,98,24])  axis 2"), "the window mean");
        Assert.That(text, Does.Contain("conv1_out[1,8,49,12]"));
        Assert.That(text, Does.Contain("k3x3 s2x2 p1,1,1,1"));
        Assert.That(text, Does.Contain("hidden 32 bidirectional"));
        Assert.That(text, Does.Contain("perm [2,0,1,3]"));
        Assert.That(text, Does.Contain("meta   wakeword.classes = wake,speech,background,confusable\n"));
    }

    [Test]
    public void Print_AfterPasses_ShowsNhwcShapesAndFusedActivations()
    {
        var text = IrPrinter.Print(PassPipeline.Run(OnnxImporter.Load(TestUtil.DefaultModelPath)));
        Assert.That(text, Does.Contain("graph layout=Nhwc"));
        Assert.That(text, Does.Contain("features[1,98,24,1]"));
        Assert.That(text, Does.Contain("act [0, Infinity]"));
        Assert.That(text, Does.Contain("hidden 32 forward"));
        Assert.That(text, Does.Not.Contain("Transpose"));
    }
}
