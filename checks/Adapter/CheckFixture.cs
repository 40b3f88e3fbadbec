using OmiStack.Engine;

namespace OmiStack.Checks.Adapter;

/// <summary>Base of the lessons' NUnit fixtures: one student's run (opened by <paramref name="open"/>); runs a check and turns its verdict into NUnit's.</summary>
public abstract class CheckFixture(string student, Func<string, Task<StudentRun>> open)
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
            _run = await open(Student);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _openError = RunPlan.Describe(ex);
        }
    }

    /// <summary>Runs one check through the engine (<see cref="StudentRun.StepAsync"/>) and reports its result as NUnit's.</summary>
    protected async Task CheckAsync(string id)
    {
        var step = _run is { } run ? await run.StepAsync(id) : CheckStep.NotOpened(id, _openError);
        if (step.Outcome is not null)
        {
            await TestContext.Out.WriteLineAsync(step.Line(_run!.Target.Student));
        }

        switch (step.Result)
        {
            case StepResult.Passed:
                Assert.Pass(step.Message);
                break;
            case StepResult.Failed:
                FailWith(step.Message);
                break;
            default:
                // Skipped, so that dotnet test counts it (NUnit's inconclusive reaches VSTest as no outcome).
                Assert.Ignore(step.Message);
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
