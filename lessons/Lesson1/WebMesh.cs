using OmiStack.Harness.Docker;
using Docker.DotNet.Models;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Http;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Lesson1;

/// <summary>
/// The routing-mesh rule shared by ghost.mesh and stack.mesh: HTTP on port 80 of every node serves
/// the service's page. Where a node does not, the cause is named: a kernel without IPVS (no
/// /proc/net/ip_vs: the mesh cannot forward, so inconclusive), or host-mode publishing (only nodes
/// running a task answer: a fail).
/// </summary>
internal static class WebMesh
{
    public static async Task<Judgement> JudgeAsync(LabSession session, SwarmSnapshot swarm, SwarmService service, string app, Func<string, bool> isPage, CancellationToken cancellationToken)
    {
        var probes = await Pages.ProbePort80Async(session.Target.Nodes, session.Options.HttpTimeout, session.Evidence, cancellationToken).ConfigureAwait(false);

        string Describe((NodeTarget Node, HttpProbeResult Result) p) =>
            $"{p.Node.Name}: {(p.Result.Answered && isPage(p.Result.Body) ? $"{app} page" : p.Result.Answered ? $"HTTP {p.Result.Status} without the {app} page" : p.Result.Describe())}";

        var found = string.Join("; ", probes.Select(Describe));
        var failing = probes.Where(p => !(p.Result.Answered && isPage(p.Result.Body))).ToList();
        if (failing.Count == 0)
        {
            return Judgement.Pass(found);
        }

        var ports = service.Endpoint?.Ports ?? [];
        if (ports.Any(p => p.PublishedPort == 80 && p.PublishMode == "host"))
        {
            var running = string.Join(", ", swarm.RunningTasks(service).Select(t => swarm.NodeName(t.NodeID ?? "")).Distinct());
            return Judgement.Fail($"{service.Spec?.Name} publishes port 80 in host mode, so only nodes running a task answer ({running}); {found}");
        }

        // Nodes that do not answer: does their kernel have IPVS, which the ingress mesh needs?
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

        if (withoutIpvs.Count == failing.Count)
        {
            var cause = $"the kernel of {string.Join(", ", withoutIpvs)} has no IPVS (no /proc/net/ip_vs), so the routing mesh cannot forward there";
            // A container lab on this machine shares its kernel: the grading machine's limit, not the student's.
            return onThisMachine == withoutIpvs.Count ? Judgement.MachineCannot(cause, found) : Judgement.Inconclusive(cause, found);
        }

        return Judgement.Fail(found).WithParts(probes.Length - failing.Count, probes.Length);
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
