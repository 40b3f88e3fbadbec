using OmiStack.Reports.Markdown;
using OmiStack.Reports.Model;
using OmiStack.Reports.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OmiStack.Reports.Console;

/// <summary>The compact table printed at the end of dotnet test, score last: plain text (no colour, no ANSI), greppable.</summary>
public static class ConsoleSummary
{
    /// <summary>The table text.</summary>
    public static string Render(GradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table().Border(TableBorder.Simple).AddColumns("check", "stage", "points", "verdict");
        foreach (var check in report.Checks)
        {
            table.AddRow(Cell(StudentText.Clean(check.Id, 40)), Cell(check.Stage), Cell($"{MarkdownReport.Points(check.Score)}/{MarkdownReport.Points(check.MaxScore)}"), Cell(check.Verdict));
        }

        var status = report.Incomplete is null ? "" : $" (incomplete: {StudentText.Clean(report.Incomplete, 200)})";
        return $"{Plain(table)}\nOmiStack {StudentText.Clean(report.Student, 100)}: {MarkdownReport.Points(report.Score)} / {MarkdownReport.Points(report.MaxScore)} points{status}";
    }

    /// <summary>A renderable as plain text: no colour, no ANSI escapes, wide enough never to wrap.</summary>
    public static string Plain(IRenderable renderable)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 200;
        console.Write(renderable);
        return string.Join('\n', text.ToString().Split('\n').Select(line => line.TrimEnd())).Trim('\n');
    }

    // Markup would read "[...]" in a student's text as style tags: every cell is plain text.
    private static Spectre.Console.Text Cell(string text) => new(text);
}
