using OmiStack.Reports.Markdown;
using OmiStack.Reports.Model;
using OmiStack.Reports.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OmiStack.Reports.Console;

/// <summary>
/// What `dotnet test checks` prints at its end for one student: the table of checks, the score (total
/// and per lesson), the verdict counts, the first thing to fix and where the reports are. Plain text
/// (no colour, no ANSI), greppable.
/// </summary>
public static class ConsoleSummary
{
    /// <summary>The table and the score line.</summary>
    public static string Render(GradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table().Border(TableBorder.Simple).AddColumns("check", "stage", "points", "verdict");
        foreach (var check in report.Checks)
        {
            table.AddRow(Cell(StudentText.Clean(check.Id, 40)), Cell(check.Stage), Cell($"{MarkdownReport.Points(check.Score)}/{MarkdownReport.Points(check.MaxScore)}"), Cell(check.Verdict));
        }

        return $"{Plain(table)}\n{ScoreLine(report)}";
    }

    /// <summary>
    /// The table, the score line, the counts, lines on lessons not graded (<paramref name="notGraded"/>),
    /// the first thing to fix and the reports' paths. Where nothing was judged the cause is left to the
    /// run's failure, said once.
    /// </summary>
    public static string Closing(GradeReport report, string folder, IEnumerable<string> notGraded)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string> { Render(report), CountsLine(report) };
        lines.AddRange(report.Warnings.Select(w => $"Note: {StudentText.Clean(w, 300)}"));
        lines.AddRange(notGraded);
        if (!NothingJudged(report) && FirstToFix(report) is { } next)
        {
            lines.Add(next);
        }

        lines.Add($"Reports: {Path.Combine(folder, "report.md")} and {Path.Combine(folder, "report.html")} (results.json, junit.xml beside them)");
        return string.Join('\n', lines);
    }

    /// <summary>"OmiStack s123: 37 / 60 points (Lesson 1: 30/40, Lesson 2: 7/20)", with why the run was cut short if it was.</summary>
    public static string ScoreLine(GradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lessons = report.Lessons.Count > 1
            ? $" ({string.Join(", ", report.Lessons.Select(l => $"{StudentText.Clean(l.Name, 60)}: {MarkdownReport.Points(l.Score)}/{MarkdownReport.Points(l.MaxScore)}"))})"
            : "";
        var status = report.Incomplete is null ? "" : $" (incomplete: {StudentText.Clean(report.Incomplete, 200)})";
        return $"OmiStack {StudentText.Clean(report.Student, 100)}: {MarkdownReport.Points(report.Score)} / {MarkdownReport.Points(report.MaxScore)} points{lessons}{status}";
    }

    /// <summary>"24 checks: 20 passed, 1 failed, 2 inconclusive, 1 not run": every check counted once.</summary>
    public static string CountsLine(GradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var checks = report.Checks.ToList();
        var counts = new (string Name, int Count)[]
        {
            ("passed", checks.Count(c => c.Verdict == "pass")),
            ("failed", checks.Count(c => c.Verdict == "fail")),
            ("inconclusive", checks.Count(c => c.Verdict == "inconclusive")),
            ("need review", checks.Count(c => c.Verdict == "needs review")),
            ("not yet", checks.Count(c => c.Verdict == "not yet")),
            ("not run", checks.Count(c => c.Verdict == ReportCheck.NotRun)),
        };
        return $"{checks.Count} checks: {string.Join(", ", counts.Where(c => c.Count > 0 || c.Name is "passed" or "failed").Select(c => $"{c.Count} {c.Name}"))}";
    }

    /// <summary>
    /// The first failed check and its hint; with no failure, the first check not yet reached and its hint (the
    /// lesson's next step); else the first inconclusive check and its cause; null when there is nothing to fix.
    /// </summary>
    public static string? FirstToFix(GradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Checks.FirstOrDefault(c => c.Verdict == "fail") is { } failed)
        {
            return $"First to fix: {StudentText.Clean(failed.Id, 40)}: {StudentText.Clean(failed.Hint, 300)}";
        }

        // Mid-lesson: the lesson's next step, before any check that could not be judged.
        if (report.Checks.FirstOrDefault(c => c.Verdict == "not yet") is { } next)
        {
            return $"Next: {StudentText.Clean(next.Id, 40)}: {StudentText.Clean(next.Hint, 300)}";
        }

        return report.Checks.FirstOrDefault(c => c.Verdict == "inconclusive") is { } unjudged
            ? $"{StudentText.Clean(unjudged.Id, 40)}: {StudentText.Clean(unjudged.Message, 300)}"
            : null;
    }

    /// <summary>True when no check of the report was judged (each inconclusive or not run): such a run fails.</summary>
    public static bool NothingJudged(GradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Checks.All(c => c.Verdict is "inconclusive" or ReportCheck.NotRun);
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
