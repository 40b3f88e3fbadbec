using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Waiting;

namespace OmiStack.Harness.Checks;

/// <summary>
/// Runs checks against a session: each under the check bound, every error turned into an
/// inconclusive verdict with its cause (never a crash, never a pass).
/// </summary>
public static class Grader
{
    /// <summary>Runs one check.</summary>
    public static async Task<CheckOutcome> RunAsync(Check check, LabSession session, CheckContextText text, CancellationToken cancellationToken = default) =>
        await RunAsync(check, session, text, Rubric.Default, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs one check, scored as <paramref name="rubric"/> says (points, stage, partial credit, counts).</summary>
    public static async Task<CheckOutcome> RunAsync(Check check, LabSession session, CheckContextText text, Rubric rubric, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(session);
        var clock = session.Options.Time;
        var started = clock.GetTimestamp();
        session.Evidence.BeginCheck(check.Id, VersionOf(check));
        Judgement judgement;
        try
        {
            judgement = await Poll.WithinAsync($"check {check.Id}", session.Options.CheckTimeout, ct => check.Judge(session, ct), clock, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            judgement = Judgement.Inconclusive(NodeProbe.Describe(ex));
        }

        return Outcomes.Judged(Outcomes.Scored(check.Definition, rubric), judgement, text, clock.GetElapsedTime(started), clock.GetUtcNow());
    }

    /// <summary>
    /// What judged a check, for its evidence: the build of the assembly its judge is in (a changed check
    /// is a new build) and a hash of its definition (points, stage, texts).
    /// </summary>
    public static string VersionOf(Check check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var assembly = check.Judge.Method.DeclaringType?.Assembly ?? typeof(Grader).Assembly;
        var definition = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(check.Definition.ToString()));
        return $"{Evidence.EvidenceDocument.BuildOf(assembly)}, definition {Convert.ToHexStringLower(definition)[..12]}";
    }

    /// <summary>
    /// Runs checks concurrently, outcomes in the order given. They share the session's gathered
    /// state (each node connected once, the swarm gathered once), so the run takes about as long
    /// as its slowest check rather than the sum. A check that disturbs the lab (<see cref="Check.DisturbsTheLab"/>)
    /// runs after the others have finished, one at a time.
    /// </summary>
    public static async Task<IReadOnlyList<CheckOutcome>> RunAllAsync(IEnumerable<Check> checks, LabSession session, CheckContextText text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var all = checks.ToList();
        var judged = new Dictionary<Check, CheckOutcome>(ReferenceEqualityComparer.Instance);
        var calm = all.Where(c => !c.DisturbsTheLab).ToList();
        foreach (var (check, outcome) in calm.Zip(await Task.WhenAll(calm.Select(check => RunAsync(check, session, text, cancellationToken))).ConfigureAwait(false)))
        {
            judged[check] = outcome;
        }

        foreach (var check in all.Where(c => c.DisturbsTheLab))
        {
            judged[check] = await RunAsync(check, session, text, cancellationToken).ConfigureAwait(false);
        }

        return [.. all.Select(c => judged[c])];
    }
}
