using OmiStack.Checks.Grading;
using OmiStack.Reports;
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
        foreach (var opening in GradingRuns.Opened)
        {
            try
            {
                runs.Add(await opening);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // It never opened: its fixture's checks already failed with the cause.
            }
        }

        try
        {
            foreach (var run in runs)
            {
                var folder = run.WriteReports(final: true);
                if (runs.Count == 1)
                {
                    await TestContext.Progress.WriteLineAsync();
                    await TestContext.Progress.WriteLineAsync(ReportWriter.ConsoleTable(run.LastReport!));
                    await TestContext.Progress.WriteLineAsync($"omistack: reports in {folder} ({string.Join(", ", ReportWriter.Files)})");
                }
            }

            if (GradingRuns.IsRoster)
            {
                var root = TargetSelection.ResultsRoot();
                var rows = GradebookWriter.Collect([root]);
                GradebookWriter.Write(root, rows);
                await TestContext.Progress.WriteLineAsync($"omistack: graded {runs.Count} students in this run; gradebook of {rows.Count} in {root} (gradebook.csv, gradebook-moodle.csv, gradebook.md, gradebook.html)");
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
