using System.Globalization;
using System.Xml.Linq;
using OmiStack.Reports.Markdown;
using OmiStack.Reports.Model;
using OmiStack.Reports.Text;

namespace OmiStack.Reports.JUnit;

/// <summary>
/// junit.xml: one testsuite per lesson, one testcase per check; failure for fail, skipped for
/// inconclusive and not run; points three ways, since no JUnit reader has a points field: testcase
/// properties (id, points, max points, stage), a "[3/5 pts]" suffix in the name, and system-out.
/// </summary>
public static class JUnitReport
{
    /// <summary>The XML document.</summary>
    public static XDocument Render(GradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var inv = CultureInfo.InvariantCulture;
        var suites = report.Lessons.Select(lesson => new XElement("testsuite",
            new XAttribute("name", Clean(lesson.Name)),
            new XAttribute("tests", lesson.Checks.Count),
            new XAttribute("failures", lesson.Checks.Count(c => c.Verdict == "fail")),
            new XAttribute("errors", 0),
            new XAttribute("skipped", lesson.Checks.Count(c => c.Verdict is "inconclusive" or "needs review" or ReportCheck.NotRun)),
            new XAttribute("time", Seconds(lesson.Checks.Sum(c => c.Duration.TotalSeconds))),
            new XAttribute("timestamp", report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", inv)),
            new XElement("properties",
                Property("student", report.Student),
                Property("score", MarkdownReport.Points(lesson.Score)),
                Property("max_score", MarkdownReport.Points(lesson.MaxScore)),
                Property("complete", report.Incomplete is null ? "true" : "false")),
            lesson.Checks.Select(check => TestCase(lesson.Name, check))));
        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", $"OmiStack {Clean(report.Student)}"),
                new XAttribute("tests", report.Checks.Count()),
                new XAttribute("failures", report.Checks.Count(c => c.Verdict == "fail")),
                new XAttribute("errors", 0),
                new XAttribute("skipped", report.Checks.Count(c => c.Verdict is "inconclusive" or "needs review" or ReportCheck.NotRun)),
                new XAttribute("time", Seconds(report.Duration.TotalSeconds)),
                suites));
    }

    private static XElement TestCase(string lesson, ReportCheck check)
    {
        var points = $"{MarkdownReport.Points(check.Score)}/{MarkdownReport.Points(check.MaxScore)} pts";
        var element = new XElement("testcase",
            new XAttribute("classname", $"omistack.{Clean(lesson)}"),
            new XAttribute("name", $"{Clean(check.Id)} [{points}]"),
            new XAttribute("time", Seconds(check.Duration.TotalSeconds)),
            new XElement("properties",
                Property("id", check.Id),
                Property("points", MarkdownReport.Points(check.Score)),
                Property("max_points", MarkdownReport.Points(check.MaxScore)),
                Property("stage", check.Stage),
                Property("verdict", check.Verdict)));
        switch (check.Verdict)
        {
            case "fail":
                element.Add(new XElement("failure", new XAttribute("message", Clean(check.Message, 500)), new XAttribute("type", "check"), Clean(check.Message) + "\nHint: " + Clean(check.Hint)));
                break;
            case "inconclusive":
                element.Add(new XElement("skipped", new XAttribute("message", "inconclusive: " + Clean(check.Message, 500))));
                break;
            case "needs review":
                element.Add(new XElement("skipped", new XAttribute("message", "needs review: " + Clean(check.Message, 500))));
                break;
            case ReportCheck.NotRun:
                element.Add(new XElement("skipped", new XAttribute("message", "not run")));
                break;
            case "not yet":
                element.Add(new XElement("skipped", new XAttribute("message", "not yet: " + Clean(check.Message, 500))));
                break;
        }

        element.Add(new XElement("system-out", $"{check.Id}: {check.Verdict}, {points}. {Clean(check.Message)}"));
        return element;
    }

    private static XElement Property(string name, string value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", Clean(value, 500)));

    /// <summary>XML 1.0 has no place for control characters: cleaned before System.Xml escapes the rest.</summary>
    private static string Clean(string? text, int max = StudentText.MaxLength) =>
        new([.. StudentText.Clean(text, max).Where(System.Xml.XmlConvert.IsXmlChar)]);

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}
