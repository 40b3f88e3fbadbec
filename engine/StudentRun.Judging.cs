using OmiStack.Harness.Checks;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Lessons;
using static OmiStack.Reports.Text.StudentText;

namespace OmiStack.Engine;

/// <content>
/// Judging a check, the one way every host does it (NUnit, omistack grade, a watch round, a round of the lab session, an
/// autograder, a re-judge, a hand-in): its stage reached, its stage's checks judged ahead, and its outcome made in one
/// order after the judge.
/// </content>
public sealed partial class StudentRun
{
    /// <summary>
    /// Runs check <paramref name="id"/>: skipped where it is an opt-in check this run leaves out, its lesson is not
    /// graded or the run's deadline passed; else its stage reached (the embedded default moves its lab), the stage's
    /// other checks judged beside it, and its verdict counted (a lab that kept it from being judged fails).
    /// <paramref name="everyCheckAsked"/>: the host asks for every check of the run (<see cref="JudgeStageAhead"/>).
    /// </summary>
    public async Task<CheckStep> StepAsync(string id, bool everyCheckAsked = false, CancellationToken cancellationToken = default)
    {
        if (Catalog.LeftOut(id) is { OptIn: { } optIn })
        {
            return new CheckStep(id, StepResult.Skipped, $"{id} is not part of this run: {optIn.What} is off ({optIn.Setting} turns it on).", null);
        }

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

        var stage = Catalog.Check(id).Definition.Stage;
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

    /// <summary>
    /// Judges one check and makes its outcome, in this order: the judgement (scored by the rubric, written as the
    /// student's message: <see cref="Harness.Scoring.Outcomes"/>); the stage the lesson's lab has reached; the verdict kept
    /// from a run at the check's stage, or "not yet" before it (<see cref="StudentTimeline"/>); the instructor's override.
    /// The outcome is recorded (a check the lab is past keeps the verdict of the run at its stage) and the reports are
    /// rewritten soon.
    /// </summary>
    public async Task<CheckOutcome> RunAsync(string id, CancellationToken cancellationToken = default)
    {
        var check = Catalog.Check(id);
        var lesson = Catalog.LessonOf(id);
        var outcome = EntryError is { } error
            ? Harness.Scoring.Outcomes.Judged(Harness.Scoring.Outcomes.Scored(check.Definition, Rubric), Judgement.Inconclusive($"the roster entry cannot be used: {error}"), Text, TimeSpan.Zero, Options.Time.GetUtcNow())
            : await _ahead.TakeAsync(check, cancellationToken).ConfigureAwait(false);
        if (EntryError is null)
        {
            var reached = await lesson.ReachedOrNullAsync(Session, cancellationToken).ConfigureAwait(false);
            if (reached is not null)
            {
                _ledger.Reach(lesson.Id, reached.ToString());
            }

            outcome = Timeline.Judged(outcome, lesson, reached, Text, Session.Evidence.Mode == EvidenceMode.Record ? Archive.Name : null);
        }

        outcome = Setup.Overrides.Apply(Target.Student, outcome);
        Timeline.Record(outcome);
        _ledger.Judged(outcome);
        _reports.WriteSoon();
        return outcome;
    }

    /// <summary>
    /// Starts judging the other checks of <paramref name="stage"/> now, beside the one asked for (only for a lab as it
    /// stands: an embedded lab moves between stages). Each is recorded only when asked for.
    /// </summary>
    public void JudgeStageAhead(ILesson lesson, string stage, bool everyCheckAsked = false)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        if (!_labs.Any && EntryError is null)
        {
            _ahead.Start(lesson, stage, everyCheckAsked);
        }
    }
}
