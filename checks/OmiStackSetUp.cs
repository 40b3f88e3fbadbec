using OmiStack.Checks.Grading;
using OmiStack.Fixtures.Engine;
using OmiStack.Harness.Grading;
using OmiStack.Harness.Targets;
using OmiStack.Reports;

namespace OmiStack.Checks;

/// <summary>
/// Opens the grading run before any check (target file or embedded lab) and, after the last one,
/// writes the reports and prints the score table. A bad target or rubric file stops every check
/// with one message.
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
        catch (Exception ex) when (ex is TargetFileException or RubricException or DockerEngineUnavailableException)
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
            var folder = run.WriteReports(final: true);
            await TestContext.Progress.WriteLineAsync();
            await TestContext.Progress.WriteLineAsync(ReportWriter.ConsoleTable(run.LastReport!));
            await TestContext.Progress.WriteLineAsync($"omistack: reports in {folder} ({string.Join(", ", ReportWriter.Files)})");
        }
        finally
        {
            await run.DisposeAsync();
            GradingRun.Current = null;
        }
    }
}
