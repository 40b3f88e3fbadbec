namespace OmiStack.Engine;

/// <summary>A student's run judged again from recorded evidence, with the current checks and rubric, reaching no lab.</summary>
public static class Rejudging
{
    /// <summary>
    /// Judges every check the recorded run judged, in its order, each against the lab as the evidence has it at that
    /// check (an embedded lab moved between stages); then writes the reports. A check that is no longer in the lessons is
    /// skipped; one the recorded run did not judge stays "not run".
    /// </summary>
    public static async Task RejudgeAsync(this StudentRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var source = run.Session.Evidence.Source ?? throw new InvalidOperationException("This run does not answer from evidence.");
        var known = run.Catalog.Checks.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var recorded in source.Checks.DistinctBy(c => c.Id).Where(c => known.Contains(c.Id)))
        {
            run.Session.ReplayEpoch(recorded.Epoch);
            await run.RunAsync(recorded.Id, cancellationToken).ConfigureAwait(false);
        }

        run.WriteReports(final: true);
    }
}
