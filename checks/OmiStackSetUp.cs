using OmiStack.Checks.Grading;
using OmiStack.Fixtures.Engine;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Targets;

namespace OmiStack.Checks;

/// <summary>
/// Opens the grading run before any check (target file or embedded lab) and, after the last one,
/// writes results.json and prints the score. A bad target file stops every check with one message.
/// </summary>
[SetUpFixture]
public sealed class OmiStackSetUp
{
    [OneTimeSetUp]
    public async Task OpenRun()
    {
        try
        {
            GradingRun.Current = await GradingRun.StartAsync(TargetSelection.Find(), TestContext.Progress);
        }
        catch (Exception ex) when (ex is TargetFileException or DockerEngineUnavailableException)
        {
            GradingRun.StartError = ex.Message;
            Assert.Fail(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not the student's file and not a missing engine: say what failed, without a stack trace.
            GradingRun.StartError = $"The grading run could not start: {ex.GetType().Name}: {ex.Message}";
            Assert.Fail(GradingRun.StartError);
        }
    }

    [OneTimeTearDown]
    public async Task CloseRun()
    {
        if (GradingRun.Current is not { } run)
        {
            return;
        }

        try
        {
            var path = run.WriteResults();
            var outcomes = run.Outcomes;
            await TestContext.Progress.WriteLineAsync();
            foreach (var outcome in outcomes)
            {
                await TestContext.Progress.WriteLineAsync($"  {outcome.Check.Id,-18} {outcome.Verdict.ToString().ToLowerInvariant(),-13} {outcome.Score,3}/{outcome.MaxScore}");
            }

            await TestContext.Progress.WriteLineAsync($"omistack: {run.Target.Student}: {outcomes.Sum(o => o.Score)}/{outcomes.Sum(o => o.MaxScore)} points in this run ({outcomes.Count(o => o.Verdict == Verdict.Pass)} passed, {outcomes.Count(o => o.Verdict == Verdict.Fail)} failed, {outcomes.Count(o => o.Verdict == Verdict.Inconclusive)} inconclusive); results: {path}");
        }
        finally
        {
            await run.DisposeAsync();
            GradingRun.Current = null;
        }
    }
}
