using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OmiStack.Reports.Markdown;
using OmiStack.Reports.Text;

namespace OmiStack.Reports.Gradebook;

/// <summary>
/// gradebook.html, the instructor's overview of a roster: the score distribution as a chart, each
/// check's pass / fail / inconclusive / not-run counts (what the class struggled with), the students
/// in a table that sorts by any column, each linking to their report, and the flags that call for a
/// look (an incomplete run, inconclusive checks, an instructor's override, a shared environment). One self-contained file:
/// inline CSS and SVG, one inline script (allowed by its hash and nothing else), nothing fetched;
/// every count is written as a number beside its bar, so it reads without colour and prints.
/// </summary>
public static class GradebookPage
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b;line-height:1.45}
        h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}
        table{border-collapse:collapse;width:100%}th,td{border:1px solid #c9c9c9;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f1f1f1}td.n{text-align:right;white-space:nowrap}
        th button{font:inherit;font-weight:700;background:none;border:0;padding:0;cursor:pointer;text-align:left}
        th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
        .flag{display:inline-block;border:1px solid #7a3e00;color:#7a3e00;border-radius:4px;padding:0 .35rem;margin:0 .2rem .1rem 0;font-size:.85rem}
        svg text{font-size:12px;fill:#1b1b1b}.bar{fill:#3d6db5}.seg-pass{fill:#2e7d32}.seg-fail{fill:#b3261e}.seg-inconclusive{fill:#b36b00}.seg-needs-review{fill:#3d6db5}.seg-not-run{fill:#9e9e9e}.seg-not-yet{fill:#c9b458}
        tr.stalled td{background:#fff4e5}
        footer{margin-top:2rem;color:#555;font-size:.9rem}
        @media print{body{margin:0;max-width:none}th button::after{content:""}a{color:inherit}}
        """;

    // Sorts the students' table by a header's column: numbers by value, text by the browser's collation.
    private const string Script = """
        document.querySelectorAll('table.sortable th button').forEach(function (button) {
          button.addEventListener('click', function () {
            var th = button.parentElement, table = th.closest('table'), body = table.tBodies[0];
            var index = Array.prototype.indexOf.call(th.parentElement.children, th);
            var descending = th.getAttribute('aria-sort') === 'ascending';
            table.querySelectorAll('th').forEach(function (other) { other.removeAttribute('aria-sort'); });
            th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
            var numeric = th.dataset.type === 'number';
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = a.cells[index].dataset.value, y = b.cells[index].dataset.value;
              var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
              return descending ? -order : order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          });
        });
        // A link may name a sorted view: gradebook.html#sort=1-desc is the students by score, highest first.
        var wanted = /^#sort=(\d+)(-desc)?$/.exec(location.hash);
        var headers = document.querySelectorAll('table.sortable th button');
        if (wanted && headers[+wanted[1]]) {
          headers[+wanted[1]].click();
          if (wanted[2]) { headers[+wanted[1]].click(); }
        }
        document.documentElement.dataset.sortable = 'ready';
        """;

    /// <summary>The score bins of the chart: 0–9 %, 10–19 %, …, 90–100 %.</summary>
    public const int Bins = 10;

    /// <summary>
    /// The page for <paramref name="rows"/>, written into <paramref name="folder"/> (links to each
    /// student's report.html are relative to it); <paramref name="checks"/> in column order;
    /// <paramref name="shared"/> as <see cref="GradebookWriter.SharedEnvironments"/> gives it.
    /// </summary>
    public static string Render(IReadOnlyList<GradebookRow> rows, IReadOnlyList<string> checks, IReadOnlyDictionary<string, string> shared, string folder, DateTimeOffset generatedAt) =>
        Render(rows, checks, shared, folder, generatedAt, ClassSession.None, ClassView.DefaultStalledAfter);

    /// <summary>As the page above, with the class view of a lab session's rounds (<see cref="ClassView"/>) under the overview.</summary>
    public static string Render(IReadOnlyList<GradebookRow> rows, IReadOnlyList<string> checks, IReadOnlyDictionary<string, string> shared, string folder, DateTimeOffset generatedAt, ClassSession session, TimeSpan stalledAfter)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(shared);
        var inv = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script)));
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine(inv, $"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'\">");
        html.Append(ClassView.Refresh(session, generatedAt));
        html.AppendLine(inv, $"<title>OmiStack gradebook: {rows.Count} students</title><style>{Style}</style></head><body>");
        html.AppendLine(inv, $"<h1>OmiStack gradebook: {rows.Count} students</h1>");
        var flagged = rows.Count(r => Flags(r, shared).Count > 0);
        html.AppendLine(inv, $"<p id=\"overview\">Median score {Median(rows):0.#} %. {flagged} of {rows.Count} students flagged for a look (see the Flags column).</p>");

        html.Append(ClassView.Section(session, stalledAfter));
        html.AppendLine("<h2>Score distribution</h2>");
        html.AppendLine(Histogram(rows));

        html.AppendLine("<h2>Checks: what the class struggled with</h2>");
        // "not yet" only during the lesson (rounds, students' own runs): a final gradebook has no such column.
        var verdicts = rows.Any(r => checks.Any(c => r.Verdict(c) == NotYet)) ? [.. Verdicts, NotYet] : Verdicts;
        html.Append("<table id=\"checks\"><thead><tr><th scope=\"col\">check</th><th scope=\"col\">pass</th><th scope=\"col\">fail</th><th scope=\"col\">inconclusive</th><th scope=\"col\">needs review</th><th scope=\"col\">not run</th>");
        html.AppendLine(verdicts.Count > Verdicts.Count ? "<th scope=\"col\">not yet</th><th scope=\"col\">share of students</th></tr></thead><tbody>" : "<th scope=\"col\">share of students</th></tr></thead><tbody>");
        foreach (var check in checks)
        {
            var counts = verdicts.ToDictionary(v => v, v => rows.Count(r => r.Verdict(check) == v));
            html.Append(inv, $"<tr data-check=\"{E(check, 100)}\"><td>{E(check, 100)}</td>");
            foreach (var verdict in verdicts)
            {
                html.Append(inv, $"<td class=\"n\" data-verdict=\"{verdict}\" data-count=\"{counts[verdict]}\">{counts[verdict]} ({Share(counts[verdict], rows.Count)})</td>");
            }

            html.AppendLine(inv, $"<td>{Stacked(counts, rows.Count)}</td></tr>");
        }

        html.AppendLine("</tbody></table>");
        html.AppendLine(verdicts.Count > Verdicts.Count
            ? "<p>Each bar shows, left to right: pass (green), fail (red), inconclusive (orange), needs review (blue), not run (grey), not yet (yellow); the columns give the same as numbers.</p>"
            : "<p>Each bar shows, left to right: pass (green), fail (red), inconclusive (orange), needs review (blue), not run (grey); the columns give the same as numbers.</p>");

        html.AppendLine("<h2>Students</h2>");
        html.AppendLine("<p>Select a column's name to sort by it (again: the other way). A link can name a sorted view: <code>gradebook.html#sort=1-desc</code> lists the students by score, highest first.</p>");
        html.Append("<table id=\"students\" class=\"sortable\"><thead><tr><th scope=\"col\"><button type=\"button\">student</button></th><th scope=\"col\" data-type=\"number\"><button type=\"button\">score</button></th><th scope=\"col\" data-type=\"number\"><button type=\"button\">%</button></th>");
        foreach (var check in checks)
        {
            html.Append(inv, $"<th scope=\"col\"><button type=\"button\">{E(check, 100)}</button></th>");
        }

        html.AppendLine("<th scope=\"col\"><button type=\"button\">flags</button></th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            var percent = row.Percent;
            var report = row.Folder is { } f && File.Exists(Path.Combine(f, "report.html")) ? Path.GetRelativePath(folder, Path.Combine(f, "report.html")).Replace('\\', '/') : null;
            var name = report is null ? E(row.Student, 200) : $"<a href=\"{E(Uri.EscapeDataString(report).Replace("%2F", "/", StringComparison.Ordinal), 2000)}\">{E(row.Student, 200)}</a>";
            html.Append(inv, $"<tr data-student=\"{E(row.Student, 200)}\"><td data-value=\"{E(row.Student, 200)}\">{name}</td>");
            html.Append(inv, $"<td class=\"n\" data-value=\"{row.Results.Score.ToString(inv)}\">{MarkdownReport.Points(row.Results.Score)} / {MarkdownReport.Points(row.Results.MaxScore)}</td>");
            html.Append(inv, $"<td class=\"n\" data-value=\"{percent.ToString("0.##", inv)}\">{percent:0.#}</td>");
            foreach (var check in checks)
            {
                var verdict = row.Verdict(check);
                html.Append(inv, $"<td data-value=\"{verdict}\">{MarkdownReport.Verdict(verdict.Replace('-', ' '))}</td>");
            }

            var flags = Flags(row, shared);
            html.AppendLine(inv, $"<td data-value=\"{flags.Count}\">{string.Concat(flags.Select(f => $"<span class=\"flag\">{E(f, 600)}</span>"))}</td></tr>");
        }

        html.AppendLine("</tbody></table>");
        html.AppendLine(inv, $"<footer>Generated {generatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC by OmiStack. gradebook.csv holds the same grades for a spreadsheet; gradebook-moodle.csv for Moodle's import.</footer>");
        html.AppendLine(inv, $"<script>{Script}</script>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    /// <summary>The verdicts counted per check, in the table's order.</summary>
    public static readonly IReadOnlyList<string> Verdicts = ["pass", "fail", "inconclusive", "needs-review", "not-run"];

    /// <summary>The verdict of a check whose stage the lab had not reached, in a run during the lesson.</summary>
    public const string NotYet = "not-yet";

    /// <summary>How many students fall in each score bin (0–9 %, …, 90–100 %).</summary>
    public static int[] Distribution(IReadOnlyList<GradebookRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var bins = new int[Bins];
        foreach (var row in rows)
        {
            bins[Math.Clamp((int)Math.Floor(row.Percent / (100.0 / Bins)), 0, Bins - 1)]++;
        }

        return bins;
    }

    /// <summary>Why a student's row calls for a look: an incomplete run, inconclusive checks, overridden checks, a shared environment.</summary>
    public static IReadOnlyList<string> Flags(GradebookRow row, IReadOnlyDictionary<string, string> shared)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(shared);
        var flags = new List<string>();
        if (row.Results.Output.StartsWith("Incomplete", StringComparison.Ordinal))
        {
            flags.Add("incomplete run");
        }

        var inconclusive = row.Results.Tests.Count(t => t.ExtraData.Verdict == "inconclusive");
        if (inconclusive > 0)
        {
            flags.Add($"{inconclusive} inconclusive");
        }

        foreach (var overridden in row.Results.Tests.Where(t => t.ExtraData.Override is not null))
        {
            flags.Add($"overridden: {overridden.ExtraData.Id} ({overridden.ExtraData.Override})");
        }

        if (shared.TryGetValue(row.Student, out var with))
        {
            flags.Add($"shared environment: {with}");
        }

        var rejudged = row.Results.Tests.Count(t => t.Output.Contains(", re-judged, the lab at the ", StringComparison.Ordinal));
        if (rejudged > 0)
        {
            flags.Add($"{rejudged} from the student's own runs, re-judged");
        }

        if (row.Results.ExtraData?.HandedIn is { } handedIn && handedIn.Contains(" refused: ", StringComparison.Ordinal))
        {
            flags.Add(handedIn);
        }

        return flags;
    }

    private static string Histogram(IReadOnlyList<GradebookRow> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        var bins = Distribution(rows);
        const int Width = 640, Height = 220, Top = 20, Bottom = 40, Left = 30;
        var slot = (Width - Left) / Bins;
        var highest = Math.Max(1, bins.Max());
        var svg = new StringBuilder();
        svg.Append(inv, $"<svg id=\"distribution\" role=\"img\" aria-labelledby=\"distribution-title\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(inv, $"<title id=\"distribution-title\">Students per score range: {string.Join(", ", bins.Select((n, i) => $"{Range(i)} %: {n}"))}</title>");
        svg.Append(inv, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width}\" y2=\"{Height - Bottom}\" stroke=\"#1b1b1b\"/>");
        for (var i = 0; i < Bins; i++)
        {
            var h = (double)bins[i] / highest * (Height - Top - Bottom);
            var x = Left + (i * slot) + 4;
            var y = Height - Bottom - h;
            svg.Append(inv, $"<rect class=\"bar\" data-bin=\"{Range(i)}\" data-count=\"{bins[i]}\" x=\"{x}\" y=\"{y:0.#}\" width=\"{slot - 8}\" height=\"{h:0.#}\"><title>{Range(i)} %: {bins[i]} students</title></rect>");
            svg.Append(inv, $"<text x=\"{x + ((slot - 8) / 2)}\" y=\"{y - 4:0.#}\" text-anchor=\"middle\">{bins[i]}</text>");
            svg.Append(inv, $"<text x=\"{x + ((slot - 8) / 2)}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Range(i)}</text>");
        }

        svg.Append(inv, $"<text x=\"{Left + ((Width - Left) / 2)}\" y=\"{Height - 6}\" text-anchor=\"middle\">score (%)</text></svg>");
        return svg.ToString();
    }

    private static string Stacked(Dictionary<string, int> counts, int students)
    {
        var inv = CultureInfo.InvariantCulture;
        const int Width = 200;
        var svg = new StringBuilder($"<svg width=\"{Width}\" height=\"14\" aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\">");
        double x = 0;
        foreach (var verdict in counts.Keys)
        {
            var w = students == 0 ? 0 : (double)counts[verdict] / students * Width;
            svg.Append(inv, $"<rect class=\"seg-{verdict}\" x=\"{x:0.##}\" y=\"0\" width=\"{w:0.##}\" height=\"14\"/>");
            x += w;
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Range(int bin) => bin == Bins - 1 ? $"{bin * 10}–100" : $"{bin * 10}–{(bin * 10) + 9}";

    private static string Share(int count, int total) => total == 0 ? "0 %" : $"{Math.Round(100.0 * count / total):0} %";

    private static double Median(IReadOnlyList<GradebookRow> rows) =>
        rows.Count == 0 ? 0 : rows.Select(r => r.Percent).Order().ElementAt(rows.Count / 2);

    private static string E(string? text, int max = StudentText.MaxLength) => Html.HtmlReport.Encode(text, max);
}
