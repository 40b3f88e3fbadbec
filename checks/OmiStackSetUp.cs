using OmiStack.Checks.Grading;
using OmiStack.Reports;
using OmiStack.Reports.Console;
using OmiStack.Reports.Gradebook;

namespace OmiStack.Checks;

/// <summary>
/// After the last check of the session: writes every student's final reports, prints the score
/// table (one student) or the gradebook summary (a roster), writes the gradebook from every
/// student's results under the results folder, and closes the runs (the embedded lab goes away).
/// </summary>
[SetUpFixture]
public sealed class OmiStackSetUp
{
    [OneTimeTearDown]
    public async Task CloseRuns()
    {
        var runs = new List<GradingRun>();
        var notOpened = new List<string>();
        foreach (var opening in GradingRuns.Opened)
        {
            try
            {
                runs.Add(await opening);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                notOpened.Add(GradingRuns.Describe(ex));
            }
        }

        string? notJudged = null;
        try
        {
            foreach (var run in runs)
            {
                var folder = run.WriteReports(final: true);
                if (runs.Count == 1 && !GradingRuns.IsRoster)
                {
                    await GradingRuns.Shown.WriteLineAsync();
                    var report = run.LastReport!;
                    var notGraded = run.Catalog.Lessons.Where(l => !run.Grades(l))
                        .Select(l => $"{l.Title}: not graded, the target has no {l.TargetSection} ({l.Checks.Count} checks)");
                    await GradingRuns.Shown.WriteLineAsync(ConsoleSummary.Closing(report, folder, notGraded));
                    if (ConsoleSummary.NothingJudged(report))
                    {
                        notJudged = $"No check could be judged. {ConsoleSummary.FirstToFix(report) ?? "The run graded no check."}";
                    }
                    else if (LabKeptFromJudging(run) is { } unjudged)
                    {
                        // Those checks failed in the test run already: said once here, why.
                        await GradingRuns.Shown.WriteLineAsync($"omistack: {unjudged}");
                    }
                }
            }

            if (GradingRuns.RosterError is { } rosterError)
            {
                // Nobody was graded: the gradebook already there (an earlier run of this roster) stays as it is.
                notJudged = $"The roster cannot be used: {rosterError.TrimEnd('.')}.";
                await GradingRuns.Shown.WriteLineAsync($"omistack: {notJudged}");
            }
            else if (GradingRuns.IsRoster)
            {
                var root = TargetSelection.ResultsRoot();
                // Exactly the roster's students: other runs from this checkout (a single target, another roster) share the folder.
                var roster = GradingRuns.RosterStudents.ToHashSet(StringComparer.Ordinal);
                var rows = GradebookWriter.Collect([root]).Where(r => roster.Contains(r.Student)).ToList();
                // One job summary for the roster (a report per student would pass GitHub's 1 MiB limit).
                // Where the rounds of a lab session ran into this folder, the page keeps their class view (ended).
                GradebookWriter.Write(root, rows, appendStepSummary: true, EndedSession(root), ClassView.DefaultStalledAfter);
                await GradingRuns.Shown.WriteLineAsync($"omistack: graded {runs.Count} students in this run; gradebook of {rows.Count} in {root} (gradebook.csv, gradebook-moodle.csv, gradebook.md, gradebook.html)");
            }
        }
        finally
        {
            foreach (var run in runs)
            {
                await run.DisposeAsync();
            }

            GradingRuns.Clear();
            WriteLoadedAssemblies();
        }

        // Said once here, not once per check: the run fails (non-zero exit) with the cause, and its
        // reports say so (a grading platform reads results.json even from a run that never started).
        if (notOpened.Count > 0 && !GradingRuns.IsRoster)
        {
            var folder = WriteNotStarted(notOpened[0]);
            await GradingRuns.Shown.WriteLineAsync($"Reports: {Path.Combine(folder, "report.md")} (the run could not start)");
            Assert.Fail(notOpened[0]);
        }

        if (notJudged is not null)
        {
            Assert.Fail(notJudged);
        }
    }

    /// <summary>
    /// Why the run fails though some checks were judged: checks the student's lab kept from being judged
    /// (a node down, a key refused), which a pass elsewhere must not hide behind exit code 0. Checks only this
    /// grading machine could not judge (no IPVS in its kernel, under a local lab) do not fail the run.
    /// </summary>
    private static string? LabKeptFromJudging(GradingRun run)
    {
        var unjudged = run.Outcomes.Where(o => o is { Verdict: Harness.Checks.Verdict.Inconclusive, ByGradingMachine: false, Counts: true }).ToList();
        return unjudged.Count == 0
            ? null
            : $"{unjudged.Count} {(unjudged.Count == 1 ? "check" : "checks")} could not be judged because of the lab (not this grading machine), so the run fails; the first: {unjudged[0].Check.Id}: {CheckFixture.OneLine(unjudged[0].Message)}";
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
    private static string WriteNotStarted(string cause)
    {
        var folder = Path.Combine(TargetSelection.ResultsRoot(), "not-started");
        var report = new Reports.Model.GradeReport("(the run could not start)", [], DateTimeOffset.UtcNow, TimeSpan.Zero, cause);
        var results = Reports.Gradescope.GradescopeResults.Empty with { Output = $"The grading run could not start: {cause}" };
        return ReportWriter.Write(folder, report, results, appendStepSummary: true);
    }

    /// <summary>
    /// Diagnostics: with OMISTACK_LOADED_ASSEMBLIES naming a file, the names of the assemblies this run
    /// loaded go there, one a line (a student's run against their VMs must load no lab fixtures).
    /// </summary>
    private static void WriteLoadedAssemblies()
    {
        if (RunSettings.Get("OMISTACK_LOADED_ASSEMBLIES") is { } file)
        {
            File.WriteAllLines(RunSettings.FullPath(file), AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "").Order(StringComparer.Ordinal));
        }
    }
}
