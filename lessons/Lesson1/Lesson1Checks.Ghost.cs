using OmiStack.Harness.Docker;
using Docker.DotNet.Models;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;

namespace OmiStack.Lessons.Lesson1;

public static partial class Lesson1Checks
{
    private const string Ghost = "ghost-blog";

    private static async Task<Judgement> GhostServiceAsync(LabSession session, CancellationToken cancellationToken)
    {
        return await PastAsync(session, "ghost", ScaledOrRemoved, cancellationToken).ConfigureAwait(false)
            ?? await ConvergedAsync(session, s => JudgeGhostService(s, session.Options.Stability), Moving(session, Ghost), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ghost.service rule on one snapshot: 3/3 running and staying up (<paramref name="stability"/>: the defaults where null).</summary>
    public static Judgement JudgeGhostService(SwarmSnapshot swarm, StabilityOptions? stability = null)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        stability ??= new StabilityOptions();
        if (swarm.Service(Ghost) is not { } service)
        {
            return Judgement.Fail($"no service {Ghost} (services: {ServiceNames(swarm)})");
        }

        var problems = new List<string>();
        var image = SwarmSnapshot.ImageOf(service);
        if (Repository(image) != "ghost")
        {
            problems.Add($"image {image}");
        }

        var desired = SwarmSnapshot.DesiredReplicas(service);
        if (desired is null)
        {
            problems.Add("global mode");
        }
        else if (desired != 3)
        {
            problems.Add($"{swarm.ReplicasText(service)} running" + (swarm.LastTaskError(service) is { } err ? $" (task error: {err})" : ""));
        }
        else if (ReplicaProblem(swarm, service, 3, stability) is { } wrong)
        {
            problems.Add($"{swarm.ReplicasText(service)} running{wrong}");
        }

        var ports = Published(service);
        if (!ports.Any(p => p.PublishedPort == 80 && p.TargetPort == 2368))
        {
            problems.Add(ports.Count == 0 ? "no published port" : $"publishes {DescribePorts(ports)}");
        }

        var summary = $"{Ghost}: {(desired is null ? "global" : "replicated")}, image {image}, {swarm.ReplicasText(service)} running, publishes {DescribePorts(ports)}";
        return problems.Count == 0 ? Judgement.Pass(summary) : Judgement.Fail($"{string.Join("; ", problems)} ({summary})");
    }

    private static async Task<Judgement> GhostSpreadAsync(LabSession session, CancellationToken cancellationToken)
    {
        return await PastAsync(session, "ghost", ScaledOrRemoved, cancellationToken).ConfigureAwait(false)
            ?? await ConvergedAsync(session, s => JudgeGhostSpread(session, s), Moving(session, Ghost), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ghost.spread rule on one snapshot: one running task on each node, and the service staying up.</summary>
    public static Judgement JudgeGhostSpread(LabSession session, SwarmSnapshot swarm)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(swarm);
        if (swarm.Service(Ghost) is not { } service)
        {
            return Judgement.Fail($"no service {Ghost}");
        }

        var perNode = swarm.RunningTasks(service).GroupBy(t => swarm.NodeName(t.NodeID ?? "")).ToDictionary(g => g.Key, g => g.Count());
        var counts = session.Target.Nodes.Select(n => (n.Name, Count: perNode.GetValueOrDefault(n.Name))).ToList();
        var found = string.Join(", ", counts.Select(c => $"{c.Name}: {c.Count}"));
        var spread = counts.Count(c => c.Count == 1);
        var stability = ServiceStability.Of(swarm, service, session.Options.Stability);
        if (stability.Describe(swarm) is { } unsteady)
        {
            return Judgement.Fail($"running tasks per node: {found}{(spread == counts.Count ? ", but" : ":")} {unsteady}").WithParts(spread, counts.Count);
        }

        return spread != counts.Count ? Judgement.Fail($"running tasks per node: {found}").WithParts(spread, counts.Count)
            : stability.NotSettledText is { } young ? Judgement.Fail($"running tasks per node: {found}, but {young}")
            : Judgement.Pass($"running tasks per node: {found}");
    }

    private static async Task<Judgement> GhostMeshAsync(LabSession session, CancellationToken cancellationToken)
    {
        if (await PastAsync(session, "scale", s => s.Service(Ghost) is null, cancellationToken).ConfigureAwait(false) is { } past)
        {
            return past;
        }

        var scaled = await ConvergedAsync(session, s => JudgeScaledToOne(s, session.Options.Stability), Moving(session, Ghost), cancellationToken).ConfigureAwait(false);
        if (scaled.Verdict != Verdict.Pass)
        {
            return scaled;
        }

        var swarm = await session.Docker().SwarmAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (swarm.Problem is { } problem || swarm.Value!.Service(Ghost) is not { } service)
        {
            return swarm.Problem ?? Judgement.Fail($"no service {Ghost}");
        }

        return await WebMesh.JudgeAsync(session, swarm.Value, service, Lessons.Web.WebPages.Ghost, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The lesson's scale step (ghost-blog=1) or its removal changed what the ghost stage created.</summary>
    private static bool ScaledOrRemoved(SwarmSnapshot swarm) =>
        swarm.Service(Ghost) is not { } ghost || SwarmSnapshot.DesiredReplicas(ghost) == 1;

    /// <summary>ghost-blog scaled to exactly 1 running replica (the first half of ghost.mesh); a shortfall from failing tasks says so.</summary>
    private static Judgement JudgeScaledToOne(SwarmSnapshot swarm, StabilityOptions stability) =>
        swarm.Service(Ghost) is not { } g ? Judgement.Fail($"no service {Ghost}")
        : SwarmSnapshot.DesiredReplicas(g) == 1 && swarm.RunningTasks(g).Count == 1 ? Judgement.Pass($"{Ghost} at 1/1")
        : SwarmSnapshot.DesiredReplicas(g) == 1 && ServiceStability.Of(swarm, g, stability).Describe(swarm) is { } unsteady ? Judgement.Fail($"{Ghost} at {swarm.ReplicasText(g)} running: {unsteady}")
        : Judgement.Fail($"{Ghost} at {swarm.ReplicasText(g)} running, not scaled to 1");

    private static List<PortConfig> Published(SwarmService service) =>
        [.. service.Endpoint?.Ports ?? service.Spec?.EndpointSpec?.Ports ?? []];

    private static string DescribePorts(List<PortConfig> ports) =>
        ports.Count == 0 ? "nothing" : string.Join(", ", ports.Select(p => $"{p.PublishedPort}→{p.TargetPort}{(p.PublishMode == "host" ? " (host mode)" : "")}"));

    private static string ServiceNames(SwarmSnapshot swarm) =>
        swarm.Services.Count == 0 ? "none" : string.Join(", ", swarm.Services.Select(s => s.Spec?.Name));

    /// <summary>The repository of an image reference without registry of Docker Hub, tag or digest: docker.io/library/ghost:5 → ghost.</summary>
    internal static string Repository(string image)
    {
        var name = image.Split('@')[0];
        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > lastSlash)
        {
            name = name[..colon];
        }

        foreach (var prefix in new[] { "docker.io/library/", "docker.io/", "library/" })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name[prefix.Length..];
            }
        }

        return name;
    }
}
