using OmiStack.Harness.Registry;
using Docker.DotNet;
using Docker.DotNet.Models;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Lesson1;

public static partial class Lesson1Checks
{
    private static readonly string[] StackImages = ["mediawiki", "database"];

    private static readonly Judgement NoRegistry = Judgement.Inconclusive("the target file has no registry section (host, port, node)");

    private static async Task<Judgement> RegistryRunningAsync(LabSession session, CancellationToken cancellationToken)
    {
        if (session.Target.Registry is not { } registry)
        {
            return NoRegistry;
        }

        var probe = await session.NodeAsync(session.NodeNamed(registry.Node), cancellationToken).ConfigureAwait(false);
        if (probe.Handle is not { } node)
        {
            return probe.AsGathered().Problem!;
        }

        var stability = session.Options.Stability;
        return await session.JudgeConvergedAsync(
            (refresh, ct) => RegistryContainersAsync(session, node, refresh, ct),
            found => JudgeRegistryRunning(found, registry, stability),
            found => found.Settling(registry, stability),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The registry.running rule: a registry container publishing the registry's port with restart policy always,
    /// that stays up: not restarting, not restarted by its policy within the failure window, up for the settle time.
    /// </summary>
    internal static Judgement JudgeRegistryRunning(RegistryContainers found, RegistryTarget registry, StabilityOptions stability)
    {
        var candidates = found.Registries;
        if (candidates.Count == 0)
        {
            var running = found.Running;
            return Judgement.Fail($"no running registry container on {found.Node} (running: {(running.Count == 0 ? "none" : string.Join(", ", running.Select(c => $"{c.Names.FirstOrDefault()?.TrimStart('/')} ({c.Image})")))})");
        }

        var seen = new List<string>();
        foreach (var (candidate, inspect) in candidates)
        {
            var restart = RestartPolicy(inspect);
            var publishes = candidate.Ports.Any(p => p.PublicPort == registry.Port);
            var description = $"{NameOf(candidate)} ({candidate.Image}), ports {(candidate.Ports.Count == 0 ? "none" : string.Join(", ", candidate.Ports.Where(p => p.PublicPort != 0).Select(p => $"{p.PublicPort}→{p.PrivatePort}").Distinct()))}, restart {restart}";
            if (found.Restarts(inspect, stability) is { } restarts)
            {
                seen.Add($"{description}, but {restarts}");
                continue;
            }

            if (publishes && restart == "always")
            {
                return found.UpFor(inspect) is { } up && up < stability.Settle
                    ? Judgement.Fail($"{description}, but it has been up {up.TotalSeconds:0} s, and a container counts as running once it stays up {stability.Settle.TotalSeconds:0} s")
                    : Judgement.Pass(description);
            }

            seen.Add(description + (publishes ? "" : $": port {registry.Port} not published") + (restart == "always" ? "" : ": restart policy is not always"));
        }

        return Judgement.Fail(string.Join("; ", seen));
    }

    /// <summary>A container's restart policy as docker run names it ("always", "no").</summary>
    internal static string RestartPolicy(ContainerInspectResponse inspect) => inspect.HostConfig?.RestartPolicy?.Name.ToString().ToLowerInvariant() ?? "no";

    /// <summary>A listed container's name, else its short id.</summary>
    internal static string NameOf(ContainerListResponse container) => container.Names.FirstOrDefault()?.TrimStart('/') ?? container.ID[..12];

    /// <summary>The registry containers of a node (docker ps, docker inspect each) and the node's clock; gathered anew on refresh.</summary>
    private static async Task<Gathered<RegistryContainers>> RegistryContainersAsync(LabSession session, NodeHandle node, bool refresh, CancellationToken cancellationToken)
    {
        if (refresh)
        {
            session.Forget($"docker ps on {node.Name}");
        }

        var containers = await RunningContainersAsync(session, node, cancellationToken).ConfigureAwait(false);
        var registries = new List<(ContainerListResponse, ContainerInspectResponse)>();
        foreach (var candidate in containers.Where(IsRegistry))
        {
            registries.Add((candidate, await session.DockerCallAsync($"docker inspect {candidate.ID[..12]}", ct => node.Docker.Containers.InspectContainerAsync(candidate.ID, ct), cancellationToken).ConfigureAwait(false)));
        }

        // The node's own clock, as the swarm's ages are the manager's: the connect's docker info first, read anew when polling.
        var info = refresh && registries.Count > 0
            ? await session.DockerCallAsync($"docker info on {node.Name}", ct => node.Docker.System.GetSystemInfoAsync(ct), cancellationToken).ConfigureAwait(false)
            : node.Info;
        return Gathered<RegistryContainers>.Of(new RegistryContainers(node.Name, [.. containers], registries, RegistryContainers.TimeOf(info.SystemTime) ?? session.Options.Time.GetUtcNow()));
    }

    /// <summary>The containers running on a node (docker ps), read once per session.</summary>
    private static Task<IList<ContainerListResponse>> RunningContainersAsync(LabSession session, NodeHandle node, CancellationToken cancellationToken) =>
        session.MemoAsync($"docker ps on {node.Name}", ct => session.DockerCallAsync($"docker ps on {node.Name}", c => node.Docker.Containers.ListContainersAsync(new ContainersListParameters(), c), ct), cancellationToken);

    /// <summary>A registry container: image registry (registry:2, any tag or host) or the lesson's name for it.</summary>
    internal static bool IsRegistry(ContainerListResponse container) =>
        Repository(container.Image) == "registry" || container.Names.Any(n => n.TrimStart('/') == "registry");

    /// <summary>Said where a certificate is not trusted and the target named a CA this run did not trust.</summary>
    private static string UntrustedTargetCa(LabSession session, RegistryTarget registry) =>
        registry.CaFile is not null && !session.Options.TrustsTargetCa
            ? "; the CA file the target names is not a trust anchor in this run (trust anchors come from the instructor: the system's and OMISTACK_REGISTRY_CA)"
            : "";

    private static async Task<Judgement> RegistryTlsAsync(LabSession session, CancellationToken cancellationToken)
    {
        if (session.Target.Registry is not { } registry)
        {
            return NoRegistry;
        }

        var tls = await session.Registry().TlsAsync(cancellationToken).ConfigureAwait(false);
        return tls switch
        {
            { Transport: RegistryTransport.NoAnswer } => Judgement.Inconclusive($"{tls.Problem} ({tls.Detail})"),
            { Problem: null } => Judgement.Pass(tls.Detail),
            { Transport: RegistryTransport.Https } => Judgement.Fail($"{tls.Problem} ({tls.Detail}){UntrustedTargetCa(session, registry)}"),
            _ => Judgement.Fail(tls.Problem!),
        };
    }

    private static async Task<Judgement> RegistryImagesAsync(LabSession session, CancellationToken cancellationToken)
    {
        if (session.Target.Registry is not { } registry)
        {
            return NoRegistry;
        }

        var tls = await session.Registry().TlsAsync(cancellationToken).ConfigureAwait(false);
        switch (tls.Transport)
        {
            case RegistryTransport.NoAnswer:
                return Judgement.Inconclusive(tls.Problem!);
            case RegistryTransport.Refused or RegistryTransport.Other:
                return Judgement.Fail($"no registry answers: {tls.Problem}");
        }

        var (repositories, error) = await (await session.Registry().ApiAsync(cancellationToken).ConfigureAwait(false)).CatalogAsync(tls.Transport, cancellationToken).ConfigureAwait(false);
        if (repositories is null)
        {
            return Judgement.Fail(error!);
        }

        var missing = StackImages.Where(r => !repositories.Contains(r)).ToList();
        var catalog = repositories.Count == 0 ? "an empty catalog" : $"catalog: {string.Join(", ", repositories)}";
        return missing.Count == 0
            ? Judgement.Pass(catalog)
            : Judgement.Fail($"{string.Join(" and ", missing)} missing ({catalog})").WithParts(StackImages.Length - missing.Count, StackImages.Length);
    }

    private static async Task<Judgement> RegistryPullAsync(LabSession session, CancellationToken cancellationToken)
    {
        if (session.Target.Registry is not { } registry)
        {
            return NoRegistry;
        }

        if (session.Target.Nodes.Count < 2)
        {
            return Judgement.Inconclusive("the target has no second node to pull on");
        }

        if (!session.Options.RegistryPullProbe)
        {
            return Judgement.Inconclusive("the registry.pull probe is switched off for this run");
        }

        var probe = await session.NodeAsync(session.Target.Nodes[1], cancellationToken).ConfigureAwait(false);
        if (probe.Handle is not { } worker)
        {
            return probe.AsGathered().Problem!;
        }

        var image = $"{RegistryReference(registry)}/database";
        // By digest where the registry tells it: the pull then adds no tag and never moves the node's
        // own :latest (which the student may have pulled, or built, before).
        var tls = await session.Registry().TlsAsync(cancellationToken).ConfigureAwait(false);
        var digest = tls.Transport is RegistryTransport.Https or RegistryTransport.PlainHttp
            ? await (await session.Registry().ApiAsync(cancellationToken).ConfigureAwait(false)).ManifestDigestAsync(tls.Transport, "database", "latest", cancellationToken).ConfigureAwait(false)
            : null;
        var reference = digest is null ? $"{image}:latest" : $"{image}@{digest}";
        var existed = await ExistsAsync(session, worker, reference, cancellationToken).ConfigureAwait(false);
        string? error = null;
        string? leftBehind = null;
        var pulling = new Progress<JSONMessage>(m => error ??= m.Error?.Message);
        // On the node's own connection (Docker.DotNet sends a pull with no timeout of its own; the poll below bounds
        // it): a second connection cost a `docker system dial-stdio` exec, the cold path's largest single step here.
        // No other check of the final stage asks this node's engine (the swarm is read from the manager, the registry's
        // container on its own node), so judged beside them (where every check is asked) the pull has the connection alone.
        var puller = worker.Docker;
        try
        {
            await Harness.Waiting.Poll.WithinAsync(
                $"docker pull {reference} on {worker.Name}",
                session.Options.PullTimeout,
                async ct => { await puller.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image, Tag = digest ?? "latest" }, null, pulling, ct).ConfigureAwait(false); return true; },
                session.Options.Time,
                cancellationToken).ConfigureAwait(false);
            if (error is null && !await ExistsAsync(session, worker, reference, cancellationToken).ConfigureAwait(false))
            {
                error = "the pull reported no error, but the image is not there";
            }
        }
        catch (DockerApiException ex)
        {
            error = ex.ResponseBody?.Trim() is { Length: > 0 } body ? body : ex.Message;
        }
        finally
        {
            // The one change the harness makes, undone where the image was not there before, whatever the
            // pull did (a timeout or a failure included): under its own bound, not the check's deadline.
            if (!existed)
            {
                leftBehind = await RemoveProbeImageAsync(session, worker, reference).ConfigureAwait(false);
            }
        }

        var note = leftBehind is null ? "" : $" ({leftBehind})";
        return error is not null
            ? Judgement.Fail($"docker pull {image} on {worker.Name} failed: {error}{note}")
            : Judgement.Pass($"{worker.Name} pulled {image}{(existed ? " (it had it already)" : "")}{note}");
    }

    /// <summary>Removes the probe's pulled image where it is there; null when nothing is left behind, else what is.</summary>
    private static async Task<string?> RemoveProbeImageAsync(LabSession session, NodeHandle node, string image)
    {
        try
        {
            if (!await ExistsAsync(session, node, image, CancellationToken.None).ConfigureAwait(false))
            {
                return null;
            }

            await session.DockerCallAsync($"docker rmi {image} on {node.Name}", ct => node.Docker.Images.DeleteImageAsync(image, new ImageDeleteParameters(), ct), CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or Harness.Waiting.DeadlineExceededException or OperationCanceledException)
        {
            return $"the probe's copy {image} could not be removed from {node.Name}: {ex.Message}";
        }
    }

    private static async Task<bool> ExistsAsync(LabSession session, NodeHandle node, string image, CancellationToken cancellationToken)
    {
        try
        {
            await session.DockerCallAsync($"docker image inspect {image} on {node.Name}", ct => node.Docker.Images.InspectImageAsync(image, ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }
}
