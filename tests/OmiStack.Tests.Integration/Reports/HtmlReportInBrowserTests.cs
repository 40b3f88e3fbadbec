using AngleSharp.Html.Parser;
using FluentAssertions;
using OmiStack.Lessons.Lesson1;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;
using OmiStack.Reports.Html;
using OmiStack.Reports.Model;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Reports;

/// <summary>report.html as a browser renders it: headless Chromium (Debian's chromium, installed by the set-up where missing).</summary>
[Category("Browser")]
public sealed class HtmlReportInBrowserTests : LaneFixture
{
    private const string Payload = "<img src=x onerror=alert(1)></script><script>alert(2)</script> <a href=\"javascript:alert(3)\">x</a> =HYPERLINK(\"http://evil.example\",\"x\")";

    [Test]
    public async Task The_rendered_page_shows_the_score_and_a_failed_checks_message_and_no_hostile_markup()
    {
        Browser.RequireChromium();

        var folder = Path.Combine(Browser.ArtifactsFolder(), "html-report");
        Directory.CreateDirectory(folder);
        var page = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(page, HtmlReport.Render(Report()));

        var dom = await Browser.ChromiumAsync(folder, "--dump-dom", $"file://{page}");
        await Browser.ChromiumAsync(folder, $"--screenshot={Path.Combine(folder, "report.png")}", "--window-size=1200,1800", $"file://{page}");

        var document = new HtmlParser().ParseDocument(dom);
        var text = document.Body!.TextContent;
        text.Should().Contain("Score: 70 / 85");
        text.Should().Contain("Expected service ghost-blog, replicated, image ghost, 3/3 running, publishing port 80 to 2368");
        text.Should().Contain("<img src=x onerror=alert(1)>").And.Contain("=HYPERLINK(");
        document.QuerySelectorAll("img, script, iframe, a").Should().BeEmpty();
        File.Exists(Path.Combine(folder, "report.png")).Should().BeTrue();
        new FileInfo(Path.Combine(folder, "report.png")).Length.Should().BeGreaterThan(10_000);
    }

    private static GradeReport Report()
    {
        var target = new Target
        {
            Student = "s123456",
            Ssh = new SshTarget { User = "ubuntu", IdentityFile = "k" },
            Nodes = [new NodeTarget { Name = "dockernode1", Address = "a" }, new NodeTarget { Name = "dockernode2", Address = "b" }],
            Registry = new RegistryTarget { Host = "omistack-vm123.e-technik.uni-ulm.de", Node = "dockernode1" },
        };
        var text = Lesson1Checks.TextFor(target);
        var outcomes = Lesson1Checks.All.Select(c => CheckOutcome.From(
            c.Definition,
            c.Id == "ghost.mesh" ? Judgement.Inconclusive("the kernel of dockernode1 has no IPVS") : c.Id == "ghost.service" ? Judgement.Fail($"publishes 8080→2368; {Payload}") : Judgement.Pass("as the lesson asks"),
            text,
            TimeSpan.FromMilliseconds(5),
            DateTimeOffset.UtcNow)).ToList();
        return GradeReport.Build(target.Student, Outcomes.Scored(Lesson1Checks.All.Select(c => c.Definition), Rubric.Default), outcomes, text, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(2), null);
    }
}
