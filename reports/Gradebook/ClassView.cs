using System.Globalization;
using System.Text;
using OmiStack.Reports.Markdown;

namespace OmiStack.Reports.Gradebook;

/// <summary>
/// The instructor's live dashboard on gradebook.html while the rounds of a lab session run: each student's
/// stage now, what changed since the last round, who has made no progress for a while and on which check,
/// and the checks most of the class fails right now. The page reloads itself until the rounds end (a meta
/// refresh: no script, no external resource, the page's CSP unchanged).
/// </summary>
public static class ClassView
{
    /// <summary>A student who made no progress for this long is flagged, unless the run says otherwise.</summary>
    public static readonly TimeSpan DefaultStalledAfter = TimeSpan.FromMinutes(15);

    /// <summary>The head's refresh while rounds go on (a few seconds after the next round is due; 10 s to 10 min); empty once they ended.</summary>
    public static string Refresh(ClassSession session, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.NextAt is not { } next)
        {
            return "";
        }

        var seconds = Math.Clamp((int)Math.Ceiling((next - generatedAt).TotalSeconds) + 5, 10, 600);
        return string.Create(CultureInfo.InvariantCulture, $"<meta http-equiv=\"refresh\" content=\"{seconds}\">");
    }

    /// <summary>The section, or empty where the session has no round.</summary>
    public static string Section(ClassSession session, TimeSpan stalledAfter)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Last is not { } last)
        {
            return "";
        }

        var inv = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        html.AppendLine("<section id=\"class-now\"><h2>The class now</h2>");
        var when = $"Round {last.Number}{(last.Final ? " (final)" : "")} at {last.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
        html.AppendLine(inv, $"<p id=\"round\" data-round=\"{last.Number}\">{E(session.NextAt is { } next ? $"{when}; the next round at {next.UtcDateTime:HH:mm} UTC (this page reloads itself)." : $"{when}: the rounds of the lab session ended.")}</p>");
        html.AppendLine("<table id=\"class\"><thead><tr><th scope=\"col\">student</th><th scope=\"col\">stage now</th><th scope=\"col\">score</th><th scope=\"col\">changed since the last round</th><th scope=\"col\">no progress for</th></tr></thead><tbody>");
        foreach (var (student, now) in last.Students.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var changes = session.ChangedSinceLastRound(student);
            var still = session.NoProgressFor(student);
            var stalled = still >= stalledAfter && still > TimeSpan.Zero;
            var stuck = stalled && session.StuckOn(student) is { } check ? $"{Minutes(still)}, on {check}" : stalled ? Minutes(still) : "–";
            html.Append(inv, $"<tr data-student=\"{E(student, 200)}\" data-stage=\"{E(now.Stage, 300)}\"{(stalled ? " class=\"stalled\"" : "")}>");
            html.Append(inv, $"<td>{E(student, 200)}</td><td>{E(now.Stage, 300)}</td><td class=\"n\">{MarkdownReport.Points(now.Score)} / {MarkdownReport.Points(now.MaxScore)}</td>");
            html.AppendLine(inv, $"<td>{(changes.Count == 0 ? "–" : E(string.Join("; ", changes), 1000))}</td><td>{E(stuck, 200)}</td></tr>");
        }

        html.AppendLine("</tbody></table>");
        html.AppendLine("<h3>Failing for most of the class now</h3>");
        var failing = session.FailingNow();
        if (failing.Count == 0)
        {
            html.AppendLine("<p id=\"failing-now\">No check fails for half the class or more.</p>");
        }
        else
        {
            html.AppendLine("<ul id=\"failing-now\">");
            foreach (var (check, count, students) in failing)
            {
                html.AppendLine(inv, $"<li data-check=\"{E(check, 100)}\">{E(check, 100)}: {count} of {students} students</li>");
            }

            html.AppendLine("</ul>");
        }

        return html.AppendLine("</section>").ToString();
    }

    private static string Minutes(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min");

    private static string E(string text, int max = 2000) => Html.HtmlReport.Encode(text, max);
}
