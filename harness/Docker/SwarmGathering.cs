using OmiStack.Harness.Evidence;
using Docker.DotNet;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Ssh;
using OmiStack.Harness.Waiting;

namespace OmiStack.Harness.Docker;

/// <summary>
/// The swarm as a session reads it (the Docker and Swarm resource, <see cref="DockerPack"/>): from the manager, the
/// target's first node.
/// </summary>
internal static class SwarmGathering
{
    /// <summary>The swarm as the manager reports it now (<see cref="DockerPack.SwarmAsync"/> shares it).</summary>
    internal static async Task<Gathered<SwarmSnapshot>> GatherAsync(LabSession session, CancellationToken cancellationToken)
    {
        var probe = await session.NodeAsync(session.Docker().Manager, cancellationToken).ConfigureAwait(false);
        if (probe.Handle is not { } manager)
        {
            return Gathered<SwarmSnapshot>.Because(Judgement.Inconclusive(NodeProbe.Describe(probe.Error!)));
        }

        try
        {
            // The first gather uses the info the connect just read (one round trip fewer); a re-gather (polling) reads it anew.
            // Whether it did depends on time, so the evidence keeps the choice: a re-judge makes the same one, and asks the same questions.
            var taken = manager.TakeConnectInfo(session.Options.Time.GetUtcNow(), TimeSpan.FromSeconds(2));
            var reused = await session.Evidence.ThroughAsync(EvidenceKinds.Choice, $"{manager.Name} reuses the connect's docker info", () => Task.FromResult(new ConnectInfoChoice(taken is not null)), cancellationToken).ConfigureAwait(false);
            var info = reused.Reused
                ? manager.Info
                : await session.DockerCallAsync($"docker info on {manager.Name}", ct => manager.Docker.System.GetSystemInfoAsync(ct), cancellationToken).ConfigureAwait(false);
            var state = info.Swarm?.LocalNodeState ?? "inactive";
            if (state != "active")
            {
                return Gathered<SwarmSnapshot>.Because(Judgement.Fail($"no active swarm on {manager.Name} (Swarm: {state})"));
            }

            if (info.Swarm?.ControlAvailable != true)
            {
                return Gathered<SwarmSnapshot>.Because(Judgement.Fail($"{manager.Name} is in a swarm but not a manager"));
            }

            var nodes = session.DockerCallAsync("docker node ls", ct => manager.Docker.Swarm.ListNodesAsync(ct), cancellationToken);
            var services = session.DockerCallAsync("docker service ls", ct => manager.Docker.Swarm.ListServicesAsync(cancellationToken: ct), cancellationToken);
            var tasks = session.DockerCallAsync("docker service ps", ct => manager.Docker.Tasks.ListAsync(ct), cancellationToken);
            return Gathered<SwarmSnapshot>.Of(new SwarmSnapshot(
                manager.Name,
                [.. await nodes.ConfigureAwait(false)],
                [.. await services.ConfigureAwait(false)],
                [.. await tasks.ConfigureAwait(false)],
                session.Options.Time.GetUtcNow())
            {
                ManagerTime = DateTimeOffset.TryParse(info.SystemTime, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var managerTime) ? managerTime : session.Options.Time.GetUtcNow(),
            });
        }
        catch (Exception ex) when (ex is DockerApiException or DeadlineExceededException or SshUnavailableException or HttpRequestException or IOException)
        {
            return Gathered<SwarmSnapshot>.Because(Judgement.Inconclusive($"gathering the swarm from {manager.Name} failed: {NodeProbe.Describe(ex)}"));
        }
    }
}

/// <summary>Whether a swarm gathering used the docker info its node's connect had just read (kept in evidence: it depends on time).</summary>
public sealed record ConnectInfoChoice(bool Reused);
