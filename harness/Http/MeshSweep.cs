using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Harness.Http;

/// <summary>A web application's page as a person recognises it: its name in messages, and how to tell its page (the lesson says which).</summary>
public sealed record WebPage(string App, Func<string, bool> Recognises);

/// <summary>
/// Port 80 of many hosts asked at once, and the one rule a swarm's routing mesh and a global load balancer are
/// both graded by: every host serves the page. Each host's answer is described the same way for every lesson
/// ("node2: nothing answers on port 80 (Connection refused)"); what a failing sweep means beyond that (a
/// kernel without IPVS, host-mode publishing, silence from a firewall) is the lesson's to explain.
/// </summary>
public sealed class MeshSweep
{
    private MeshSweep(WebPage page, IReadOnlyList<(NodeTarget Host, HttpProbeResult Result)> probes)
    {
        Page = page;
        Probes = probes;
        Failing = [.. probes.Where(p => !Serves(p.Result))];
    }

    /// <summary>The page every host should serve.</summary>
    public WebPage Page { get; }

    /// <summary>Each host and its answer, in the hosts' order.</summary>
    public IReadOnlyList<(NodeTarget Host, HttpProbeResult Result)> Probes { get; }

    /// <summary>The hosts that do not serve the page.</summary>
    public IReadOnlyList<(NodeTarget Host, HttpProbeResult Result)> Failing { get; }

    /// <summary>Every host's answer in words, for the message.</summary>
    public string Found => string.Join("; ", Probes.Select(Describe));

    /// <summary>GET http://address:port-for-80/ on every host at once, through the session's evidence.</summary>
    public static async Task<MeshSweep> ProbeAsync(IEnumerable<NodeTarget> hosts, WebPage page, LabSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var probes = await Task.WhenAll(hosts.Select(async host =>
            (host, await session.Web().GetAsync($"http://{host.Address}:{host.PortFor(80)}/", cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        return new MeshSweep(page, probes);
    }

    /// <summary>A sweep of answers already had (a test's).</summary>
    public static MeshSweep Of(WebPage page, IReadOnlyList<(NodeTarget Host, HttpProbeResult Result)> probes) => new(page, probes);

    /// <summary>Whether an answer is the page.</summary>
    public bool Serves(HttpProbeResult result) => result is { Answered: true } && Page.Recognises(result.Body);

    /// <summary>
    /// A pass where every host serves the page; else what <paramref name="explain"/> makes of the failing hosts
    /// (null: it has nothing to add); else a fail, with the hosts that serve as partial credit.
    /// </summary>
    public async Task<Judgement> JudgeAsync(Func<MeshSweep, Task<Judgement?>>? explain = null)
    {
        if (Failing.Count == 0)
        {
            return Judgement.Pass(Found);
        }

        return (explain is null ? null : await explain(this).ConfigureAwait(false))
            ?? Judgement.Fail(Found).WithParts(Probes.Count - Failing.Count, Probes.Count);
    }

    /// <summary>
    /// Silence (no refusal, no HTTP answer) from every failing host: a security group or the network, which the
    /// harness cannot tell from a missing service; inconclusive, naming them. Null where a host answered or refused.
    /// </summary>
    public Judgement? Silent() =>
        Failing.All(p => p.Result.Failure == HttpFailure.NoAnswer)
            ? Judgement.Inconclusive($"{string.Join(", ", Failing.Select(p => p.Host.Name))} did not answer on port 80 (a security group or the network?)", Found)
            : null;

    private string Describe((NodeTarget Host, HttpProbeResult Result) probe) =>
        $"{probe.Host.Name}: {(Serves(probe.Result) ? $"{Page.App} page"
            : probe.Result.Status is { } status ? $"HTTP {status} without the {Page.App} page"
            : probe.Result.Failure == HttpFailure.Closed ? $"nothing answers on port 80 ({probe.Result.Error})"
            : probe.Result.Describe())}";
}
