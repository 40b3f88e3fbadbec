using OmiStack.Harness.Docker;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;

namespace OmiStack.Lessons.Lesson1;

public static partial class Lesson1Checks
{
    private static async Task<Judgement> DockerAnswersAsync(LabSession session, CancellationToken cancellationToken)
    {
        var probes = await session.AllNodesAsync(cancellationToken).ConfigureAwait(false);
        var down = probes.Where(p => p.EngineDown).ToList();
        if (down.Count > 0)
        {
            return Judgement.Fail(string.Join("; ", down.Select(p => $"{p.Target.Name} answers over SSH but {p.Error!.Message}")))
                .WithParts(probes.Count(p => p.Handle is not null), probes.Count);
        }

        var unreachable = probes.Where(p => p.Handle is null).ToList();
        if (unreachable.Count > 0)
        {
            var answered = probes.Where(p => p.Handle is not null).Select(p => p.Target.Name).ToList();
            return Judgement.Inconclusive(
                string.Join("; ", unreachable.Select(p => NodeProbe.Describe(p.Error!))),
                answered.Count > 0 ? $"{string.Join(", ", answered)} answered" : "");
        }

        return Judgement.Pass(string.Join(", ", probes.Select(p => $"{p.Target.Name} (Docker {p.Handle!.Info.ServerVersion})")));
    }

    private static async Task<Judgement> SwarmActiveAsync(LabSession session, CancellationToken cancellationToken)
    {
        var probe = await session.NodeAsync(session.Docker().Manager, cancellationToken).ConfigureAwait(false);
        if (probe.Handle is not { } manager)
        {
            return probe.AsGathered().Problem!;
        }

        var swarm = await session.Docker().SwarmAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (swarm.Problem is { } problem)
        {
            return problem;
        }

        var self = swarm.Value!.Nodes.FirstOrDefault(n => n.ID == manager.Info.Swarm?.NodeID)
            ?? swarm.Value.Nodes.FirstOrDefault(n => n.Description?.Hostname == manager.Name);
        return self?.ManagerStatus?.Leader == true
            ? Judgement.Pass($"swarm active, {manager.Name} is the leader")
            : Judgement.Fail($"swarm active, but {manager.Name} is not the leader (manager status: {self?.ManagerStatus?.Reachability ?? "none"})");
    }

    private static async Task<Judgement> SwarmNodesAsync(LabSession session, CancellationToken cancellationToken)
    {
        return await ConvergedAsync(session, s => JudgeNodes(session, s), SwarmMotion.OfNodes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The swarm.nodes rule on one snapshot (public for tests of the rule itself).</summary>
    public static Judgement JudgeNodes(LabSession session, SwarmSnapshot swarm)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(swarm);
        var expected = session.Target.Nodes.Select(n => n.Name).ToList();

        // A node that left and joined again is listed twice: judge the entry that is Ready, if any.
        var byName = swarm.Nodes
            .GroupBy(n => n.Description?.Hostname ?? n.ID)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(n => n.Status?.State == "ready").First());
        var problems = new List<string>();
        problems.AddRange(expected.Where(name => !byName.ContainsKey(name)).Select(name => $"{name} is not in the swarm"));
        problems.AddRange(byName.Keys.Where(name => !expected.Contains(name)).Select(name => $"{name} is in the swarm but not in the target"));
        foreach (var (name, node) in byName.Where(kv => expected.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value)))
        {
            if (node.Status?.State != "ready")
            {
                problems.Add($"{name} is {node.Status?.State ?? "in an unknown state"}");
            }

            if (node.Spec?.Availability != "active")
            {
                problems.Add($"{name} availability is {node.Spec?.Availability}");
            }

            if (name != session.Manager.Name && node.Spec?.Role != "worker")
            {
                problems.Add($"{name} is a {node.Spec?.Role}, not a worker");
            }
        }

        var listing = string.Join(", ", byName.Select(kv => $"{kv.Key} {kv.Value.Status?.State}/{kv.Value.Spec?.Availability}/{kv.Value.Spec?.Role}"));
        var fine = expected.Count(name => !problems.Any(p => p.StartsWith(name + " ", StringComparison.Ordinal)));
        return problems.Count == 0
            ? Judgement.Pass($"{byName.Count} nodes: {listing}")
            : Judgement.Fail($"{string.Join("; ", problems)} (docker node ls: {listing})").WithParts(fine, expected.Count);
    }

    private static async Task<Judgement> CleanupGhostAsync(LabSession session, CancellationToken cancellationToken)
    {
        var swarm = await session.Docker().SwarmAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (swarm.Problem is { } problem)
        {
            return problem;
        }

        if (swarm.Value!.Service("ghost-blog") is { } ghost)
        {
            return Judgement.Fail($"ghost-blog is still there ({swarm.Value.ReplicasText(ghost)} running)");
        }

        // No ghost-blog before the lesson's last task is nothing removed: a lab at the setup stage earns nothing here.
        return await ReachedAsync(session, cancellationToken).ConfigureAwait(false) is { Stage: "setup" or "start" } early
            ? Judgement.Fail($"no ghost-blog service, but the lab has not reached the final stage ({early.How}): there was nothing to remove yet")
            : Judgement.Pass("no ghost-blog service");
    }
}
