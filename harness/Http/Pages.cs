using OmiStack.Harness.Targets;

namespace OmiStack.Harness.Http;

/// <summary>
/// The web pages the lessons serve, recognised as a person would (the generator tag, the title), and
/// one HTTP sweep over port 80 of many hosts at once (the routing mesh, a global load balancer).
/// </summary>
public static class Pages
{
    /// <summary>Ghost's page: its generator tag.</summary>
    public static bool IsGhost(string body) =>
        body.Contains("<meta name=\"generator\" content=\"Ghost", StringComparison.OrdinalIgnoreCase);

    /// <summary>MediaWiki's page: its generator tag, its title, or its configuration script.</summary>
    public static bool IsMediaWiki(string body) =>
        body.Contains("content=\"MediaWiki", StringComparison.OrdinalIgnoreCase)
        || body.Contains("<title>MediaWiki", StringComparison.OrdinalIgnoreCase)
        || body.Contains("mediawiki", StringComparison.OrdinalIgnoreCase) && body.Contains("wgVersion", StringComparison.Ordinal);

    /// <summary>GET http://address:port-for-80/ on every host at once.</summary>
    public static async Task<(NodeTarget Node, HttpProbeResult Result)[]> ProbePort80Async(IEnumerable<NodeTarget> hosts, TimeSpan timeout, Evidence.EvidenceLog evidence, CancellationToken cancellationToken = default) =>
        await Task.WhenAll(hosts.Select(async node =>
            (node, await HttpProbe.GetAsync($"http://{node.Address}:{node.PortFor(80)}/", timeout, evidence, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
}
