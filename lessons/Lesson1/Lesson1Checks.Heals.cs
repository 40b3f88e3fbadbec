using System.Globalization;
using Docker.DotNet.Models;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Docker;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Http;

namespace OmiStack.Lessons.Lesson1;

/// <content>
/// The self-healing probe (opt-in: <see cref="OptIn.SelfHealing"/>): one running container of a service is stopped
/// on its node, and the swarm must run a replacement within <see cref="GradingOptions.HealTimeout"/> while the other
/// nodes that served the page before the stop keep serving it (asked once a round; two rounds in a row without it is a
/// node that stopped serving). It stops a container, not a node: a service pinned
/// to the container's node by a placement constraint is replaced on that node, and heals.
/// </content>
public static partial class Lesson1Checks
{
    private static async Task<Judgement> GhostHealsAsync(LabSession session, CancellationToken cancellationToken) =>
        await PastAsync(session, "ghost", ScaledOrRemoved, cancellationToken).ConfigureAwait(false)
            ?? await HealsAsync(session, Ghost, Lessons.Web.WebPages.Ghost, cancellationToken).ConfigureAwait(false);

    private static Task<Judgement> StackHealsAsync(LabSession session, CancellationToken cancellationToken) =>
        HealsAsync(session, Web, Lessons.Web.WebPages.MediaWiki, cancellationToken);

