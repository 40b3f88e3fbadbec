using OmiStack.Harness.Checks;

namespace OmiStack.Checks.Grading;

/// <summary>Base of the lessons' NUnit fixtures: runs a check and turns its verdict into NUnit's.</summary>
public abstract class CheckFixture
{
    /// <summary>The run (opened by the set-up fixture).</summary>
    protected static GradingRun Run => GradingRun.Current ?? throw new InvalidOperationException(GradingRun.StartError ?? "The grading run is not open.");

    /// <summary>Judges the check: pass, fail (the message says what to do) or inconclusive (the cause).</summary>
    protected static async Task CheckAsync(string id)
    {
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
