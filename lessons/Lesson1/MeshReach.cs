using System.Globalization;

namespace OmiStack.Lessons.Lesson1;

/// <summary>
/// What one node's own routing mesh reaches, read on the node itself: port 80 of 127.0.0.1 asked
/// <see cref="Asked"/> times in a row (the mesh balances each request round-robin over the service's tasks, so
/// twice the task count reaches every task twice), and the node's view of the ingress network: its id and the
/// peers swarm's gossip told it of.
/// </summary>
/// <param name="Node">The node.</param>
/// <param name="Asked">Requests made on the node; 0 where the node could not ask (no curl).</param>
/// <param name="Answered">Requests that got an HTTP answer.</param>
/// <param name="IngressId">The node's ingress network id; null where the node has none.</param>
/// <param name="Peers">The addresses of the ingress network's peers, as the node knows them.</param>
internal sealed record NodeReach(string Node, int Asked, int Answered, string? IngressId, IReadOnlyList<string> Peers)
{
    /// <summary>The shell command that reads it; <see cref="Parse"/> reads its output.</summary>
    public static string Command(int asks) =>
        "command -v curl >/dev/null || { echo 'no curl'; exit 0; }; " +
        $"for i in $(seq {asks}); do curl -s -o /dev/null --connect-timeout 2 -m 3 -w '%{{http_code}} ' http://127.0.0.1:80/; done; echo; " +
        "docker network inspect --verbose ingress --format '{{.ID}} {{range .Peers}}{{.IP}} {{end}}' 2>/dev/null | head -n 1";

    /// <summary>The command's output: a line of HTTP codes (000: no answer), then the ingress id and its peers' addresses.</summary>
    public static NodeReach Parse(string node, string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = output.Split('\n');
        if (lines[0].Trim() == "no curl")
        {
            return new NodeReach(node, 0, 0, null, []);
        }

        var codes = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ingress = lines.Length > 1 ? lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        return new NodeReach(
            node,
            codes.Length,
            codes.Count(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status > 0),
            ingress.Length > 0 ? ingress[0] : null,
            [.. ingress.Skip(1)]);
    }

    /// <summary>Every request was answered.</summary>
    public bool ReachesEveryTask => Asked > 0 && Answered == Asked;

    /// <summary>"dockernode3 0 of 4".</summary>
    public string Tally => $"{Node} {Answered} of {Asked}";

    /// <summary>
    /// Why the mesh fails, from every node's reach (null: the nodes could not tell; the caller says what it found):
    /// a node with a stale or no ingress network, a node swarm's gossip does not reach, a node the grader cannot
    /// reach though its mesh serves it, or overlay traffic that does not pass between the nodes (all of them, or
    /// some). <paramref name="addresses"/>: each node's swarm address; <paramref name="swarmIngress"/>: the
    /// manager's ingress network id; <paramref name="failing"/>: the nodes that did not serve the grader.
    /// </summary>
    public static string? Explain(IReadOnlyList<NodeReach> reach, IReadOnlyDictionary<string, string> addresses, string? swarmIngress, List<string> failing, IReadOnlyCollection<string> taskNodes)
    {
        ArgumentNullException.ThrowIfNull(reach);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(failing);
        ArgumentNullException.ThrowIfNull(taskNodes);
        var known = reach.Where(r => r.Asked > 0).ToList();
        if (known.Count != reach.Count || known.Count == 0)
        {
            return null;
        }

        var causes = new List<string>();
        var stale = known.Where(r => swarmIngress is not null && r.IngressId is not null && r.IngressId != swarmIngress).Select(r => r.Node).ToList();
        if (stale.Count > 0)
        {
            causes.Add($"{Names(stale)} still {Has(stale)} an ingress network the swarm no longer has (removed and made again): restart Docker there (sudo systemctl restart docker)");
        }

        var none = known.Where(r => r.IngressId is null).Select(r => r.Node).ToList();
        if (none.Count > 0 && swarmIngress is not null)
        {
            causes.Add($"{Names(none)} {Has(none)} no ingress network: restart Docker there (sudo systemctl restart docker)");
        }

        var unseen = known
            .Where(r => r.IngressId is not null && !stale.Contains(r.Node))
            .Select(r => (r.Node, Missing: addresses.Where(a => a.Key != r.Node && !r.Peers.Contains(a.Value)).Select(a => a.Key).ToList()))
            .Where(x => x.Missing.Count > 0)
            .ToList();
        if (unseen.Count > 0)
        {
            causes.Add($"swarm's gossip does not pass between the nodes ({string.Join("; ", unseen.Select(u => $"{u.Node} does not see {Names(u.Missing)}"))} on the ingress network): open 7946/tcp+udp and 4789/udp between them (with 2377/tcp), in the security group");
        }

        if (causes.Count > 0)
        {
            return string.Join("; ", causes);
        }

        // No task answers even on its own node (none running, or the app itself down): nothing here tells the network.
        if (taskNodes.Count == 0 || known.All(r => r.Answered == 0))
        {
            return null;
        }

        var broken = known.Where(r => !r.ReachesEveryTask).ToList();
        var tally = $"curl http://127.0.0.1/ on each node: {string.Join(", ", known.Select(r => r.Tally))}";
        if (broken.Count == 0)
        {
            return $"every node's mesh reaches every task ({tally}), yet {Names(failing)} did not serve the grader: port 80 is blocked on the way to {Names(failing)} (a security group without 80/tcp?)";
        }

        if (broken.Count == known.Count)
        {
            return $"no node's mesh reaches the tasks on other nodes ({tally}), though every node sees the others (swarm's gossip passes): the overlay's traffic (VXLAN, 4789/udp) does not pass between the nodes; open 4789/udp between them (with 2377/tcp and 7946/tcp+udp), in the security group";
        }

        var cut = broken.Select(r => r.Node).ToList();
        var fine = known.Where(r => r.ReachesEveryTask).Select(r => r.Node).ToList();
        // One node reaching every task, and every task on it: it may be the node cut off as well as the others.
        var either = fine.Count == 1 && taskNodes.All(fine.Contains)
            ? $" (or {fine[0]}, where every task runs, is the one cut off: from here the two look the same)"
            : "";
        return $"{Names(cut)} cannot reach the tasks on other nodes while {Names(fine)} {(fine.Count == 1 ? "reaches" : "reach")} every task ({tally}): the overlay's traffic (VXLAN, 4789/udp) to and from {Names(cut)} does not pass{either}; open 4789/udp between {Names(cut)} and the other nodes (with 2377/tcp and 7946/tcp+udp)";
    }

    private static string Names(List<string> nodes) =>
        nodes.Count <= 1 ? string.Join("", nodes) : $"{string.Join(", ", nodes.Take(nodes.Count - 1))} and {nodes[^1]}";

    private static string Has(List<string> nodes) => nodes.Count == 1 ? "has" : "have";
}
