using System.CommandLine;
using OmiStack.Engine;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;

namespace OmiStack.Cli;

/// <summary>
/// `omistack grade`: the grading of `dotnet test checks` without the test host. The same plan (the target, a
/// roster, or the embedded default), each check through the same engine step (stages, judging ahead, "not
/// yet"), the same reports, evidence, console summary and exit code: 0 unless a check failed or the run could not
/// grade. Options stand for the settings of the same name (OMISTACK_TARGET, OMISTACK_ROSTER, OMISTACK_RESULTS_DIR).
/// </summary>
internal static class GradeCommand
{
    /// <summary>Where the reports go unless told: beside the user, not beside the tool.</summary>
    public const string DefaultResults = "omistack-results";

    public static Command Build()
    {
        var target = new Option<FileInfo?>("--target") { Description = "the target file (default: OMISTACK_TARGET, else ./omistack.yaml, else the embedded default lab)" };
        var roster = new Option<string?>("--roster") { Description = "a roster: a folder of target files or a roster file (OMISTACK_ROSTER)" };
        var results = new Option<DirectoryInfo?>("--results") { Description = "where the reports go (OMISTACK_RESULTS_DIR; default ./omistack-results)" };
        var command = new Command("grade", "Grade your lab (or a roster) as `dotnet test checks` does, without the test host: the same reports and exit code.") { target, roster, results };
        command.Validators.Add(result =>
        {
            if (result.GetValue(target) is not null && result.GetValue(roster) is not null)
            {
                result.AddError("Give --target or --roster, not both.");
            }
        });
        command.SetAction((parse, ct) =>
        {
            // The environment's settings with the command's options on top; results in ./omistack-results where the user
            // runs it unless told (a tool has no test project's TestResults). The labs are named in this lambda's body
            // only: grading a student's target loads no fixture.
            var plan = RunPlan.FromSettings(
                CliSettings.Source(),
                Path.GetFullPath(DefaultResults),
                options =>
                {
                    options = parse.GetValue(target) is { } file ? options with { Target = file.FullName, Roster = null, Shard = null }
                        : parse.GetValue(roster) is { } r ? options with { Roster = Path.GetFullPath(r), Target = null }
                        : options;
                    return parse.GetValue(results) is { } dir ? options with { ResultsRoot = dir.FullName } : options;
                },
                CliSettings.Catalog,
                () => Fixtures.Embedded.EmbeddedLabs.Course,
                Console.Out);
            return GradeAsync(plan, Console.Out, ct);
        });
        return command;
    }

    /// <summary>Grades <paramref name="plan"/>; the exit code.</summary>
    public static async Task<int> GradeAsync(RunPlan plan, TextWriter shown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // The renderers' first use on the core the start leaves idle, not in the run's first report and closing summary.
        _ = Task.Run(Reports.ReportWarmup.Run, CancellationToken.None);
        try
        {
            _ = plan.Keys;
        }
        catch (Exception ex) when (ex is SettingException or TargetFileException or RubricException)
        {
            await Console.Error.WriteLineAsync($"omistack grade: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        var opened = plan.Keys.Select(plan.OpenAsync).ToList();
        var failed = 0;
        foreach (var opening in opened)
        {
            StudentRun? run = null;
            string? openError = null;
            try
            {
                run = await opening.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                openError = RunPlan.Describe(ex);
            }

            foreach (var check in plan.Catalog.Checks)
            {
                var step = run is null ? CheckStep.NotOpened(check.Id, openError) : await run.StepAsync(check.Id, everyCheckAsked: true, cancellationToken).ConfigureAwait(false);
                failed += step.Result == StepResult.Failed ? 1 : 0;
                if (step.Outcome is not null)
                {
                    await shown.WriteLineAsync($"{Mark(step.Result)} {step.Line(run!.Target.Student)}").ConfigureAwait(false);
                }
            }
        }

        var failure = await RunEnd.CloseAsync(plan, opened).ConfigureAwait(false);
        if (failure is not null)
        {
            await Console.Error.WriteLineAsync($"omistack grade: {failure}").ConfigureAwait(false);
        }

        return failure is not null || failed > 0 ? 1 : 0;
    }

    private static string Mark(StepResult result) => result switch
    {
        StepResult.Passed => "pass",
        StepResult.Failed => "FAIL",
        _ => "skip",
    };
}
