using ConsoleTables;
using OmiStack.Reports.Markdown;
using OmiStack.Reports.Model;
using OmiStack.Reports.Text;

namespace OmiStack.Reports.Console;

/// <summary>The compact table printed at the end of dotnet test, score last.</summary>
public static class ConsoleSummary
{
    /// <summary>The table text.</summary>
    public static string Render(GradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new ConsoleTable("check", "stage", "points", "verdict");
        foreach (var check in report.Checks)
        {
            table.AddRow(Hostile.Clean(check.Id, 40), check.Stage, $"{MarkdownReport.Points(check.Score)}/{MarkdownReport.Points(check.MaxScore)}", check.Verdict);
        }

        var text = table.ToMinimalString();
        var status = report.Incomplete is null ? "" : $" (incomplete: {Hostile.Clean(report.Incomplete, 200)})";
        return $"{text}\nOmiStack {Hostile.Clean(report.Student, 100)}: {MarkdownReport.Points(report.Score)} / {MarkdownReport.Points(report.MaxScore)} points{status}";
    }
}
