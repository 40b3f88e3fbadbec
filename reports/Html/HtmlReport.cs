using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using OmiStack.Reports.Markdown;
using OmiStack.Reports.Model;
using OmiStack.Reports.Text;

namespace OmiStack.Reports.Html;

/// <summary>
/// report.html: one self-contained file (inline CSS, no scripts, fonts or links to fetch), readable
/// and printable; each verdict shows as colour plus a word. Every text is HTML-encoded.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b;line-height:1.45}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem}
        .score{font-size:1.4rem;font-weight:700;margin:.5rem 0 1rem}
        .incomplete{border:2px solid #b35900;background:#fff4e5;padding:.6rem .9rem;border-radius:6px}
        table{border-collapse:collapse;width:100%}th,td{border:1px solid #c9c9c9;padding:.35rem .55rem;text-align:left;vertical-align:top}
        th{background:#f1f1f1}td.points{white-space:nowrap;text-align:right}
        .v{display:inline-block;min-width:8.5rem;white-space:nowrap;padding:.1rem .45rem;border-radius:4px;font-weight:700;border:1px solid}
        .v-pass{background:#e6f4ea;color:#0b5d1e;border-color:#0b5d1e}.v-fail{background:#fde7e9;color:#8a1020;border-color:#8a1020}
        .v-inconclusive{background:#fff4e5;color:#7a3e00;border-color:#7a3e00}.v-needs-review{background:#e8eefc;color:#1a3a8a;border-color:#1a3a8a}.v-not-run{background:#eeeeee;color:#444;border-color:#777}
        .detail{border-left:4px solid #8a1020;padding:.2rem .9rem;margin:1rem 0}.detail.inconclusive{border-color:#7a3e00}
        .message,.hint{white-space:pre-wrap;overflow-wrap:anywhere}.hint{color:#333}
        footer{margin-top:2rem;color:#555;font-size:.9rem}
        details{margin:.3rem 0}summary{cursor:pointer}details ol{font-size:.85rem}details code{overflow-wrap:anywhere}.answer{white-space:pre-wrap;overflow-wrap:anywhere;color:#333}
        @media print{body{margin:0;max-width:none}.v{border-width:2px}a{color:inherit}}
        """;

    /// <summary>The HTML text.</summary>
    public static string Render(GradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var inv = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        html.AppendLine(inv, $"<title>OmiStack report: {E(report.Student, 200)}</title>");
        html.AppendLine(inv, $"<style>{Style}</style></head><body>");
        html.AppendLine(inv, $"<h1>OmiStack report: {E(report.Student, 200)}</h1>");
        html.AppendLine(inv, $"<p class=\"score\" id=\"score\">Score: {MarkdownReport.Points(report.Score)} / {MarkdownReport.Points(report.MaxScore)}</p>");
        if (report.Incomplete?.TrimEnd('.') is { } why)
        {
            html.AppendLine(inv, $"<p class=\"incomplete\" role=\"alert\"><strong>Incomplete run:</strong> {E(why)}. Checks marked “not run” were not judged.</p>");
        }

        foreach (var warning in report.Warnings)
        {
            html.AppendLine(inv, $"<p class=\"incomplete\" role=\"note\"><strong>Note:</strong> {E(warning)}</p>");
        }

        foreach (var lesson in report.Lessons)
        {
            html.AppendLine(inv, $"<h2>{E(lesson.Name, 200)}: {MarkdownReport.Points(lesson.Score)} / {MarkdownReport.Points(lesson.MaxScore)}{(lesson.Weight != 1 ? $" (weight {lesson.Weight.ToString(inv)})" : "")}</h2>");
            if (lesson.Reached is { } reached)
            {
                html.AppendLine(inv, $"<p class=\"reached\">Stage reached: {E(reached, 300)}.</p>");
            }

            html.AppendLine("<table><thead><tr><th scope=\"col\">check</th><th scope=\"col\">what is expected</th><th scope=\"col\">stage</th><th scope=\"col\">points</th><th scope=\"col\">verdict</th></tr></thead><tbody>");
            foreach (var check in lesson.Checks)
            {
                html.AppendLine(inv, $"<tr><td>{E(check.Id, 100)}</td><td>{E(check.Title, 300)}</td><td>{E(check.Stage, 50)}</td><td class=\"points\">{MarkdownReport.Points(check.Score)} / {MarkdownReport.Points(check.MaxScore)}{(check.Counts ? "" : " (does not count)")}</td><td>{Badge(check.Verdict)}</td></tr>");
            }

            html.AppendLine("</tbody></table>");
        }

        var attention = report.Checks.Where(c => c.NeedsAttention).ToList();
        if (attention.Count > 0)
        {
            html.AppendLine("<h2>What to do</h2>");
            foreach (var check in attention)
            {
                html.AppendLine(inv, $"<section class=\"detail {E(check.Verdict.Replace(' ', '-'), 20)}\"><h3>{E(check.Id, 100)} {Badge(check.Verdict)}</h3>");
                var hint = check.Message.Contains(check.Hint, StringComparison.Ordinal) ? "" : $"<p class=\"hint\"><strong>Hint:</strong> {E(check.Hint)}</p>";
                var more = report.CheckPages is { } pages
                    ? $"<p class=\"more\">More on this check, its usual failures and their fixes: <a href=\"{E(pages.For(check.Id), 2000)}\">{E(check.Id, 100)}</a></p>"
                    : $"<p class=\"more\">More on this check, its usual failures and their fixes: {CheckPageLinks.PagesFolder}/{E(check.Id, 100)}.md in OmiStack's repository.</p>";
                html.AppendLine(inv, $"<p class=\"message\">{E(check.Message)}</p>{hint}{more}</section>");
            }
        }

        AppendEvidence(html, report);
        html.AppendLine(inv, $"<footer>Generated {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC in {report.Duration.TotalSeconds:0.0} s by OmiStack.</footer>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    /// <summary>The most of one answer shown (evidence.json holds all of it).</summary>
    public const int ShownAnswer = 600;

    /// <summary>Each check's evidence, folded: what was asked of the lab, when, and the start of each answer.</summary>
    private static void AppendEvidence(StringBuilder html, GradeReport report)
    {
        if (report.Evidence.Count == 0)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        html.AppendLine("<h2>Evidence</h2><p>What the lab answered, behind each verdict (all of it is in evidence.json beside this report).</p>");
        foreach (var check in report.Checks.Where(c => report.Evidence.ContainsKey(c.Id)))
        {
            var answers = report.Evidence[check.Id];
            html.AppendLine(inv, $"<details id=\"evidence-{E(check.Id, 100)}\"><summary>{E(check.Id, 100)} {Badge(check.Verdict)}: {answers.Count} answer{(answers.Count == 1 ? "" : "s")}</summary><ol>");
            foreach (var answer in answers)
            {
                html.AppendLine(inv, $"<li><code>{E(answer.Kind, 20)} {E(answer.Key, 300)}</code> at {answer.At.UtcDateTime:HH:mm:ss.fff} UTC<div class=\"answer\">{E(answer.Answer, ShownAnswer)}</div></li>");
            }

            html.AppendLine("</ol></details>");
        }
    }

    private static string Badge(string verdict) =>
        $"<span class=\"v v-{verdict.Replace(' ', '-')}\">{E(MarkdownReport.Verdict(verdict), 40)}</span>";

    private static string E(string? text, int max = StudentText.MaxLength) => Encode(text, max);

    /// <summary>A student's text for HTML: cleaned (control characters, length) and encoded; the one way both report pages write text.</summary>
    internal static string Encode(string? text, int max = StudentText.MaxLength) => HtmlEncoder.Default.Encode(StudentText.Clean(text, max));
}
