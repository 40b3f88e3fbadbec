using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using OmiStack.Harness.Gathering;

namespace OmiStack.Harness.Docker;

/// <summary>
/// Whether a swarm service stays up, read from the swarm's own record of it (the task history 'docker service ps'
/// shows: each slot's last tasks, their state, error and time) rather than from one instant: the tasks of its
/// current spec that failed or were rejected within the failure window, and how long its running tasks have been
/// up. A shutdown the swarm or the student ordered (a scale-down, a rolling update, 'docker service update', a
/// drained node) is state Shutdown, never a failure, nor is a container stopped by hand ('docker stop': exit 143 on
/// SIGTERM, or a clean exit); a task that failed and was replaced is one. Failures of an
/// earlier spec (the student has since changed the service) do not count: the swarm's own test of a task being
/// of the current spec is its spec equal to the service's task template.
/// </summary>
/// <param name="Name">The service's name.</param>
/// <param name="Failures">The failed or rejected tasks of the current spec within the window, the latest first.</param>
/// <param name="Youngest">How long the youngest running task has been up; null where none runs or the swarm gave no times.</param>
/// <param name="Rules">The settle time and window it was judged by.</param>
public sealed record ServiceStability(string Name, IReadOnlyList<TaskResponse> Failures, TimeSpan? Youngest, StabilityOptions Rules)
{
    private const int ErrorLength = 200;

    /// <summary>
    /// The exit code of a container that ended on SIGTERM (128 + 15): what 'docker stop' sends. Somebody stopped it (the
    /// student, or the self-healing probe), which is an ordered shutdown, not a crash.
    /// </summary>
    private const long StoppedByHand = 143;

    /// <summary>Tasks failed or were rejected within the window: the service does not stay up (a crash loop).</summary>
    public bool Unsteady => Failures.Count > 0;

    /// <summary>No failure, but a running task is younger than the settle time: worth waiting for.</summary>
    public bool Settling => !Unsteady && Youngest is { } youngest && youngest < Rules.Settle;

    /// <summary>Reads a service's stability from a snapshot.</summary>
    public static ServiceStability Of(SwarmSnapshot swarm, SwarmService service, StabilityOptions rules)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(rules);
        var tasks = swarm.Tasks.Where(t => t.ServiceID == service.ID).ToList();
        var template = new Lazy<JsonNode?>(() => service.Spec?.TaskTemplate is { } spec ? Comparable(spec) : null);
        var failures = tasks
            .Where(t => t.Status?.State is TaskState.Failed or TaskState.Rejected && Age(swarm, t) is { } age && age <= rules.FailureWindow)
            .Where(t => t.Status?.ContainerStatus?.ExitCode != StoppedByHand)
            .Where(t => OfCurrentSpec(t, template))
            .OrderByDescending(t => t.Status!.Timestamp)
            .ToList();
        var youngest = swarm.RunningTasks(service).Select(t => Age(swarm, t)).OfType<TimeSpan>().DefaultIfEmpty(TimeSpan.MaxValue).Min();
        return new ServiceStability(service.Spec?.Name ?? service.ID, failures, youngest == TimeSpan.MaxValue ? null : youngest, rules);
    }

    /// <summary>
    /// Why the service does not stay up, as an instructor says it: how many tasks failed in the window and on which
    /// nodes, the last error and its time, what that means, and the commands to look. Null where it is steady.
    /// </summary>
    public string? Describe(SwarmSnapshot swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        if (!Unsteady)
        {
            return null;
        }

        var last = Failures[0];
        var nodes = Failures.Select(t => t.NodeID).OfType<string>().Where(id => id.Length > 0).Select(swarm.NodeName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var error = Clip(last.Status?.Err is { Length: > 0 } err ? err : last.Status?.Message ?? "no error given");
        var count = Failures.Count == 1 ? "1 task failed" : $"{Failures.Count} tasks failed";
        var where = nodes.Count == 0 ? "" : $" on {string.Join(", ", nodes)}";
        var at = Utc(last.Status!.Timestamp!.Value).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return $"{count}{where} in the last {Rules.WindowText}, the last with '{error}' at {at} UTC; {Meaning()}"
            + $" — docker service ps --no-trunc {Name} and docker service logs {Name}";
    }

    /// <summary>What the settle time still asks for, as motion: "mediawiki_web up 4 s of 10 s"; null where none.</summary>
    public string? SettlingText => Settling ? $"{Name} up {Youngest!.Value.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s of {Rules.Settle.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s" : null;

    /// <summary>Why a service that runs now does not count yet: its youngest task has not been up for the settle time.</summary>
    public string? NotSettledText => Settling
        ? $"its youngest task has been up {Youngest!.Value.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s, and a task counts as running once it stays up {Rules.Settle.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"
        : null;

    private string Meaning()
    {
        var exits = Failures.All(t => t.Status?.State == TaskState.Failed && (t.Status.Err ?? "").StartsWith("task: non-zero exit", StringComparison.Ordinal));
        var rejected = Failures.All(t => t.Status?.State == TaskState.Rejected);
        return (exits, rejected, Failures.Count > 1) switch
        {
            (true, _, true) => "its container keeps exiting",
            (true, _, false) => "its container exited and was replaced",
            (_, true, _) => "the node rejected its task (the container could not be created or started there)",
            (_, _, true) => "its tasks keep failing",
            _ => "its task failed and was replaced",
        };
    }

    /// <summary>How long ago a task's state last changed, by the manager's clock; null where the swarm gave no time.</summary>
    private static TimeSpan? Age(SwarmSnapshot swarm, TaskResponse task) =>
        task.Status?.Timestamp is { } at && at != default ? swarm.ManagerTime - Utc(at) : null;

    /// <summary>A time the API gave (UTC, 'Z'), as UTC whatever kind the reader made of it.</summary>
    private static DateTimeOffset Utc(DateTime at) =>
        at.Kind == DateTimeKind.Local ? new DateTimeOffset(at.ToUniversalTime()) : new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    /// <summary>
    /// Whether a task was made from the service's current spec: the swarm's own test (its updater calls a task
    /// whose spec differs from the service's task template dirty). Compared as the API gives both; a task without a
    /// spec counts (nothing tells it apart). Only failed tasks are compared, so a healthy lab compares nothing.
    /// </summary>
    private static bool OfCurrentSpec(TaskResponse task, Lazy<JsonNode?> template) =>
        task.Spec is null || template.Value is null || JsonNode.DeepEquals(Comparable(task.Spec), template.Value);

    /// <summary>
    /// A task spec as the two are compared: the daemon writes Runtime ("container") into a service's task template and
    /// not into its tasks' specs (seen on engine 20.10), so it is left out; every other field is the swarm's copy.
    /// </summary>
    private static JsonNode Comparable(TaskSpec spec)
    {
        var node = JsonSerializer.SerializeToNode(spec)!;
        node.AsObject().Remove(nameof(TaskSpec.Runtime));
        return node;
    }

    private static string Clip(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= ErrorLength ? line : line[..ErrorLength] + "…";
    }
}
