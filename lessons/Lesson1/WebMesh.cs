using OmiStack.Harness.Docker;
using Docker.DotNet.Models;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Http;

namespace OmiStack.Lessons.Lesson1;

/// <summary>
/// ghost.mesh and stack.mesh: the mesh rule (<see cref="MeshSweep"/>: port 80 of every node serves the
/// service's page, held over a few sweeps: <see cref="MeshHold"/>) over the swarm's nodes, and what Lesson 1 knows of a node that does not: host-mode
/// publishing (only nodes running a task answer: a fail), or a kernel without IPVS (no /proc/net/ip_vs: the
/// mesh cannot forward, so inconclusive; the grading machine's limit where the node shares its kernel), a service
/// not published on port 80 (and a swarm without an ingress network), and, read on the nodes themselves, what each
/// node's mesh reaches (<see cref="NodeReach"/>: a blocked overlay, a node cut off, stale ingress, no gossip).
/// </summary>
internal static class WebMesh
{
    public static async Task<Judgement> JudgeAsync(LabSession session, SwarmSnapshot swarm, SwarmService service, WebPage page, CancellationToken cancellationToken)
    {
        var hold = await MeshHold.SweepAsync(session.Target.Nodes, page, session, cancellationToken).ConfigureAwait(false);
        return await hold.JudgeAsync(failing => ExplainAsync(session, swarm, service, failing, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<Judgement?> ExplainAsync(LabSession session, SwarmSnapshot swarm, SwarmService service, MeshSweep sweep, CancellationToken cancellationToken)
    {
        var ports = service.Endpoint?.Ports ?? [];
        if (ports.Any(p => p.PublishedPort == 80 && p.PublishMode == "host"))
        {
            var running = string.Join(", ", swarm.RunningTasks(service).Select(t => swarm.NodeName(t.NodeID ?? "")).Distinct());
            return Judgement.Fail($"{service.Spec?.Name} publishes port 80 in host mode, so only nodes running a task answer ({running}); {sweep.Found}");
        }

        if (!ports.Any(p => p.PublishedPort == 80))
        {
            return await NotOn80Async(session, service, ports, sweep, cancellationToken).ConfigureAwait(false);
        }

        // Nodes that do not answer: does their kernel have IPVS, which the ingress mesh needs?
        var failing = sweep.Failing;
        var withoutIpvs = new List<string>();
        var onThisMachine = 0;
        foreach (var (node, _) in failing)
        {
            var probe = await session.NodeAsync(node, cancellationToken).ConfigureAwait(false);
            if (probe.Handle is { } handle)
            {
                var ipvs = await handle.Ssh.RunAsync("test -e /proc/net/ip_vs", cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!ipvs.Succeeded)
                {
                    withoutIpvs.Add(node.Name);
                    onThisMachine += await RunsOnThisKernelAsync(handle, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                }
            }
        }

        if (withoutIpvs.Count == 0)
        {
            return await ReachAsync(session, swarm, service, sweep, cancellationToken).ConfigureAwait(false);
        }

        if (withoutIpvs.Count != failing.Count)
        {
            return null;
        }

        var cause = $"the kernel of {string.Join(", ", withoutIpvs)} has no IPVS (no /proc/net/ip_vs), so the routing mesh cannot forward there";
        // A container lab on this machine shares its kernel: the grading machine's limit, not the student's.
        return onThisMachine == withoutIpvs.Count ? Judgement.MachineCannot(cause, sweep.Found) : Judgement.Inconclusive(cause, sweep.Found);
    }

    /// <summary>
    /// The service publishes nothing on port 80: a wrong published port, or no port at all, which is what is left
    /// where the swarm has no ingress network (swarm refuses to publish a port without one).
    /// </summary>
    private static async Task<Judgement> NotOn80Async(LabSession session, SwarmService service, IList<PortConfig> ports, MeshSweep sweep, CancellationToken cancellationToken)
    {
        var name = service.Spec?.Name;
        if (ports.Count > 0)
        {
            var published = string.Join(", ", ports.Select(p => $"{p.PublishedPort}→{p.TargetPort}"));
            return Judgement.Fail($"{name} publishes {published}, not port 80, so nothing of it answers on port 80: docker service update --publish-rm {ports[0].TargetPort} --publish-add 80:{ports[0].TargetPort} {name}; {sweep.Found}");
        }

        var manager = await session.NodeAsync(session.Target.Nodes[0], cancellationToken).ConfigureAwait(false);
        if (manager.Handle is { } handle)
        {
            var networks = await session.DockerCallAsync("docker network ls", ct => handle.Docker.Networks.ListNetworksAsync(new NetworksListParameters(), ct), cancellationToken).ConfigureAwait(false);
            if (!networks.Any(n => n.Ingress))
            {
                return Judgement.Fail($"the swarm has no ingress network (docker network ls lists none), so {name} publishes no port and nothing answers on port 80: docker network create --driver overlay --ingress ingress, then docker service update --publish-add 80:<the app's port> {name}; {sweep.Found}");
            }
        }

        return Judgement.Fail($"{name} publishes no port, so nothing of it answers on port 80: docker service update --publish-add 80:<the app's port> {name}; {sweep.Found}");
    }

    /// <summary>
    /// Where the kernels have IPVS and a node does not serve the page: what each node's own mesh reaches, read on
    /// the node (<see cref="NodeReach"/>), tells a blocked overlay, a node cut off, a stale ingress network or
    /// missing gossip from a port blocked on the way to the node. Null where a node cannot be read that way.
    /// </summary>
    private static async Task<Judgement?> ReachAsync(LabSession session, SwarmSnapshot swarm, SwarmService service, MeshSweep sweep, CancellationToken cancellationToken)
    {
        var asks = Math.Clamp(2 * swarm.RunningTasks(service).Count, 2, 8);
        var reach = await Task.WhenAll(session.Target.Nodes.Select(async node =>
        {
            var probe = await session.NodeAsync(node, cancellationToken).ConfigureAwait(false);
            if (probe.Handle is not { } handle)
            {
                return new NodeReach(node.Name, 0, 0, null, []);
            }

            var read = await handle.Ssh.RunAsync(NodeReach.Command(asks), TimeSpan.FromSeconds(5 * asks), cancellationToken).ConfigureAwait(false);
            return read.Succeeded ? NodeReach.Parse(node.Name, read.StandardOutput) : new NodeReach(node.Name, 0, 0, null, []);
        })).ConfigureAwait(false);

        var addresses = swarm.Nodes
            .Select(n => (Name: n.Description?.Hostname, Address: n.Status?.Addr))
            .Where(n => n.Name is not null && n.Address is not null)
            .ToDictionary(n => n.Name!, n => n.Address!);
        var manager = reach.FirstOrDefault(r => r.Node == session.Target.Nodes[0].Name)?.IngressId;
        var taskNodes = swarm.RunningTasks(service).Select(t => swarm.NodeName(t.NodeID ?? "")).ToHashSet();
        var cause = NodeReach.Explain(reach, addresses, manager, [.. sweep.Failing.Select(f => f.Host.Name)], taskNodes);
        return cause is null ? null : Judgement.Fail($"{cause}; {sweep.Found}").WithParts(sweep.Probes.Count - sweep.Failing.Count, sweep.Probes.Count);
    }

    /// <summary>
    /// Whether the node runs on the grading machine's own kernel (a container lab here): the kernel's boot id
    /// is the same on both. A VM, a student's or a qemu lab's, has a boot id of its own.
    /// </summary>
    private static async Task<bool> RunsOnThisKernelAsync(NodeHandle handle, CancellationToken cancellationToken)
    {
        const string BootId = "/proc/sys/kernel/random/boot_id";
        if (!File.Exists(BootId))
        {
            return false;
        }

        var theirs = await handle.Ssh.RunAsync($"cat {BootId}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return theirs.Succeeded && theirs.StandardOutput.Trim() == (await File.ReadAllTextAsync(BootId, cancellationToken).ConfigureAwait(false)).Trim();
    }
}
