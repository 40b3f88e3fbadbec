using OmiStack.Harness.Checks;
using OmiStack.Reports;
using OmiStack.Reports.Console;
using OmiStack.Reports.Gradebook;
using OmiStack.Reports.Text;

namespace OmiStack.Engine;

/// <summary>
/// The end of a grading run of a plan: every student's final reports, the score table (one student) or the
/// gradebook (a roster), the runs closed (an embedded lab goes away), and why the run fails, if it does
/// (said once: the host turns it into its own failure, NUnit's or an exit code).
/// </summary>
public static class RunEnd
{
    /// <summary>Closes the runs opened (faulted ones included); returns why the whole run fails, or null.</summary>
    public static async Task<string?> CloseAsync(RunPlan plan, IEnumerable<Task<StudentRun>> opened)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(opened);
        var shown = plan.Shown;
        var runs = new List<StudentRun>();
        var notOpened = new List<string>();
        foreach (var opening in opened)
        {
            try
            {
                runs.Add(await opening.ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                notOpened.Add(RunPlan.Describe(ex));
            }
        }

        string? notJudged = null;
        var closing = new Dictionary<StudentRun, Task>();
        try
        {
            foreach (var run in runs)
            {
                var folder = run.WriteReports(final: true);
                if (runs.Count == 1 && !plan.IsRoster)
                {
                    // The connections close (and an embedded lab goes) while the summary is printed: it reads the
                    // run's report, never the lab.
                    closing[run] = run.DisposeAsync().AsTask();
                    notJudged = await CloseOneAsync(run, folder, shown).ConfigureAwait(false);
                }
            }

            if (plan.RosterError is { } rosterError)
            {
                // Nobody was graded: the gradebook already there (an earlier run of this roster) stays as it is.
                notJudged = $"The roster cannot be used: {rosterError.TrimEnd('.')}.";
                await shown.WriteLineAsync($"omistack: {notJudged}").ConfigureAwait(false);
            }
            else if (plan.IsRoster)
            {
                await WriteGradebookAsync(plan, runs.Count).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var run in runs)
            {
                await (closing.TryGetValue(run, out var disposing) ? disposing : run.DisposeAsync().AsTask()).ConfigureAwait(false);
            }
        }

        // Said once here, not once per check: the run fails (non-zero exit) with the cause, and its
        // reports say so (a grading platform reads results.json even from a run that never started).
        if (notOpened.Count > 0 && !plan.IsRoster)
        {
            var folder = WriteNotStarted(plan.Options, notOpened[0]);
            await shown.WriteLineAsync($"Reports: {Path.Combine(folder, "report.md")} (the run could not start)").ConfigureAwait(false);
            return notOpened[0];
        }

        return notJudged;
    }

    /// <summary>One student's closing lines; why the run fails, where nothing was judged.</summary>
    private static async Task<string?> CloseOneAsync(StudentRun run, string folder, TextWriter shown)
    {
        await shown.WriteLineAsync().ConfigureAwait(false);
        var report = run.LastReport!;
        var notGraded = run.Catalog.Lessons.Where(l => !run.Grades(l))
            .Select(l => $"{l.Title}: not graded, the target has no {l.TargetSection} ({run.Catalog.ChecksOf(l).Count} checks)");
        await shown.WriteLineAsync(ConsoleSummary.Closing(report, folder, notGraded)).ConfigureAwait(false);
        if (ConsoleSummary.NothingJudged(report))
        {
            return $"No check could be judged. {ConsoleSummary.FirstToFix(report) ?? "The run graded no check."}";
        }

        if (LabKeptFromJudging(run) is { } unjudged)
        {
            // Those checks failed in the test run already: said once here, why.
            await shown.WriteLineAsync($"omistack: {unjudged}").ConfigureAwait(false);
        }

        return null;
    }

    private static async Task WriteGradebookAsync(RunPlan plan, int graded)
    {
        var root = plan.Options.ResultsRoot;
        // Exactly the roster's students: other runs from this checkout (a single target, another roster) share the folder.
        var roster = plan.RosterStudents.ToHashSet(StringComparer.Ordinal);
        var rows = GradebookWriter.Collect([root]).Where(r => roster.Contains(r.Student)).ToList();
        // One job summary for the roster (a report per student would pass GitHub's 1 MiB limit).
        // Where the rounds of a lab session ran into this folder, the page keeps their class view (ended).
        GradebookWriter.Write(root, rows, plan.Options.JobSummary, EndedSession(root), ClassView.DefaultStalledAfter);
        await plan.Shown.WriteLineAsync($"omistack: graded {graded} students in this run; gradebook of {rows.Count} in {root} (gradebook.csv, gradebook-moodle.csv, gradebook.md, gradebook.html)").ConfigureAwait(false);
    }

    /// <summary>
    /// Why the run fails though some checks were judged: checks the student's lab kept from being judged
    /// (a node down, a key refused), which a pass elsewhere must not hide behind exit code 0. Checks only this
    /// grading machine could not judge (no IPVS in its kernel, under a local lab) do not fail the run.
    /// </summary>
    private static string? LabKeptFromJudging(StudentRun run)
    {
        var unjudged = run.Outcomes.Where(o => o is { Verdict: Verdict.Inconclusive, ByGradingMachine: false, Counts: true }).ToList();
        return unjudged.Count == 0
            ? null
            : $"{unjudged.Count} {(unjudged.Count == 1 ? "check" : "checks")} could not be judged because of the lab (not this grading machine), so the run fails; the first: {unjudged[0].Check.Id}: {StudentText.OneLine(unjudged[0].Message)}";
    }

    /// <summary>The rounds recorded in the results folder, as ended; none where there were none or the record cannot be read (the gradebook does not depend on it).</summary>
    private static ClassSession EndedSession(string root)
    {
        try
        {
            return ClassSession.Read(root) with { NextAt = null };
        }
        catch (InvalidDataException)
        {
            return ClassSession.None;
        }
    }

    /// <summary>Reports of a run that could not start: no check judged, the cause as the reason it is incomplete.</summary>
    private static string WriteNotStarted(Settings.RunOptions options, string cause)
    {
        var folder = Path.Combine(options.ResultsRoot, "not-started");
        var report = new Reports.Model.GradeReport("(the run could not start)", [], DateTimeOffset.UtcNow, TimeSpan.Zero, cause);
        var results = Reports.Gradescope.GradescopeResults.Empty with { Output = $"The grading run could not start: {cause}" };
        return ReportWriter.Write(folder, report, results, options.JobSummary);
    }
}
