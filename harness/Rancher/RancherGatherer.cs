using OmiStack.Harness.Evidence;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Targets;

namespace OmiStack.Harness.Rancher;

/// <summary>What GET /v2-beta/schemas returned with the key, or why there was no answer.</summary>
public sealed record RancherServerAnswer(RancherResponse? Response, RancherApiException? Error);

/// <summary>The grader's clock when a Rancher state was read (a choice kept in evidence: ages of containers depend on it).</summary>
public sealed record RancherClock(DateTimeOffset At);

/// <summary>Whether the key authenticates, and whether the server asks for a key at all.</summary>
public sealed record RancherAccess(RancherResponse Keyed, RancherResponse Anonymous, IReadOnlyList<RancherApiKey>? Keys);

/// <summary>
/// Reads a Rancher 1.6 server through its v2-beta API for the Lesson 2 checks: once per session,
/// polled again while something settles. Failures become judgements: a server that cannot be read
/// makes the checks that need it inconclusive (rancher.server and rancher.auth say why).
/// </summary>
public static class RancherGatherer
{
    private const string StateKey = "rancher.state";

    /// <summary>The API client for the target's server and key.</summary>
    internal static RancherClient ClientFor(LabSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var rancher = RancherOf(session);
        return new RancherClient(rancher.Url, rancher.AccessKey, rancher.SecretKey, session.Options.RancherTimeout) { Evidence = session.Evidence };
    }

    /// <summary>GET /v2-beta/schemas with the key: the document every Rancher client starts from.</summary>
    internal static Task<RancherServerAnswer> ServerAsync(LabSession session, CancellationToken cancellationToken = default) =>
        session.MemoAsync("rancher.server", async ct =>
        {
            try
            {
                return new RancherServerAnswer(await ClientFor(session).SendAsync("/v2-beta/schemas", cancellationToken: ct).ConfigureAwait(false), null);
            }
            catch (RancherApiException ex)
            {
                return new RancherServerAnswer(null, ex);
            }
        }, cancellationToken);

    /// <summary>The projects collection with the key and without it; the API keys where access control is off.</summary>
    internal static Task<Gathered<RancherAccess>> AccessAsync(LabSession session, CancellationToken cancellationToken = default) =>
        session.MemoAsync("rancher.access", async ct =>
        {
            var client = ClientFor(session);
            try
            {
                var keyed = await client.SendAsync("/v2-beta/projects", cancellationToken: ct).ConfigureAwait(false);
                var anonymous = await client.SendAsync("/v2-beta/projects", anonymous: true, cancellationToken: ct).ConfigureAwait(false);
                IReadOnlyList<RancherApiKey>? keys = null;
                if (keyed.Status == 200 && anonymous.Status == 200)
                {
                    // Access control off: Rancher takes any request, so the key itself is only proved by the list of keys.
                    try
                    {
                        keys = await client.ListAsync<RancherApiKey>("/v2-beta/apikeys", ct).ConfigureAwait(false);
                    }
                    catch (RancherApiException)
                    {
                        keys = null; // reported as "could not be listed"
                    }
                }

                return Gathered<RancherAccess>.Of(new RancherAccess(keyed, anonymous, keys));
            }
            catch (RancherApiException ex)
            {
                return Gathered<RancherAccess>.Because(Unreadable(ex));
            }
        }, cancellationToken);

    /// <summary>
    /// The hosts, stacks and services of the environment holding stack <paramref name="stack"/> (else the
    /// first active one), gathered once; <paramref name="refresh"/> reads again.
    /// </summary>
    internal static Task<Gathered<RancherState>> StateAsync(LabSession session, string stack, bool refresh = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var key = $"{StateKey}:{stack}";
        if (refresh)
        {
            session.Forget(key);
        }

        return session.MemoAsync(key, ct => GatherStateAsync(session, stack, ct), cancellationToken);
    }

    /// <summary>Why the API could not be read, as the judgement of a check that needs it.</summary>
    public static Judgement Unreadable(RancherApiException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Status is 401 or 403
            ? Judgement.Inconclusive($"the Rancher API refused the key ({error.Message}; see rancher.auth)")
            : Judgement.Inconclusive($"the Rancher API could not be read ({error.Message}; see rancher.server)");
    }

