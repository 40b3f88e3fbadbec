using System.Collections.Concurrent;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Scoring;

namespace OmiStack.Engine.Runs;

/// <summary>
/// A run's checks judged ahead of being asked for: a stage's checks wait on the network together rather than one after
/// another (NUnit asks for them in order). Each judged once, taken by the step that asks for it.
/// </summary>
internal sealed class JudgedAhead(LessonCatalog catalog, LabSession session, CheckContextText text, Rubric rubric)
{
    private readonly ConcurrentDictionary<string, Task<CheckOutcome>> _judging = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts judging the checks of <paramref name="stage"/> now. A check that changes the lab (registry.pull's pull) only
    /// where <paramref name="everyCheckAsked"/> (the host asks for every check anyway: omistack grade, a round); NUnit may
    /// run a filtered subset, where it must run only when asked. A check that disturbs the lab never.
    /// </summary>
    public void Start(ILesson lesson, string stage, bool everyCheckAsked)
    {
        foreach (var check in catalog.ChecksOf(lesson).Where(c => c.Definition.Stage == stage && (everyCheckAsked || !c.ChangesTheLab) && !c.DisturbsTheLab))
        {
            _judging.GetOrAdd(check.Id, _ => Grader.RunAsync(check, session, text, rubric));
        }
    }

    /// <summary>The check's outcome: the judging started ahead, else judged now.</summary>
    public async Task<CheckOutcome> TakeAsync(Check check, CancellationToken cancellationToken)
    {
        if (check.DisturbsTheLab)
        {
            // What the other checks of its lesson look at must be read before the probe disturbs it.
            var lesson = catalog.LessonOf(check.Id);
            await Task.WhenAll(_judging.Where(a => catalog.LessonOf(a.Key) == lesson).Select(a => a.Value.ContinueWith(static _ => { }, TaskScheduler.Default))).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return _judging.TryRemove(check.Id, out var judging)
            ? await judging.WaitAsync(cancellationToken).ConfigureAwait(false)
            : await Grader.RunAsync(check, session, text, rubric, cancellationToken).ConfigureAwait(false);
    }
}
