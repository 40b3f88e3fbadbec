using OmiStack.Harness.Checks;
using OmiStack.Harness.Targets;

namespace OmiStack.Harness.Rancher;

/// <summary>One environment (project) as the Lesson 2 checks read it.</summary>
public sealed record RancherState(
    RancherProject Project,
    IReadOnlyList<RancherHost> Hosts,
    IReadOnlyList<RancherStackResource> Stacks,
    IReadOnlyList<RancherService> Services)
{
    /// <summary>The collection names of <see cref="Unreadable"/>.</summary>
    public const string HostsCollection = "hosts", StacksCollection = "stacks", ServicesCollection = "services", ContainersCollection = "containers";

    /// <summary>The environment's containers (the services' instances, with how often Rancher started each); empty where none could be read.</summary>
    public IReadOnlyList<RancherContainer> Containers { get; init; } = [];

    /// <summary>The grader's clock when the state was read (kept in evidence: a re-judge reads the same time); null where unknown.</summary>
    public DateTimeOffset? ReadAt { get; init; }

    /// <summary>The containers of a service.</summary>
    public IReadOnlyList<RancherContainer> ContainersOf(RancherService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return [.. Containers.Where(c => c.State is not ("removed" or "purged") && (c.ServiceIds?.Contains(service.Id) ?? false))];
    }

    /// <summary>
    /// Collections that could not be read, with the judgement of a check that needs them (their list
    /// above is then empty): one failed request spoils only the checks that read that collection.
    /// </summary>
    public IReadOnlyDictionary<string, Judgement> Unreadable { get; init; } = new Dictionary<string, Judgement>();

    /// <summary>Why a check that reads <paramref name="collections"/> cannot judge, or null when all of them were read.</summary>
    public Judgement? ProblemFor(params string[] collections) =>
        collections.Select(c => Unreadable.GetValueOrDefault(c)).FirstOrDefault(j => j is not null);

    private static readonly HashSet<string> SettlingStates = new(StringComparer.Ordinal)
    {
        "activating", "registering", "reconnecting", "finishing-reconnect", "requested", "updating-active",
        "upgrading", "finishing-upgrade", "restarting", "rolling-back", "initializing", "reinitializing",
    };

    /// <summary>Something is on its way to a new state (transitioning, activating, health initializing): worth polling.</summary>
    public bool Settling => Motion is not null;

    /// <summary>What is on its way to a new state, in words ("host rancher-host1 activating"); null when nothing is (<see cref="Settling"/>).</summary>
    public string? Motion
    {
        get
        {
            bool Moves(string? transitioning, string state, string? health) =>
                transitioning == "yes" || SettlingStates.Contains(state) || SettlingStates.Contains(health ?? "");
            var moving = Hosts.Where(h => Moves(h.Transitioning, h.State, null)).Select(h => $"host {h.Name ?? h.Hostname ?? h.Id} {h.State}")
                .Concat(Stacks.Where(s => Moves(s.Transitioning, s.State, s.HealthState)).Select(s => $"stack {s.Name} {s.State}"))
                .Concat(Services.Where(s => Moves(s.Transitioning, s.State, s.HealthState)).Select(s => $"service {s.Name} {s.State}{(SettlingStates.Contains(s.HealthState ?? "") ? $", {s.HealthState}" : "")}"))
                .ToList();
            return moving.Count == 0 ? null : string.Join(", ", moving.Take(3)) + (moving.Count > 3 ? $" and {moving.Count - 3} more" : "");
        }
    }

    /// <summary>The stack of that name (Rancher names are case-sensitive; a case slip is still found).</summary>
    public RancherStackResource? Stack(string name) =>
        Stacks.FirstOrDefault(s => s.Name == name && s.State != "removed")
        ?? Stacks.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase) && s.State != "removed");

    /// <summary>The services of a stack.</summary>
    public IReadOnlyList<RancherService> ServicesOf(RancherStackResource stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return [.. Services.Where(s => s.State != "removed" && (s.StackId == stack.Id || (stack.ServiceIds?.Contains(s.Id) ?? false)))];
    }

    /// <summary>The Rancher host that is the target's host: by host name, else by name, else by agent IP.</summary>
    public RancherHost? HostFor(NodeTarget host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var live = Hosts.Where(h => h.State is not ("removed" or "purged")).ToList();
        return live.FirstOrDefault(h => string.Equals(h.Hostname, host.Name, StringComparison.OrdinalIgnoreCase))
            ?? live.FirstOrDefault(h => string.Equals(h.Name, host.Name, StringComparison.OrdinalIgnoreCase))
            ?? live.FirstOrDefault(h => SameHost(h.Hostname, host.Name))
            ?? live.FirstOrDefault(h => h.AgentIpAddress == host.Address);
    }

    /// <summary>A short name and its FQDN (OpenStack VMs report e.g. host1.novalocal) are the same host.</summary>
    private static bool SameHost(string? reported, string name)
    {
        if (reported is null)
        {
            return false;
        }

        return reported.StartsWith(name + ".", StringComparison.OrdinalIgnoreCase) || name.StartsWith(reported + ".", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A host's name as people know it.</summary>
    public static string NameOf(RancherHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Hostname ?? host.Name ?? host.Id;
    }
}
