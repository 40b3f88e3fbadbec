using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Harness.Docker;

/// <summary>
/// The Docker engines and the swarm of a session (<c>session.Docker()</c>): the swarm read from the manager, the
/// target's first node, once per session and shared by the checks, read again while it converges.
/// </summary>
public readonly struct DockerPack(LabSession session)
{
    /// <summary>The manager: the target's first node.</summary>
    public NodeTarget Manager => session.Target.Nodes[0];

    /// <summary>The swarm as the manager reports it, gathered once unless <paramref name="refresh"/>.</summary>
    public async Task<Gathered<SwarmSnapshot>> SwarmAsync(bool refresh = false, CancellationToken cancellationToken = default)
    {
        var owner = session;
        return (Gathered<SwarmSnapshot>)await owner.Shared.GetAsync("swarm", refresh, async () => await SwarmGathering.GatherAsync(owner, owner.Closing).ConfigureAwait(false)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
