using OmiStack.Harness.Docker;
using Docker.DotNet.Models;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Http;

namespace OmiStack.Lessons.Lesson1;

/// <summary>
/// ghost.mesh and stack.mesh: the mesh rule (<see cref="MeshSweep"/>: port 80 of every node serves the
/// service's page) over the swarm's nodes, and what Lesson 1 knows of a node that does not: host-mode
/// publishing (only nodes running a task answer: a fail), or a kernel without IPVS (no /proc/net/ip_vs: the
/// mesh cannot forward, so inconclusive; the grading machine's limit where the node shares its kernel).
/// </summary>
internal static class WebMesh
{
    public static async Task<Judgement> JudgeAsync(LabSession session, SwarmSnapshot swarm, SwarmService service, WebPage page, CancellationToken cancellationToken)
    {
        var sweep = await MeshSweep.ProbeAsync(session.Target.Nodes, page, session, cancellationToken).ConfigureAwait(false);
        return await sweep.JudgeAsync(failing => ExplainAsync(session, swarm, service, failing, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<Judgement?> ExplainAsync(LabSession session, SwarmSnapshot swarm, SwarmService service, MeshSweep sweep, CancellationToken cancellationToken)
    {
        var ports = service.Endpoint?.Ports ?? [];
        if (ports.Any(p => p.PublishedPort == 80 && p.PublishMode == "host"))
        {
            var running = string.Join(", ", swarm.RunningTasks(service).Select(t => swarm.NodeName(t.NodeID ?? "")).Distinct());
            return Judgement.Fail($"{service.Spec?.Name} publishes port 80 in host mode, so only nodes running a task answer ({running}); {sweep.Found}");
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

        if (withoutIpvs.Count != failing.Count)
        {
            return null;
        }

        var cause = $"the kernel of {string.Join(", ", withoutIpvs)} has no IPVS (no /proc/net/ip_vs), so the routing mesh cannot forward there";
        // A container lab on this machine shares its kernel: the grading machine's limit, not the student's.
        return onThisMachine == withoutIpvs.Count ? Judgement.MachineCannot(cause, sweep.Found) : Judgement.Inconclusive(cause, sweep.Found);
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
