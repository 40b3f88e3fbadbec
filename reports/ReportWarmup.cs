using OmiStack.Reports.Console;
using OmiStack.Reports.Gradescope;
using OmiStack.Reports.Html;
using OmiStack.Reports.JUnit;
using OmiStack.Reports.Markdown;
using OmiStack.Reports.Model;

namespace OmiStack.Reports;

/// <summary>
/// Renders a one-check report to strings and throws them away: the renderers' first use (type loading, static
/// set-up, the console table's layout) then happens where a grade has a core to spare, at its start while the nodes
/// are being reached, instead of in the run's first report and its closing summary, where the grade's CPU is short
/// (measured in docs/benchmarks.md). Writes nothing.
/// </summary>
public static class ReportWarmup
{
    /// <summary>Renders once; never throws (a warm-up that fails leaves the real renders to do the work).</summary>
    public static void Run()
    {
        try
        {
            var check = new ReportCheck("warm.up", "warm-up", "setup", "Warm-up", "pass", 1, 1, true, "Passed.", "", TimeSpan.Zero);
            var report = new GradeReport("warm-up", [new ReportLesson("warm-up", 1, [check])], DateTimeOffset.UtcNow, TimeSpan.Zero, null);
            _ = ConsoleSummary.Closing(report, "warm-up", []);
            _ = MarkdownReport.Render(report);
            _ = HtmlReport.Render(report);
            _ = JUnitReport.Render(report).ToString();
            _ = GradescopeResults.Empty.ToJson();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or NullReferenceException or IndexOutOfRangeException)
        {
            // Nothing to do: the run's own renders report any real problem.
        }
    }
}
