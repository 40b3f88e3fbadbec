using OmiStack.Engine;
using OmiStack.Harness.Checks;
using static OmiStack.Reports.Text.StudentText;

namespace OmiStack.Checks.Adapter;

/// <summary>Base of the lessons' NUnit fixtures: one student's run; runs a check and turns its verdict into NUnit's.</summary>
public abstract class CheckFixture(string student)
{
    private StudentRun? _run;
    private string? _openError;

    /// <summary>The fixture argument: a roster student, "target" or "embedded".</summary>
    protected string Student { get; } = student;

    /// <summary>Opens (or joins) the student's run: a bad target or roster entry fails every check with one message.</summary>
    [OneTimeSetUp]
    public async Task OpenRunAsync()
    {
        try
        {
            _run = await FixtureRuns.RunAsync(Student);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _openError = RunPlan.Describe(ex);
        }
    }

    /// <summary>Judges the check (first bringing an embedded lab to the check's stage): pass, fail or inconclusive.</summary>
    protected async Task CheckAsync(string id)
    {
        if (_run is not { } run)
        {
            // The cause is said once, at the end of the run, which then fails.
            Assert.Ignore($"Not judged: {_openError ?? "the grading run is not open."}");
            return;
        }

        var check = run.Catalog.Check(id);
        var lesson = run.Catalog.LessonOf(id);
        if (!run.Grades(lesson))
        {
            Assert.Ignore($"{id} is not graded: the target does not describe {lesson.Id} (no {lesson.TargetSection}).");
        }

        if (run.PastDeadline)
        {
            run.Interrupt($"the run deadline of {run.RunDeadline:hh\\:mm\\:ss} passed (OMISTACK_RUN_SECONDS)");
            run.WriteReports(final: false);
            Assert.Ignore($"{id} was not run: the run deadline of {run.RunDeadline:hh\\:mm\\:ss} passed.");
        }

        var stage = check.Definition.Stage;
        try
        {
            await run.ReachAsync(lesson, stage);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reason = $"stage {stage} could not be reached: {ex.Message}";
            run.Interrupt(reason);
            run.WriteReports(final: false);
            FailWith(reason);
            return;
        }

        run.JudgeStageAhead(lesson, stage);
        var outcome = await run.RunAsync(id);
        var message = OneLine(outcome.Message);
        await TestContext.Out.WriteLineAsync($"{OneLine(run.Target.Student)} {outcome.Check.Id} [{outcome.Score}/{outcome.MaxScore}] {message}");
        switch (outcome.Verdict)
        {
            case Verdict.Pass:
                Assert.Pass(message);
                break;
            case Verdict.Fail:
                FailWith(message);
                break;
            case Verdict.PastStage or Verdict.NotYet:
                Assert.Ignore(message);
                break;
            case Verdict.Inconclusive when !outcome.ByGradingMachine && !run.Options.ManyStudents:
                // The student's lab kept it from being judged (a node down, a key refused): not a pass to
                // hide behind, so the run fails. A roster's gradebook says it for each student instead.
                FailWith(message);
                break;
            default:
                // Skipped, so that dotnet test counts it (NUnit's inconclusive reaches VSTest as no outcome).
                Assert.Ignore(message);
                break;
        }
    }

    /// <summary>
    /// Fails the check with its message and no stack trace: the message is the student's to read, the
    /// grader's frames are noise to them. Recorded as NUnit's own assertions are, without the throw.
    /// </summary>
    private static void FailWith(string message) =>
        NUnit.Framework.Internal.TestExecutionContext.CurrentContext.CurrentResult.RecordAssertion(NUnit.Framework.Interfaces.AssertionStatus.Failed, message);
}
