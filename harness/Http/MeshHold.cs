using System.Globalization;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Harness.Http;

/// <summary>
/// The mesh held over time: <see cref="StabilityOptions.MeshSweeps"/> sweeps of port 80 on every host, a set interval
/// apart, so that a host that serves the page in one sweep and not in another is named as flapping instead of
/// passing on a lucky instant. A host steady in every sweep is judged by the last sweep, as one sweep was judged
/// before (<see cref="MeshSweep.JudgeAsync"/>). A host that gave no answer at all within the HTTP bound is not
/// asked again: its silence is steady on the sweeps' time scale, and asking again would cost the bound each time.
/// </summary>
public sealed class MeshHold
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<HttpProbeResult>> _answers;

    private MeshHold(MeshSweep last, IReadOnlyDictionary<string, IReadOnlyList<HttpProbeResult>> answers, TimeSpan interval)
    {
        Last = last;
        _answers = answers;
        Interval = interval;
        Flapping = [.. last.Probes.Select(p => p.Host).Where(host => Answers(host).Any(Serves) && Answers(host).Any(a => !Serves(a)))];
    }

    /// <summary>The time between the starts of two sweeps.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Every host's latest answer, judged as one sweep.</summary>
    public MeshSweep Last { get; }

    /// <summary>Hosts that served the page in one sweep and not in another.</summary>
    public IReadOnlyList<NodeTarget> Flapping { get; }

    /// <summary>
    /// Sweeps port 80 of every host <see cref="StabilityOptions.MeshSweeps"/> times, through the session's evidence, and
    /// holds the answers for <paramref name="page"/>. The sweeps are gathered once per session for a set of hosts
    /// (<see cref="Prefetch"/> starts them as the session opens) and shared by every check that judges those hosts' mesh.
    /// </summary>
    public static async Task<MeshHold> SweepAsync(IReadOnlyList<NodeTarget> hosts, WebPage page, LabSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(session);
        var answers = await session.MemoAsync(KeyOf(hosts), ct => AnswersAsync(hosts, session, ct), cancellationToken).ConfigureAwait(false);
        return Of(page, answers.ByHost, session.Options.Stability.MeshSweepInterval);
    }

    /// <summary>
    /// Starts the sweeps of <paramref name="hosts"/> now, in the background (memoised: the mesh checks find them done),
    /// so their half-second intervals pass while the session connects and gathers the rest.
    /// </summary>
    public static void Prefetch(LabSession session, IReadOnlyList<NodeTarget> hosts)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(hosts);
        if (hosts.Count > 0)
        {
            _ = session.MemoAsync(KeyOf(hosts), ct => AnswersAsync(hosts, session, ct)).ContinueWith(static t => t.Exception, TaskScheduler.Default);
        }
    }

    private static string KeyOf(IReadOnlyList<NodeTarget> hosts) =>
        $"mesh sweeps of {string.Join(", ", hosts.Select(h => $"{h.Name} {h.Address}:{h.PortFor(80)}"))}";

    private static async Task<SweptAnswers> AnswersAsync(IReadOnlyList<NodeTarget> hosts, LabSession session, CancellationToken cancellationToken)
    {
        var rules = session.Options.Stability;
        var time = session.Options.Time;
        var started = time.GetTimestamp();
        var answers = hosts.ToDictionary(h => h.Name, _ => new List<HttpProbeResult>(), StringComparer.Ordinal);
        for (var i = 0; i < Math.Max(1, rules.MeshSweeps); i++)
        {
            var due = rules.MeshSweepInterval * i - time.GetElapsedTime(started);
            if (i > 0 && due > TimeSpan.Zero && !session.Evidence.Replays)
            {
                await Task.Delay(due, time, cancellationToken).ConfigureAwait(false);
            }

            var asked = hosts.Where(h => answers[h.Name] is not [.., { Failure: HttpFailure.NoAnswer }]).ToList();
            if (asked.Count == 0)
            {
                break;
            }

            var results = await Task.WhenAll(asked.Select(host =>
                session.Web().GetAsync($"http://{host.Address}:{host.PortFor(80)}/", cancellationToken))).ConfigureAwait(false);
            foreach (var (host, result) in asked.Zip(results))
            {
                answers[host.Name].Add(result);
            }
        }

        return new SweptAnswers([.. hosts.Select(h => (h, (IReadOnlyList<HttpProbeResult>)answers[h.Name]))]);
    }

    /// <summary>Each host's answers, in the order of the sweeps (a session's shared gathering).</summary>
    private sealed record SweptAnswers(IReadOnlyList<(NodeTarget Host, IReadOnlyList<HttpProbeResult> Answers)> ByHost);

    /// <summary>A hold of answers already had (a test's): each host's answers in the order of the sweeps.</summary>
    public static MeshHold Of(WebPage page, IReadOnlyList<(NodeTarget Host, IReadOnlyList<HttpProbeResult> Answers)> hosts, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        if (hosts.Any(h => h.Answers.Count == 0))
        {
            throw new ArgumentException("Every host of a hold needs an answer.", nameof(hosts));
        }

        return new MeshHold(
            MeshSweep.Of(page, [.. hosts.Select(h => (h.Host, h.Answers[^1]))]),
            hosts.ToDictionary(h => h.Host.Name, h => h.Answers, StringComparer.Ordinal),
            interval);
    }

    /// <summary>
    /// A pass where every host served the page in every sweep. Else the hosts that failed in any sweep are judged as one
    /// sweep is (<see cref="MeshSweep.JudgeAsync"/>, with <paramref name="explain"/> for them, each with its failing
    /// answer); where a host flapped (served in one sweep and not in another), the verdict is a fail that names it
    /// first ("dockernode3 served the MediaWiki page in 2 of 3 sweeps 0.25 s apart (flapping)"), then the lesson's cause
    /// where it found one, else the last sweep; the hosts that served in every sweep are the parts.
    /// </summary>
    public async Task<Judgement> JudgeAsync(Func<MeshSweep, Task<Judgement?>>? explain = null)
    {
        var worst = MeshSweep.Of(Last.Page, [.. Last.Probes.Select(p => (p.Host, Answers(p.Host).LastOrDefault(a => !Serves(a)) ?? p.Result))]);
        var judged = await worst.JudgeAsync(explain).ConfigureAwait(false);
        if (Flapping.Count == 0)
        {
            return judged;
        }

        var apart = Interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var flaps = string.Join("; ", Flapping.Select(host =>
        {
            var answers = Answers(host);
            return $"{host.Name} served the {Last.Page.App} page in {answers.Count(Serves)} of {answers.Count} sweeps {apart} s apart (flapping)";
        }));
        var steady = Last.Probes.Count(p => Answers(p.Host).All(Serves));
        return Judgement.Fail(judged.Verdict == Verdict.Fail ? $"{flaps}; {judged.Found}" : $"{flaps}; the last sweep: {Last.Found}").WithParts(steady, Last.Probes.Count);
    }

    /// <summary>A host's answers, one per sweep it was asked in.</summary>
    public IReadOnlyList<HttpProbeResult> Answers(NodeTarget host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return _answers[host.Name];
    }

    private bool Serves(HttpProbeResult result) => Last.Serves(result);
}
