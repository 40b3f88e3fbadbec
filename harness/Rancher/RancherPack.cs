using OmiStack.Harness.Gathering;

namespace OmiStack.Harness.Rancher;

/// <summary>
/// The target's Rancher 1.6 server (<c>session.Rancher()</c>), read through its v2-beta API with the target's key:
/// once per session, read again while something settles. A server that cannot be read makes the checks that need it
/// inconclusive (rancher.server and rancher.auth say why).
/// </summary>
public readonly struct RancherPack(LabSession session)
{
    /// <summary>The API client for the target's server and key, through the session's evidence.</summary>
    public RancherClient Client => RancherGatherer.ClientFor(session);

    /// <summary>GET /v2-beta/schemas with the key: the document every Rancher client starts from.</summary>
    public Task<RancherServerAnswer> ServerAsync(CancellationToken cancellationToken = default) =>
        RancherGatherer.ServerAsync(session, cancellationToken);

    /// <summary>The projects collection with the key and without it; the API keys where access control is off.</summary>
    public Task<Gathered<RancherAccess>> AccessAsync(CancellationToken cancellationToken = default) =>
        RancherGatherer.AccessAsync(session, cancellationToken);

    /// <summary>
    /// The hosts, stacks and services of the environment holding stack <paramref name="stack"/> (else the first active
    /// one), gathered once; <paramref name="refresh"/> reads again.
    /// </summary>
    public Task<Gathered<RancherState>> StateAsync(string stack, bool refresh = false, CancellationToken cancellationToken = default) =>
        RancherGatherer.StateAsync(session, stack, refresh, cancellationToken);
}
