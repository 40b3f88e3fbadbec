using OmiStack.Reports.Gradescope;
using OmiStack.Reports.Html;
using OmiStack.Reports.JUnit;
using OmiStack.Reports.Markdown;
using OmiStack.Reports.Model;

namespace OmiStack.Reports;

/// <summary>
/// Writes every report of one student into its folder: results.json, report.md, report.html,
/// junit.xml; appends the Markdown to a CI job's summary where the host gives one. Each file is written aside and
/// moved into place, so a reader (or a run killed mid-write) never sees half a file.
/// </summary>
public static class ReportWriter
{
    /// <summary>The file names in a student's folder.</summary>
    public static readonly IReadOnlyList<string> Files = ["results.json", "report.md", "report.html", "junit.xml"];

    /// <summary>Writes the four files, the Markdown appended to <paramref name="summary"/> (null: none); returns the folder.</summary>
    public static string Write(string folder, GradeReport report, GradescopeResults results, JobSummary? summary)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(results);
        Directory.CreateDirectory(folder);
        Atomic(Path.Combine(folder, "results.json"), results.ToJson());
        var markdown = MarkdownReport.Render(report);
        Atomic(Path.Combine(folder, "report.md"), markdown);
        Atomic(Path.Combine(folder, "report.html"), HtmlReport.Render(report));
        var junit = JUnitReport.Render(report);
        Atomic(Path.Combine(folder, "junit.xml"), junit.Declaration + "\n" + junit.Root);
        // A job summary is read on the CI's page, where a link relative to the report's folder leads nowhere.
        summary?.Append(report.CheckPages is { Relative: true } ? MarkdownReport.Render(report with { CheckPages = null }) : markdown);
        return folder;
    }

    /// <summary>
    /// The one way OmiStack writes a report file: written aside and moved into place, so a reader (or
    /// a run killed mid-write) never sees half a file.
    /// </summary>
    public static void Atomic(string path, string text)
    {
        var aside = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(aside, text);
        File.Move(aside, path, overwrite: true);
    }
}
