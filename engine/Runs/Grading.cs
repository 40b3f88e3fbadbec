using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Lessons;

namespace OmiStack.Engine;

/// <summary>A student's run judged whole (a watch round), and a lesson's stage as a run reads it.</summary>
public static class Grading
{
    /// <summary>
    /// Judges every check of the lessons <paramref name="run"/> grades, a stage's checks together (watch mode: one round);
    /// the run's reports are rewritten after it.
    /// </summary>
    public static async Task<IReadOnlyList<CheckOutcome>> GradeAllAsync(this StudentRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var outcomes = new List<CheckOutcome>();
        foreach (var lesson in run.Catalog.Lessons.Where(run.Grades))
        {
            foreach (var stage in lesson.Stages)
            {
                run.JudgeStageAhead(lesson, stage, everyCheckAsked: true);
            }

            foreach (var check in run.Catalog.ChecksOf(lesson))
            {
                outcomes.Add(await run.RunAsync(check.Id, cancellationToken).ConfigureAwait(false));
            }
        }

        return outcomes;
    }

    /// <summary>
    /// The stage a lesson's lab has reached, for a run's reports and its hand-ins; null where it cannot be told (an error
    /// reading the lab is the checks' business, not the report's).
    /// </summary>
    internal static async Task<StageReached?> ReachedOrNullAsync(this ILesson lesson, LabSession session, CancellationToken cancellationToken)
    {
        try
        {
            return await lesson.ReachedAsync(session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