    private static async Task<Judgement> HealsAsync(LabSession session, string name, WebPage page, CancellationToken cancellationToken)
    {
        if (!session.Options.SelfHealingProbe)
        {
            return Judgement.Inconclusive($"the self-healing probe is off for this run ({OptIn.SelfHealing.Setting} turns it on)");
        }

        var running = await ConvergedAsync(session, s => s.Service(name) is not { } svc ? Judgement.Fail($"no service {name}")
            : s.RunningTasks(svc).Count > 0 ? Judgement.Pass($"{name} running")
            : Judgement.Fail($"no running task of {name} to stop ({s.ReplicasText(svc)})"), Moving(session, name), cancellationToken).ConfigureAwait(false);
        var gathered = await session.Docker().SwarmAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (running.Verdict != Verdict.Pass || gathered.Problem is not null)
        {
            return gathered.Problem ?? running;
        }

        var swarm = gathered.Value!;
        var service = swarm.Service(name)!;
        var desired = (int)(SwarmSnapshot.DesiredReplicas(service) ?? (ulong)swarm.RunningTasks(service).Count);

        // The task on the node last in the target's order (the manager stays undisturbed where it can).
        var order = session.Target.Nodes.Select(n => n.Name).ToList();
        var victim = swarm.RunningTasks(service).OrderByDescending(t => order.IndexOf(swarm.NodeName(t.NodeID ?? ""))).First();
        var nodeName = swarm.NodeName(victim.NodeID ?? "");
        if (victim.Status?.ContainerStatus?.ContainerID is not { Length: >= 12 } container || session.Target.Nodes.FirstOrDefault(n => n.Name == nodeName) is not { } node)
        {
            return Judgement.Inconclusive($"the swarm names no container of {name} on a node of the target to stop (task {victim.ID} on {nodeName})");
        }

        var probe = await session.NodeAsync(node, cancellationToken).ConfigureAwait(false);
        if (probe.Handle is not { } handle)
        {
            return probe.AsGathered().Problem!;
        }

        var others = session.Target.Nodes.Where(n => n.Name != nodeName).ToList();
        var before = await MeshSweep.ProbeAsync(others, page, session, cancellationToken).ConfigureAwait(false);
        var serving = before.Probes.Where(p => before.Serves(p.Result)).Select(p => p.Host).ToList();
        var stopped = $"stopped {name}'s task {name}.{victim.Slot} on {nodeName} (docker stop {container[..12]})";
        await Harness.Waiting.Poll.WithinAsync(
            $"docker stop {container[..12]} on {nodeName}",
            TimeSpan.FromSeconds(30),
            async ct => { await handle.Docker.Containers.StopContainerAsync(container, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, ct).ConfigureAwait(false); return true; },
            session.Options.Time,
            cancellationToken).ConfigureAwait(false);

        // Watched until a replacement runs: the swarm read anew, and the nodes that served asked again, each round. A node
        // counts as no longer serving after two rounds in a row without the page: one failed request right at the stop is
        // the mesh taking the stopped task out of its balancing, which takes a moment.
        var dropped = new Dictionary<string, string>(StringComparer.Ordinal);
        var missed = new Dictionary<string, int>(StringComparer.Ordinal);
        var watched = await session.ConvergeAsync(
            async (refresh, ct) =>
            {
                var now = await session.Docker().SwarmAsync(refresh: true, ct).ConfigureAwait(false);
                if (serving.Count > 0)
                {
                    var sweep = await MeshSweep.ProbeAsync(serving, page, session, ct).ConfigureAwait(false);
                    foreach (var (host, result) in sweep.Probes)
                    {
                        missed[host.Name] = sweep.Serves(result) ? 0 : missed.GetValueOrDefault(host.Name) + 1;
                        if (missed[host.Name] >= 2)
                        {
                            dropped.TryAdd(host.Name, MeshSweep.Of(page, [(host, result)]).Found);
                        }
                    }
                }

                return now;
            },
            now => Replacement(now, service, victim, desired) is not null,
            session.Options.HealTimeout,
            cancellationToken).ConfigureAwait(false);
        if (watched.Problem is { } problem)
        {
            return problem;
        }

        var after = watched.Value!;
        var serviceAfter = after.Service(name) ?? service;
        var servingNote = serving.Count == 0
            ? $"; no other node served the {page.App} page before the stop, so serving was not judged"
            : dropped.Count == 0 ? $"; {string.Join(", ", serving.Select(s => s.Name))} kept serving the {page.App} page" : "";
        if (Replacement(after, serviceAfter, victim, desired) is not { } replacement)
        {
            return Judgement.Fail($"{stopped}; the swarm did not run a replacement within {session.Options.HealTimeout.TotalSeconds:0} s: {name} at {after.ReplicasText(serviceAfter)}{WhyNoReplacement(after, serviceAfter)}{servingNote}");
        }

        var took = Utc(replacement.Status?.Timestamp) - Utc(after.Tasks.FirstOrDefault(t => t.ID == victim.ID)?.Status?.Timestamp);
        var healed = $"{stopped}; the swarm ran a replacement on {after.NodeName(replacement.NodeID ?? "")}{(took is { } t && t > TimeSpan.Zero ? $" {t.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s after the stop" : "")}";
        return dropped.Count > 0
            ? Judgement.Fail($"{healed}, but the page stopped answering meanwhile on a node that served it before: {string.Join("; ", dropped.Values)}")
            : Judgement.Pass(healed + servingNote);
    }

    /// <summary>A running task that replaces the stopped one (its slot again, or its node for a global service), with the service back at its count.</summary>
    private static TaskResponse? Replacement(SwarmSnapshot swarm, SwarmService service, TaskResponse victim, int desired)
    {
        var running = swarm.RunningTasks(service);
        return running.Count >= desired && running.All(t => t.ID != victim.ID)
            ? running.FirstOrDefault(t => victim.Slot > 0 ? t.Slot == victim.Slot : t.NodeID == victim.NodeID) ?? running.OrderByDescending(t => t.CreatedAt).FirstOrDefault()
            : null;
    }

    /// <summary>What in the service's spec keeps the swarm from replacing a stopped task: its restart policy, its placement.</summary>
    private static string WhyNoReplacement(SwarmSnapshot swarm, SwarmService service)
    {
        var template = service.Spec?.TaskTemplate;
        var why = new List<string>();
        switch (template?.RestartPolicy?.Condition?.ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal))
        {
            case "none":
                why.Add("its restart policy is condition none, so the swarm never replaces a stopped task (remove restart_policy, or set condition: any)");
                break;
            case "on-failure" or "onfailure":
                why.Add("its restart policy is condition on-failure, so a container that stopped cleanly (exit 0) is not replaced (set condition: any)");
                break;
        }

        if (template?.Placement?.Constraints is { Count: > 0 } constraints)
        {
            why.Add($"its placement constraints: {string.Join(", ", constraints)}");
        }

        // The error of a task the swarm still wants to run (a replacement it cannot place), not one of an earlier spec.
        if (swarm.Tasks.Where(t => t.ServiceID == service.ID && t.DesiredState == TaskState.Running && !string.IsNullOrEmpty(t.Status?.Err))
            .OrderByDescending(t => t.Status!.Timestamp).Select(t => t.Status!.Err).FirstOrDefault() is { } error)
        {
            why.Add($"task error: {error}");
        }

        return why.Count == 0 ? "" : "; " + string.Join("; ", why);
    }

    private static DateTimeOffset? Utc(DateTime? at) =>
        at is { } time && time != default ? new DateTimeOffset(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null;
}
