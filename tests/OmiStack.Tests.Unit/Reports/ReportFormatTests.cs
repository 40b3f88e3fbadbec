using System.Xml.Linq;
using System.Xml.Schema;
using AngleSharp.Html.Parser;
using FluentAssertions;
using OmiStack.Reports.Console;
using OmiStack.Reports.Html;
using OmiStack.Reports.JUnit;
using OmiStack.Reports.Markdown;
using OmiStack.Reports.Text;
using Snapshooter;
using Snapshooter.NUnit;

namespace OmiStack.Tests.Unit.Reports;

/// <summary>Every report format pinned by approved snapshots, for each scenario; hostile text stays text.</summary>
public sealed class ReportFormatTests
{
    private static IEnumerable<string> Scenarios => ReportScenarios.Names;

    [TestCaseSource(nameof(Scenarios))]
    public void Results_json_is_pinned(string scenario) =>
        Snapshot.Match(ReportScenarios.Build(scenario).Results.ToJson(), SnapshotNameExtension.Create(scenario));

    [TestCaseSource(nameof(Scenarios))]
    public void Markdown_report_is_pinned(string scenario) =>
        Snapshot.Match(MarkdownReport.Render(ReportScenarios.Build(scenario).Report), SnapshotNameExtension.Create(scenario));

    [TestCaseSource(nameof(Scenarios))]
    public void Html_report_is_pinned(string scenario) =>
        Snapshot.Match(HtmlReport.Render(ReportScenarios.Build(scenario).Report), SnapshotNameExtension.Create(scenario));

    [TestCaseSource(nameof(Scenarios))]
    public void Junit_xml_is_pinned(string scenario) =>
        Snapshot.Match(JUnitReport.Render(ReportScenarios.Build(scenario).Report).ToString(), SnapshotNameExtension.Create(scenario));

    [TestCaseSource(nameof(Scenarios))]
    public void Console_summary_is_pinned(string scenario) =>
        Snapshot.Match(ConsoleSummary.Closing(ReportScenarios.Build(scenario).Report, "/results/s123456", ["Lesson 2 (Rancher 1.6): not graded, the target has no rancher section (7 checks)"]), SnapshotNameExtension.Create(scenario));

    [TestCaseSource(nameof(Scenarios))]
    public void Console_counts_add_up_to_the_checks_and_only_a_run_without_any_judged_check_is_nothing_judged(string scenario)
    {
        var report = ReportScenarios.Build(scenario).Report;

        var counts = System.Text.RegularExpressions.Regex.Matches(ConsoleSummary.CountsLine(report), @"(\d+) [a-z ]+").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        counts[0].Should().Be(report.Checks.Count());
        counts.Skip(1).Sum().Should().Be(counts[0]);
        ConsoleSummary.NothingJudged(report).Should().Be(scenario == "all-inconclusive");
    }

    [Test]
    public void The_first_thing_to_fix_is_the_first_failed_checks_hint()
    {
        var report = ReportScenarios.Build("mixed").Report;

        ConsoleSummary.FirstToFix(report).Should().Be($"First to fix: swarm.nodes: {report.Checks.First(c => c.Id == "swarm.nodes").Hint}");
    }

    [TestCaseSource(nameof(Scenarios))]
    public void Junit_xml_validates_against_the_junit_schema_with_counts_that_match(string scenario)
    {
        var document = JUnitReport.Render(ReportScenarios.Build(scenario).Report);
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Reports", "junit.xsd"));
        var errors = new List<string>();

        document.Validate(schemas, (_, e) => errors.Add(e.Message));

        errors.Should().BeEmpty();
        foreach (var suite in document.Root!.Elements("testsuite"))
        {
            var cases = suite.Elements("testcase").ToList();
            ((int)suite.Attribute("tests")!).Should().Be(cases.Count);
            ((int)suite.Attribute("failures")!).Should().Be(cases.Count(c => c.Element("failure") is not null));
            ((int)suite.Attribute("skipped")!).Should().Be(cases.Count(c => c.Element("skipped") is not null));
        }

        ((int)document.Root.Attribute("tests")!).Should().Be(document.Descendants("testcase").Count());
    }

    [Test]
    public void Hostile_text_never_becomes_markup_in_the_html_report()
    {
        var html = HtmlReport.Render(ReportScenarios.Build("mixed").Report);
        var dom = new HtmlParser().ParseDocument(html);

        dom.QuerySelectorAll("img, script, iframe, object, embed").Should().BeEmpty();
        dom.QuerySelectorAll("a").Should().BeEmpty();
        dom.All.SelectMany(e => e.Attributes).Select(a => a.Name).Should().NotContain(n => n.StartsWith("on", StringComparison.Ordinal));
        dom.Body!.TextContent.Should().Contain("<img src=x onerror=alert(1)></script>").And.NotContain("\u0007").And.NotContain("\u202E");
    }

    [Test]
    public void Hostile_text_never_becomes_markup_in_the_markdown_report()
    {
        var markdown = MarkdownReport.Render(ReportScenarios.Build("mixed").Report);
        var dom = new HtmlParser().ParseDocument(Markdig.Markdown.ToHtml(markdown, Markdig.MarkdownExtensions.UseAdvancedExtensions(new Markdig.MarkdownPipelineBuilder()).Build()));

        dom.QuerySelectorAll("img, script, iframe").Should().BeEmpty();
        dom.QuerySelectorAll("a").Should().BeEmpty();
        dom.Body!.TextContent.Should().Contain("<img src=x onerror=alert(1)>").And.Contain("[click](javascript:alert(3))");
    }

    [Test]
    public void Long_texts_are_cut_with_a_marker()
    {
        StudentText.Clean(new string('x', 5000)).Should().HaveLength(StudentText.MaxLength + StudentText.CutMarker.Length).And.EndWith(StudentText.CutMarker);
    }

    [Test]
    public void The_html_report_is_self_contained()
    {
        var dom = new HtmlParser().ParseDocument(HtmlReport.Render(ReportScenarios.Build("mixed").Report));

        dom.QuerySelectorAll("link, script, img, iframe").Should().BeEmpty();
        dom.QuerySelectorAll("style").Should().ContainSingle().Which.TextContent.Should().NotContain("url(").And.NotContain("@import");
    }

    [Test]
    public void Verdicts_read_without_colour()
    {
        var text = new HtmlParser().ParseDocument(HtmlReport.Render(ReportScenarios.Build("mixed").Report)).Body!.TextContent;

        text.Should().Contain("pass").And.Contain("fail").And.Contain("inconclusive");
    }

    [Test]
    public void A_cut_short_run_says_it_is_incomplete_and_lists_what_was_not_run()
    {
        var (report, _) = ReportScenarios.Build("cut-short");
        var markdown = MarkdownReport.Render(report);

        markdown.Should().Contain("**Incomplete run:** stage ghost could not be reached");
        report.Checks.Count(c => c.Verdict == "not run").Should().Be(10);
        XDocument.Parse(JUnitReport.Render(report).ToString()).Descendants("skipped").Count(s => (string?)s.Attribute("message") == "not run").Should().Be(10);
    }

    [Test]
    public void Partial_credit_earns_a_share_of_the_points_and_says_so()
    {
        var nodes = ReportScenarios.Build("mixed").Report.Checks.Single(c => c.Id == "swarm.nodes");

        nodes.Score.Should().Be(6.5m);
        nodes.Message.Should().EndWith("Partial credit: 2 of 3 parts.");
    }
}
