using System.Globalization;
using System.Text;
using OmiStack.Reports.Model;
using OmiStack.Reports.Text;

namespace OmiStack.Reports.Markdown;

/// <summary>report.md, for the student: score, a table per lesson, then each failed or inconclusive check with message and hint.</summary>
public static class MarkdownReport
{
    /// <summary>The Markdown text.</summary>
    public static string Render(GradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine(inv, $"# OmiStack report: {StudentText.MarkdownCell(report.Student, 200)}");
        md.AppendLine();
        md.AppendLine(inv, $"**Score: {Points(report.Score)} / {Points(report.MaxScore)}**");
        md.AppendLine();
        if (report.Incomplete?.TrimEnd('.') is { } why)
        {
            md.AppendLine(inv, $"> **Incomplete run:** {StudentText.MarkdownCell(why)}. Checks marked *not run* were not judged.");
            md.AppendLine();
        }

        foreach (var warning in report.Warnings)
        {
            md.AppendLine(inv, $"> **Note:** {StudentText.MarkdownCell(warning)}");
            md.AppendLine();
        }

        foreach (var lesson in report.Lessons)
        {
            md.AppendLine(inv, $"## {StudentText.MarkdownCell(lesson.Name, 200)}: {Points(lesson.Score)} / {Points(lesson.MaxScore)}{(lesson.Weight != 1 ? $" (weight {lesson.Weight.ToString(inv)})" : "")}");
            md.AppendLine();
            if (lesson.Reached is { } reached)
            {
                md.AppendLine(inv, $"Stage reached: {StudentText.MarkdownCell(reached, 300)}.");
                md.AppendLine();
            }

            md.AppendLine("| check | stage | points | verdict |");
            md.AppendLine("|---|---|---|---|");
            foreach (var check in lesson.Checks)
            {
                md.AppendLine(inv, $"| {StudentText.MarkdownCell(check.Id, 100)} | {StudentText.MarkdownCell(check.Stage, 50)} | {Points(check.Score)} / {Points(check.MaxScore)}{(check.Counts ? "" : " (does not count)")} | {Verdict(check.Verdict)} |");
            }

            md.AppendLine();
        }

        var attention = report.Checks.Where(c => c.NeedsAttention).ToList();
        if (attention.Count > 0)
        {
            md.AppendLine("## What to do");
            md.AppendLine();
            foreach (var check in attention)
            {
                md.AppendLine(inv, $"### {StudentText.MarkdownCell(check.Id, 100)}: {Verdict(check.Verdict)}");
                md.AppendLine();
                md.AppendLine(StudentText.MarkdownCell(check.Message));
                md.AppendLine();
                if (!check.Message.Contains(check.Hint, StringComparison.Ordinal))
                {
                    md.AppendLine(inv, $"Hint: {StudentText.MarkdownCell(check.Hint)}");
                    md.AppendLine();
                }

                md.AppendLine(MoreOn(report.CheckPages, check.Id));
                md.AppendLine();
            }
        }

        md.AppendLine(inv, $"Generated {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC in {report.Duration.TotalSeconds:0.0} s.");
        return md.ToString();
    }

    /// <summary>The line that sends the reader to the check's page: a link where the report knows one, else the page's path in OmiStack's repository.</summary>
    private static string MoreOn(CheckPageLinks? pages, string id) => pages is null
        ? $"More on this check, its usual failures and their fixes: {CheckPageLinks.PagesFolder}/{StudentText.MarkdownCell(id, 100)}.md in OmiStack's repository."
        : $"More on this check, its usual failures and their fixes: [{StudentText.MarkdownCell(id, 100)}](<{pages.For(id)}>)";

    /// <summary>A verdict as a word with a symbol (in common fonts): readable without colour.</summary>
    public static string Verdict(string verdict) => verdict switch
    {
        "pass" => "✓ pass",
        "fail" => "✗ fail",
        "inconclusive" => "⚠ inconclusive",
        "needs review" => "? needs review",
        "not yet" => "… not yet",
        _ => "– not run",
    };

    /// <summary>Points without trailing zeros.</summary>
    public static string Points(decimal points) => points.ToString("0.##", CultureInfo.InvariantCulture);
}
