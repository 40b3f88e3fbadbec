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

    // Judging ahead is the run's, not a caller's: it stops when the run closes (a check started ahead and never asked for,
    // a filtered NUnit run's, is abandoned there), linked to the session's own end.
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(session.Closing);

    /// <summary>
    /// Starts judging the checks of <paramref name="stage"/> now. A check that changes the lab (registry.pull's pull) only
    /// where <paramref name="everyCheckAsked"/> (the host asks for every check anyway: omistack grade, a round); NUnit may
    /// run a filtered subset, where it must run only when asked. A check that disturbs the lab never.
    /// </summary>
    public void Start(ILesson lesson, string stage, bool everyCheckAsked)
    {
        foreach (var check in catalog.ChecksOf(lesson).Where(c => c.Definition.Stage == stage && (everyCheckAsked || !c.ChangesTheLab) && !c.DisturbsTheLab))
        {
            _judging.GetOrAdd(check.Id, _ => Grader.RunAsync(check, session, text, rubric, _stop.Token));
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

    /// <summary>
    /// Stops the judging started ahead and not taken, and waits for it to end, so nothing still reads the session
    /// when it closes.
    /// </summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_judging.Values.Select(j => j.ContinueWith(static _ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        _judging.Clear();
    }
}
