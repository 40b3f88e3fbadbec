using Docker.DotNet.Models;

namespace OmiStack.Harness.Docker;

/// <summary>The swarm as the manager reports it: nodes, services and tasks at one moment.</summary>
public sealed record SwarmSnapshot(
    string Manager,
    IReadOnlyList<NodeListResponse> Nodes,
    IReadOnlyList<SwarmService> Services,
    IReadOnlyList<TaskResponse> Tasks,
    DateTimeOffset TakenAt)
{
    /// <summary>The manager's own clock when the snapshot was taken (docker info's SystemTime), else <see cref="TakenAt"/>: ages of tasks are measured against it.</summary>
    public DateTimeOffset ManagerTime { get; init; } = TakenAt;

    /// <summary>A service by name, or null.</summary>
    public SwarmService? Service(string name) => Services.FirstOrDefault(s => s.Spec?.Name == name);

    /// <summary>The tasks of a service that are running now.</summary>
    public IReadOnlyList<TaskResponse> RunningTasks(SwarmService service) =>
        Tasks.Where(t => t.ServiceID == service.ID && t.Status?.State == TaskState.Running && t.DesiredState == TaskState.Running).ToList();

    /// <summary>The host name of a swarm node id.</summary>
    public string NodeName(string nodeId) => Nodes.FirstOrDefault(n => n.ID == nodeId)?.Description?.Hostname ?? nodeId;

    /// <summary>Desired replicas of a replicated service; null for global ones.</summary>
    public static ulong? DesiredReplicas(SwarmService service) => service.Spec?.Mode?.Replicated?.Replicas;

    /// <summary>"2/3" as docker service ls prints it.</summary>
    public string ReplicasText(SwarmService service) =>
        $"{RunningTasks(service).Count}/{(DesiredReplicas(service) is { } desired ? desired.ToString(System.Globalization.CultureInfo.InvariantCulture) : "global")}";

    /// <summary>The image without its digest: nginx:latest@sha256:… → nginx:latest.</summary>
    public static string ImageOf(SwarmService service)
    {
        var image = service.Spec?.TaskTemplate?.ContainerSpec?.Image ?? "";
        var at = image.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? image : image[..at];
    }

    /// <summary>The latest error of a service's tasks that are not running (e.g. "No such image").</summary>
    public string? LastTaskError(SwarmService service) =>
        Tasks.Where(t => t.ServiceID == service.ID && !string.IsNullOrEmpty(t.Status?.Err))
            .OrderByDescending(t => t.Status!.Timestamp)
            .Select(t => t.Status!.Err)
            .FirstOrDefault();
}
