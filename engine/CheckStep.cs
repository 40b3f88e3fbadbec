using OmiStack.Harness.Checks;
using static OmiStack.Reports.Text.StudentText;

namespace OmiStack.Engine;

/// <summary>How a host counts one check of a run: passed, failed (the run fails), or skipped (not judged, not yet, past its stage).</summary>
public enum StepResult
{
    /// <summary>The check passed.</summary>
    Passed,

    /// <summary>The check failed, or the student's lab kept it from being judged (a pass elsewhere must not hide it).</summary>
    Failed,

    /// <summary>Not counted for or against: not graded, not yet, past its stage, or only this grading machine could not judge it.</summary>
    Skipped,
}

/// <summary>One check of a run as a host shows it (NUnit's outcome, the grade command's line): the result, the one-line message, the outcome where judged.</summary>
public sealed record CheckStep(string Id, StepResult Result, string Message, CheckOutcome? Outcome)
{
    /// <summary>A check of a run that could not open: not judged, the cause said once at the run's end.</summary>
    public static CheckStep NotOpened(string id, string? openError) =>
        new(id, StepResult.Skipped, $"Not judged: {openError ?? "the grading run is not open."}", null);

    /// <summary>The line a host prints as the check ends ("s1 swarm.docker [5/5] Passed: …").</summary>
    public string Line(string student) => Outcome is { } outcome ? $"{OneLine(student)} {outcome.Check.Id} [{outcome.Score}/{outcome.MaxScore}] {Message}" : $"{OneLine(student)} {Id}: {Message}";
}

/// <content>One check as a host runs it: the stage reached first, the stage's checks judged ahead, the verdict counted.</content>
public sealed partial class StudentRun
{
    /// <summary>
    /// Runs check <paramref name="id"/> as `dotnet test checks` and `omistack grade` both do: skipped where its lesson
    /// is not graded or the run's deadline passed; else its stage reached (the embedded default moves its lab), the
    /// stage's other checks judged beside it, and its verdict counted (a lab that kept it from being judged fails).
    /// <paramref name="everyCheckAsked"/>: the host asks for every check of the run (<see cref="JudgeStageAhead"/>).
    /// </summary>
    public async Task<CheckStep> StepAsync(string id, bool everyCheckAsked = false, CancellationToken cancellationToken = default)
    {
        if (Catalog.LeftOut(id) is { OptIn: { } optIn })
        {
            return new CheckStep(id, StepResult.Skipped, $"{id} is not part of this run: {optIn.What} is off ({optIn.Setting} turns it on).", null);
        }

        var check = Catalog.Check(id);
        var lesson = Catalog.LessonOf(id);
        if (!Grades(lesson))
        {
            return new CheckStep(id, StepResult.Skipped, $"{id} is not graded: the target does not describe {lesson.Id} (no {lesson.TargetSection}).", null);
        }

        if (PastDeadline)
        {
            Interrupt($"the run deadline of {RunDeadline:hh\\:mm\\:ss} passed (OMISTACK_RUN_SECONDS)");
            WriteReports(final: false);
            return new CheckStep(id, StepResult.Skipped, $"{id} was not run: the run deadline of {RunDeadline:hh\\:mm\\:ss} passed.", null);
        }

        var stage = check.Definition.Stage;
        try
        {
            await ReachAsync(lesson, stage, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reason = $"stage {stage} could not be reached: {ex.Message}";
            Interrupt(reason);
            WriteReports(final: false);
            return new CheckStep(id, StepResult.Failed, reason, null);
        }

        JudgeStageAhead(lesson, stage, everyCheckAsked);
        var outcome = await RunAsync(id, cancellationToken).ConfigureAwait(false);
        var result = outcome.Verdict switch
        {
            Verdict.Pass => StepResult.Passed,
            Verdict.Fail => StepResult.Failed,
            Verdict.PastStage or Verdict.NotYet => StepResult.Skipped,
            // The student's lab kept it from being judged (a node down, a key refused): not a pass to hide
            // behind, so the run fails. A roster's gradebook says it for each student instead.
            Verdict.Inconclusive when !outcome.ByGradingMachine && !Options.ManyStudents => StepResult.Failed,
            _ => StepResult.Skipped,
        };
        return new CheckStep(id, result, OneLine(outcome.Message), outcome);
    }
}
