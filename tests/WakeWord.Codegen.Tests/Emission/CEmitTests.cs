using NUnit.Framework;
using WakeWord.Codegen.Emission;

namespace WakeWord.Codegen.Tests.Emission;

[TestFixture]
public class CEmitTests
{
    [Test]
    public void ArrayLines_SplitsEveryNValues_NoTrailingComma()
    {
        var lines = CEmit.ArrayLines(new[] { 1, 2, 3, 4, 5 }, 2, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(lines, Is.EqualTo(new[] { "1, 2,", "3, 4,", "5" }));
    }

    [Test]
    public void Int32_MinValue_IsWrittenWithoutOverflowLiteral()
    {
        Assert.That(CEmit.Int32(int.MinValue), Is.EqualTo("(-2147483647 - 1)"));
        Assert.That(CEmit.Int32(-5), Is.EqualTo("-5"));
        Assert.That(CEmit.Int64(long.MinValue), Is.EqualTo("(-9223372036854775807LL - 1)"));
        Assert.That(CEmit.Int64(7), Is.EqualTo("7LL"));
    }

    [Test]
    public void Comment_CannotCloseTheCommentOrBreakTheLine()
    {
        Assert.That(CEmit.Comment("a */ b\nc"), Is.EqualTo("a * / b c"));
    }

    [Test]
    public void StringLiteral_EscapesQuotesBackslashesTrigraphsAndNonAscii()
    {
        Assert.That(CEmit.StringLiteral("a\"b\\c"), Is.EqualTo("\"a\\\"b\\\\c\""));
        Assert.That(CEmit.StringLiteral("??="), Is.EqualTo("\"\\077\\077=\""));
        Assert.That(CEmit.StringLiteral("é"), Is.EqualTo("\"\\303\\251\""));
    }
}