    /// <summary>Why one collection could not be read: a check that needs it is inconclusive, naming the request.</summary>
    public static Judgement Unreadable(RancherApiException error, string collection)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Judgement.Inconclusive($"the Rancher API could not list {collection} ({error.Message})");
    }

    /// <summary>A failure of one collection (an error status, a malformed answer), not of the server or the key.</summary>
    private static bool OneCollection(RancherApiException error) =>
        error.Failure == RancherFailure.Malformed || (error.Failure == RancherFailure.Status && error.Status is not (401 or 403));

    private static async Task<IReadOnlyList<T>> ReadAsync<T>(Task<IReadOnlyList<T>> reading, string collection, Dictionary<string, Judgement> unreadable)
    {
        try
        {
            return await reading.ConfigureAwait(false);
        }
        catch (RancherApiException ex) when (OneCollection(ex))
        {
            unreadable[collection] = Unreadable(ex, collection);
            return [];
        }
    }

    private static async Task<Gathered<RancherState>> GatherStateAsync(LabSession session, string stack, CancellationToken cancellationToken)
    {
        var client = ClientFor(session);
        try
        {
            var projects = (await client.ListAsync<RancherProject>("/v2-beta/projects", cancellationToken).ConfigureAwait(false))
                .Where(p => p.State is null or "active").ToList();
            if (projects.Count == 0)
            {
                return Gathered<RancherState>.Because(Judgement.Fail("the key sees no active environment (GET /v2-beta/projects is empty)"));
            }

            var unreadable = new Dictionary<string, Judgement>(StringComparer.Ordinal);
            RancherState? chosen = null;
            foreach (var project in projects.Take(10))
            {
                IReadOnlyList<RancherStackResource> stacks;
                try
                {
                    stacks = await client.ListAsync<RancherStackResource>(Link(project, "stacks"), cancellationToken).ConfigureAwait(false);
                }
                catch (RancherApiException ex) when (OneCollection(ex))
                {
                    unreadable[RancherState.StacksCollection] = Unreadable(ex, RancherState.StacksCollection);
                    stacks = [];
                }

                var candidate = new RancherState(project, [], stacks, []);
                if (chosen is null || candidate.Stack(stack) is not null)
                {
                    chosen = candidate;
                }

                if (candidate.Stack(stack) is not null)
                {
                    break;
                }
            }

            // Each collection on its own: one that cannot be read spoils only the checks that read it.
            var hostsReading = client.ListAsync<RancherHost>(Link(chosen!.Project, "hosts"), cancellationToken);
            var servicesReading = client.ListAsync<RancherService>(Link(chosen.Project, "services"), cancellationToken);
            var balancersReading = client.ListAsync<RancherService>(Link(chosen.Project, "loadBalancerServices"), cancellationToken);
            var containersReading = client.ListAsync<RancherContainer>(Link(chosen.Project, "containers"), cancellationToken);
            var readAt = await session.Evidence.ThroughAsync(EvidenceKinds.Choice, "the grader's clock as the Rancher state is read", () => Task.FromResult(new RancherClock(session.Options.Time.GetUtcNow())), cancellationToken).ConfigureAwait(false);
            var hosts = await ReadAsync(hostsReading, RancherState.HostsCollection, unreadable).ConfigureAwait(false);
            foreach (var host in hosts)
            {
                // Each registered host has its own uuid: two students whose servers list the same host share one installation.
                session.NoteEnvironment(EnvironmentKind.RancherHost, host.Uuid);
            }

            var services = (await ReadAsync(servicesReading, RancherState.ServicesCollection, unreadable).ConfigureAwait(false)).ToList();

            // v2-beta lists every kind under services; the balancers' own collection is read too, in
            // case a server lists them only there (a server without it answers 404).
            try
            {
                var balancers = await balancersReading.ConfigureAwait(false);
                services.AddRange(balancers.Where(b => services.All(s => s.Id != b.Id)));
            }
            catch (RancherApiException ex) when (ex.Status == 404 || unreadable.ContainsKey(RancherState.ServicesCollection))
            {
                // no such collection (services has them all), or services already could not be read
            }
            catch (RancherApiException ex) when (OneCollection(ex))
            {
                unreadable[RancherState.ServicesCollection] = Unreadable(ex, "loadBalancerServices");
            }

            // The containers tell restarts (startCount) apart; a server that does not list them leaves only that rule unjudged.
            var containers = await ReadAsync(containersReading, RancherState.ContainersCollection, unreadable).ConfigureAwait(false);
            return Gathered<RancherState>.Of(chosen with { Hosts = hosts, Services = services, Containers = containers, ReadAt = readAt.At, Unreadable = unreadable });
        }
        catch (RancherApiException ex)
        {
            return Gathered<RancherState>.Because(Unreadable(ex));
        }
    }

    // The project's own link where it carries one (it names the server as the server sees itself,
    // which may be a private address): only its path is used, below the target's url.
    private static string Link(RancherProject project, string collection) =>
        project.Links is not null && project.Links.TryGetValue(collection, out var link) && Uri.TryCreate(link, UriKind.Absolute, out var uri)
            ? uri.PathAndQuery
            : $"/v2-beta/projects/{project.Id}/{collection.ToLowerInvariant()}";

    private static RancherTarget RancherOf(LabSession session) =>
        session.Target.Rancher ?? throw new InvalidOperationException("The target has no rancher section.");
}
