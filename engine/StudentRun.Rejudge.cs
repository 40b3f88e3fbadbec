namespace OmiStack.Engine;

/// <summary>A student's run judged from recorded evidence: re-judging a run, and the student's own runs handed in.</summary>
public sealed partial class StudentRun
{
    /// <summary>
    /// Re-judging: judges every check the recorded run judged, in its order, each against the lab as the
    /// evidence has it at that check (an embedded lab moved between stages); then writes the reports.
    /// A check that is no longer in the lessons is skipped; one the recorded run did not judge stays "not run".
    /// </summary>
    public async Task RejudgeAsync(CancellationToken cancellationToken = default)
    {
        var source = Session.Evidence.Source ?? throw new InvalidOperationException("This run does not answer from evidence.");
        var known = Catalog.Checks.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var recorded in source.Checks.DistinctBy(c => c.Id).Where(c => known.Contains(c.Id)))
        {
            Session.ReplayEpoch(recorded.Epoch);
            await RunAsync(recorded.Id, cancellationToken).ConfigureAwait(false);
        }

        WriteReports(final: true);
    }

    /// <summary>What the student's own runs handed in gave (null where none were handed in or the run has not read them).</summary>
    public HandedInRuns.Result? HandedIn { get; private set; }

    /// <summary>
    /// Reads the student's own runs handed in with their target (runs/ beside it), if any: after reading the live
    /// lab's environment (the connect's docker info, the swarm), each run is re-judged and compared with it, and the
    /// verdicts it judged at their stage are kept (<see cref="HandedInRuns"/>); a run recorded after the deadline
    /// (OMISTACK_HANDIN_DEADLINE, else this run's start) is refused.
    /// </summary>
    public async Task AcceptHandedInAsync(CancellationToken cancellationToken = default)
    {
        if (EntryError is not null || Session.Evidence.Replays || HandedInRuns.FolderOf(Target) is not { } folder)
        {
            return;
        }

        // Every node's engine id (each node's connect) and the swarm's and Rancher's ids (each lesson's stage).
        await Session.AllNodesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var lesson in Catalog.Lessons.Where(Grades))
        {
            await ReachedAsync(lesson, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            HandedIn = await HandedInRuns.JudgeAsync(folder, Target.Student, Setup, Session.EnvironmentSeen, Setup.Deadline ?? StartedAtUtc, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            HandedIn = new HandedInRuns.Result([], [], [new HandedInRuns.Refusal(HandedInRuns.FolderName, $"the hand-in could not be read: {ex.Message}")]);
        }

        foreach (var (check, verdict) in HandedIn.Kept)
        {
            Timeline.Keep(check, verdict);
        }
    }
}
