using OmiStack.Harness.Checks;

namespace OmiStack.Checks.Grading;

/// <summary>Base of the lessons' NUnit fixtures: runs a check and turns its verdict into NUnit's.</summary>
public abstract class CheckFixture
{
    /// <summary>The run (opened by the set-up fixture).</summary>
    protected static GradingRun Run => GradingRun.Current ?? throw new InvalidOperationException(GradingRun.StartError ?? "The grading run is not open.");

    /// <summary>
    /// Brings the lab to a stage (embedded default only). If that fails, the run is marked
    /// incomplete with the cause, and the stage's checks are not run.
    /// </summary>
    protected static async Task ReachAsync(Fixtures.Lesson1.Lesson1Stage stage)
    {
        try
        {
            await Run.ReachAsync(stage);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reason = $"stage {stage.ToString().ToLowerInvariant()} could not be reached: {ex.Message}";
            Run.Interrupt(reason);
            Run.WriteReports(final: false);
            Assert.Fail(reason);
        }
    }

    /// <summary>Judges the check: pass, fail (the message says what to do) or inconclusive (the cause).</summary>
    protected static async Task CheckAsync(string id)
    {
        if (Run.PastDeadline)
        {
            Run.Interrupt($"the run deadline of {Run.RunDeadline:hh\\:mm\\:ss} passed (OMISTACK_RUN_SECONDS)");
            Run.WriteReports(final: false);
            Assert.Inconclusive($"{id} was not run: the run deadline of {Run.RunDeadline:hh\\:mm\\:ss} passed.");
        }

        var outcome = await Run.RunAsync(id);
        await TestContext.Out.WriteLineAsync($"{outcome.Check.Id} [{outcome.Score}/{outcome.MaxScore}] {outcome.Message}");
        switch (outcome.Verdict)
        {
            case Verdict.Pass:
                Assert.Pass(outcome.Message);
                break;
            case Verdict.Fail:
                Assert.Fail(outcome.Message);
                break;
            default:
                Assert.Inconclusive(outcome.Message);
                break;
        }
    }
}
