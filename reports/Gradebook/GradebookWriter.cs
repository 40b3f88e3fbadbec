using System.Globalization;
using System.Text;
using CsvHelper;
using OmiStack.Reports.Gradescope;
using OmiStack.Reports.Markdown;
using OmiStack.Reports.Text;

namespace OmiStack.Reports.Gradebook;

/// <summary>One student's line in a gradebook, from their results.json.</summary>
public sealed record GradebookRow(string Student, GradescopeResults Results)
{
    /// <summary>The folder of the student's results.json (and report.html); null for rows not read from a folder.</summary>
    public string? Folder { get; init; }

    /// <summary>A check's score, or null when the student's results do not list it.</summary>
    public decimal? Score(string checkId) => Results.Tests.FirstOrDefault(t => t.ExtraData.Id == checkId)?.Score;

    /// <summary>The student's total as a percentage of the maximum (0 where there is no maximum).</summary>
    public double Percent => Results.MaxScore == 0 ? 0 : (double)(Results.Score / Results.MaxScore * 100);

    /// <summary>A check's verdict ("pass", "fail", "inconclusive", "needs-review", "not-run").</summary>
    public string Verdict(string checkId) => Results.Tests.FirstOrDefault(t => t.ExtraData.Id == checkId)?.ExtraData.Verdict ?? "not-run";
}

/// <summary>
/// The instructor's gradebook, built from the per-student results.json under one or more results
/// folders (a run, or the shards of a CI matrix): gradebook.csv (one row per student, one column per
/// check and per lesson, total), gradebook-moodle.csv (identifier + grade items, as Moodle's CSV
/// import reads it), gradebook.md (distribution of scores, most failed checks) and gradebook.html
/// (<see cref="GradebookPage"/>: the overview page).
/// </summary>
public static class GradebookWriter
{
    /// <summary>Reads every student's results under the folders; where a student appears twice, the latest judgement wins per check.</summary>
    public static IReadOnlyList<GradebookRow> Collect(IEnumerable<string> resultsRoots)
    {
        ArgumentNullException.ThrowIfNull(resultsRoots);
        var rows = new Dictionary<string, GradescopeResults>(StringComparer.Ordinal);
        var folders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var root in resultsRoots.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(root, "results.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (GradescopeResults.TryRead(file) is not { } results)
                {
                    continue;
                }

                // The id results.json names (the folder's name is only a file-system-safe form of it).
                var student = results.ExtraData?.Student is { Length: > 0 } id ? id : Path.GetFileName(Path.GetDirectoryName(file)!);
                rows[student] = rows.TryGetValue(student, out var earlier) ? Latest(earlier, results) : results;
                folders[student] = Path.GetDirectoryName(Path.GetFullPath(file))!; // the report linked is the last one written there
            }
        }

