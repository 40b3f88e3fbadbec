namespace OmiStack.Reports;

/// <summary>
/// A CI job's summary page the reports append to (GitHub Actions' GITHUB_STEP_SUMMARY file), and the job's own page
/// (its artifacts are there); given by the run's host, which reads the CI's variables. <see cref="None"/> outside CI.
/// </summary>
/// <param name="File">The file the Markdown is appended to; null: no summary.</param>
/// <param name="RunUrl">The job run's page; null where it is not known.</param>
public sealed record JobSummary(string? File, string? RunUrl)
{
    /// <summary>No job summary (a student's terminal, a test).</summary>
    public static JobSummary None { get; } = new(null, null);

    /// <summary>GitHub Actions' summary and run page, from the job's variables (GITHUB_STEP_SUMMARY, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID).</summary>
    public static JobSummary FromGitHub(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var url = (variables("GITHUB_SERVER_URL"), variables("GITHUB_REPOSITORY"), variables("GITHUB_RUN_ID")) is ({ Length: > 0 } server, { Length: > 0 } repository, { Length: > 0 } run)
            ? $"{server}/{repository}/actions/runs/{run}"
            : null;
        return new JobSummary(variables("GITHUB_STEP_SUMMARY") is { Length: > 0 } file ? file : null, url);
    }

    /// <summary>Appends Markdown to the summary, where there is one.</summary>
    public void Append(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        if (File is { } file)
        {
            System.IO.File.AppendAllText(file, markdown + "\n");
        }
    }
}
