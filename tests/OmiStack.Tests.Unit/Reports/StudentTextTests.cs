using FluentAssertions;
using OmiStack.Reports.Text;

namespace OmiStack.Tests.Unit.Reports;

/// <summary>A student's text in Markdown stays text: no link GitHub would make of it.</summary>
public sealed class StudentTextTests
{
    [TestCase("open http://evil.example/x now", "open http\\://evil.example/x now")]
    [TestCase("see https://a.b", "see https\\://a.b")]
    [TestCase("visit www.evil.example", "visit www\\.evil.example")]
    [TestCase("WWW.EVIL.EXAMPLE", "WWW\\.EVIL.EXAMPLE")]
    [TestCase("mail root@evil.example", "mail root\\@evil.example")]
    [TestCase("awww.example and a:b", "awww.example and a:b")]
    public void Bare_urls_and_addresses_are_escaped_so_they_are_not_linked(string text, string markdown) =>
        StudentText.MarkdownInline(text).Should().Be(markdown);
}

/// <summary>What a check's message shows on the console: no escape sequence, no line that starts a CI workflow command.</summary>
public sealed class ConsoleTextTests
{
    [Test]
    public void A_message_reaches_the_console_cleaned_and_on_one_line()
    {
        var shown = OmiStack.Reports.Text.StudentText.OneLine("found\n::add-mask::secret\r\n::error::boom \u001b[31mred\u0007");

        shown.Should().Be("found ::add-mask::secret ::error::boom [31mred");
        shown.Split('\n').Should().ContainSingle("no line of it starts with '::'");
    }
}