        return [.. rows.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new GradebookRow(kv.Key, kv.Value) { Folder = folders[kv.Key] })];
    }

    /// <summary>
    /// Writes the four gradebook files into <paramref name="folder"/>; with a <paramref name="jobSummary"/>, also the
    /// roster's summary to the CI job's summary (<see cref="StepSummary"/>).
    /// </summary>
    public static void Write(string folder, IReadOnlyList<GradebookRow> rows, JobSummary? jobSummary = null) =>
        Write(folder, rows, jobSummary, ClassSession.None, ClassView.DefaultStalledAfter);

    /// <summary>As above; gradebook.html also shows the class view of the lab session's rounds in <paramref name="session"/>.</summary>
    public static void Write(string folder, IReadOnlyList<GradebookRow> rows, JobSummary? jobSummary, ClassSession session, TimeSpan stalledAfter)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Directory.CreateDirectory(folder);
        var checks = rows.SelectMany(r => r.Results.Tests.Select(t => (t.ExtraData.Id, Lesson: t.ExtraData.Lesson ?? UnknownLesson))).DistinctBy(c => c.Id).ToList();
        var lessons = checks.Select(c => c.Lesson).Distinct().ToList();
        var shared = SharedEnvironments(rows);

        ReportWriter.Atomic(Path.Combine(folder, "gradebook.csv"), Csv(writer =>
        {
            writer.WriteField("student");
            checks.ForEach(c => writer.WriteField(c.Id));
            lessons.ForEach(l => writer.WriteField(l));
            writer.WriteField("total");
            writer.WriteField("max");
            writer.WriteField("shared environment");
            writer.EndRecord();
            foreach (var row in rows)
            {
                writer.WriteField(StudentText.Clean(row.Student));
                checks.ForEach(c => writer.WriteField(Points(row.Score(c.Id))));
                lessons.ForEach(l => writer.WriteField(Points(checks.Where(c => c.Lesson == l).Sum(c => row.Score(c.Id) ?? 0))));
                writer.WriteField(Points(row.Results.Score));
                writer.WriteField(Points(row.Results.MaxScore));
                writer.WriteField(StudentText.Clean(shared.GetValueOrDefault(row.Student, "")));
                writer.EndRecord();
            }
        }));

        // Moodle's CSV import maps an identifier column to users, then one column per grade item;
        // an unknown user aborts the import, so the identifier is the student id as the roster names it.
        ReportWriter.Atomic(Path.Combine(folder, "gradebook-moodle.csv"), Csv(writer =>
        {
            writer.WriteField("ID number");
            lessons.ForEach(l => writer.WriteField($"OmiStack {l}"));
            writer.WriteField("OmiStack total");
            writer.WriteField("Feedback");
            writer.EndRecord();
            foreach (var row in rows)
            {
                writer.WriteField(StudentText.Clean(row.Student));
                lessons.ForEach(l => writer.WriteField(Points(checks.Where(c => c.Lesson == l).Sum(c => row.Score(c.Id) ?? 0))));
                writer.WriteField(Points(row.Results.Score));
                writer.WriteField(StudentText.Clean(row.Results.Output));
                writer.EndRecord();
            }
        }));

        var ids = checks.Select(c => c.Id).ToList();
        var markdown = Markdown(rows, ids, shared, MostFailedShown);
        ReportWriter.Atomic(Path.Combine(folder, "gradebook.md"), markdown);
        ReportWriter.Atomic(Path.Combine(folder, "gradebook.html"), GradebookPage.Render(rows, ids, shared, Path.GetFullPath(folder), DateTimeOffset.UtcNow, session, stalledAfter));
        if (jobSummary?.File is not null)
        {
            jobSummary.Append(Summary(rows, ids, shared, jobSummary.RunUrl, SummaryBytes));
        }
    }

    /// <summary>
    /// Per student, the other students whose targets reached the same environment, and what matched
    /// ("s1000002: docker engine ×3, swarm cluster 8vq2kd1r…"): the same Docker engine, swarm, registry
    /// certificate, Rancher host or answers file seen in both runs. Students who share nothing are not listed.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SharedEnvironments(IReadOnlyList<GradebookRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var seen = rows
            .SelectMany(r => (r.Results.ExtraData?.Environment ?? new Dictionary<string, IReadOnlyList<string>>())
                .SelectMany(kind => kind.Value.Select(value => (Student: r.Student, Kind: kind.Key, Value: value))))
            .GroupBy(x => (x.Kind, x.Value))
            .Where(g => g.Select(x => x.Student).Distinct(StringComparer.Ordinal).Count() > 1)
            .ToList();
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var student in rows.Select(r => r.Student))
        {
            var withOthers = seen
                .Where(g => g.Any(x => x.Student == student))
                .SelectMany(g => g.Where(x => x.Student != student).Select(x => x.Student).Distinct(StringComparer.Ordinal).Select(other => (Other: other, g.Key.Kind, g.Key.Value)))
                .GroupBy(x => x.Other, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key}: {string.Join(", ", g.GroupBy(x => x.Kind, StringComparer.Ordinal).OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Count() > 1 ? $"{k.Key} ×{k.Count()}" : $"{k.Key} {Short(k.First().Value)}"))}")
                .ToList();
            if (withOthers.Count > 0)
            {
                shared[student] = string.Join("; ", withOthers);
            }
        }

        return shared;
    }

    // A path keeps its end (the file's name tells whose it is), an id its start.
    private static string Short(string value) =>
        value.Length <= 16 ? value : value.Contains('/', StringComparison.Ordinal) ? "…/" + Path.GetFileName(value) : value[..16] + "…";

    /// <summary>
    /// The roster's summary for GITHUB_STEP_SUMMARY, where GitHub drops a summary over 1 MiB: the
    /// gradebook overview (score distribution, each check's pass/fail/inconclusive counts, shared
    /// environments) and as many students as fit in <paramref name="maxBytes"/>; the rest are in the
    /// gradebook artifact, which <paramref name="artifacts"/> (the run's page) points to.
    /// </summary>
    public static string StepSummary(IReadOnlyList<GradebookRow> rows, string? artifacts, int maxBytes = SummaryBytes)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var checks = rows.SelectMany(r => r.Results.Tests.Select(t => t.ExtraData.Id)).Distinct(StringComparer.Ordinal).ToList();
        return Summary(rows, checks, SharedEnvironments(rows), artifacts, maxBytes);
    }

    /// <summary>A job summary's bound, under GitHub's 1 MiB with room for what else a job writes there.</summary>
    private const int SummaryBytes = 900 * 1024;

    /// <summary>How many of the most failed checks gradebook.md lists (the job summary lists every check).</summary>
    private const int MostFailedShown = 10;

    private static string Summary(IReadOnlyList<GradebookRow> rows, List<string> checks, IReadOnlyDictionary<string, string> shared, string? artifacts, int maxBytes)
    {
        var note = artifacts is null
            ? "Per-student reports and the whole gradebook are in the results folder."
            : $"Per-student reports and the whole gradebook (gradebook.csv, gradebook.html) are in the artifacts of this run: {artifacts}";
        return Markdown(rows, checks, shared, checks.Count, maxBytes, note);
    }

    private static string Markdown(IReadOnlyList<GradebookRow> rows, IReadOnlyList<string> checks, IReadOnlyDictionary<string, string> shared, int mostFailed, int maxBytes = int.MaxValue, string? note = null)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("# OmiStack gradebook");
        md.AppendLine();
        md.AppendLine(inv, $"{rows.Count} students.");
        md.AppendLine();
        md.AppendLine("## Distribution of scores");
        md.AppendLine();
        md.AppendLine("| score | students |");
        md.AppendLine("|---|---|");
        foreach (var bucket in Enumerable.Range(0, 5))
        {
            var low = bucket * 20;
            var count = rows.Count(r => r.Percent >= low && (r.Percent < low + 20 || bucket == 4));
            md.AppendLine(inv, $"| {low}–{(bucket == 4 ? 100 : low + 19)} % | {count} {new string('█', count)} |");
        }

        md.AppendLine();
        md.AppendLine("## Most failed checks");
        md.AppendLine();
        md.AppendLine("| check | passed | failed | inconclusive | not run |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var check in checks.OrderByDescending(c => rows.Count(r => r.Verdict(c) == "fail")).ThenBy(c => c, StringComparer.Ordinal).Take(mostFailed))
        {
            md.AppendLine(inv, $"| {StudentText.MarkdownCell(check)} | {rows.Count(r => r.Verdict(check) == "pass")} | {rows.Count(r => r.Verdict(check) == "fail")} | {rows.Count(r => r.Verdict(check) == "inconclusive")} | {rows.Count(r => r.Verdict(check) == "not-run")} |");
        }

        if (shared.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Shared environments");
            md.AppendLine();
            md.AppendLine(inv, $"{shared.Count} students were graded on an environment another student's target also reached (the same Docker engine, swarm, registry certificate, Rancher host or answers file): check that each did their own work.");
            md.AppendLine();
            md.AppendLine("| student | shares with (what matched) |");
            md.AppendLine("|---|---|");
            var written = Encoding.UTF8.GetByteCount(md.ToString());
            foreach (var (student, with) in shared.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (written > maxBytes / 2)
                {
                    md.AppendLine(inv, $"| … | {shared.Count} students in all: see gradebook.csv |");
                    break;
                }

                var line = string.Create(inv, $"| {StudentText.MarkdownCell(student, 100)} | {StudentText.MarkdownCell(with, 1000)} |");
                md.AppendLine(line);
                written += Encoding.UTF8.GetByteCount(line) + Environment.NewLine.Length;
            }
        }

        md.AppendLine();
        md.AppendLine("## Students");
        md.AppendLine();
        md.AppendLine("| student | score | failed | inconclusive |");
        md.AppendLine("|---|---|---|---|");
        var bytes = Encoding.UTF8.GetByteCount(md.ToString());
        var budget = maxBytes - 2048;
        var shown = 0;
        foreach (var row in rows)
        {
            var line = string.Create(inv, $"| {StudentText.MarkdownCell(row.Student, 100)} | {MarkdownReport.Points(row.Results.Score)} / {MarkdownReport.Points(row.Results.MaxScore)} | {string.Join(", ", checks.Where(c => row.Verdict(c) == "fail"))} | {string.Join(", ", checks.Where(c => row.Verdict(c) == "inconclusive"))} |");
            bytes += Encoding.UTF8.GetByteCount(line) + 1;
            if (bytes > budget)
            {
                md.AppendLine(inv, $"| … {rows.Count - shown} more students | | | |");
                break;
            }

            md.AppendLine(line);
            shown++;
        }

        if (note is not null)
        {
            md.AppendLine();
            md.AppendLine(note);
        }

        return md.ToString();
    }

    /// <summary>The lesson column of checks from results written before results.json recorded each check's lesson.</summary>
    private const string UnknownLesson = "other";

    private static string Points(decimal? points) => points is { } p ? MarkdownReport.Points(p) : "";

    /// <summary>CSV by CsvHelper: quoting, and injection escaping (a cell starting with =, +, -, @, tab or CR gets a leading apostrophe, OWASP's advice).</summary>
    private static string Csv(Action<CsvWriter> write)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true))
        {
            write(writer);
        }

        return text.ToString();
    }

    private static GradescopeResults Latest(GradescopeResults a, GradescopeResults b)
    {
        var tests = a.Tests.Concat(b.Tests)
            .GroupBy(t => t.ExtraData.Id)
            .Select(g => g.OrderByDescending(t => t.ExtraData.Verdict != "not-run").ThenByDescending(t => t.ExtraData.JudgedAt, StringComparer.Ordinal).First())
            .ToList();
        return a with { Tests = tests, Score = tests.Sum(t => t.Score), MaxScore = tests.Sum(t => t.MaxScore) };
    }
}
