using OmiStack.Harness.Evidence;
using Docker.DotNet;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Ssh;
using OmiStack.Harness.Targets;
using OmiStack.Harness.Waiting;

namespace OmiStack.Harness.Docker;

/// <summary>
/// The swarm as a session reads it (the Docker and Swarm resource): from the manager, the target's first
/// node, once per session and shared by the checks, polled while it converges.
/// </summary>
public static class SwarmGathering
{
    extension(LabSession session)
    {
        /// <summary>The manager: the target's first node.</summary>
        public NodeTarget Manager => session.Target.Nodes[0];

        /// <summary>The swarm as the manager reports it, gathered once unless <paramref name="refresh"/>.</summary>
        public async Task<Gathered<SwarmSnapshot>> SwarmAsync(bool refresh = false, CancellationToken cancellationToken = default) =>
            (Gathered<SwarmSnapshot>)await session.Shared.GetAsync("swarm", refresh, async () => await GatherAsync(session, session.Closing).ConfigureAwait(false)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Gathered<SwarmSnapshot>> GatherAsync(LabSession session, CancellationToken cancellationToken)
    {
        var probe = await session.NodeAsync(session.Manager, cancellationToken).ConfigureAwait(false);
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
