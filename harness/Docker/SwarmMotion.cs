using System.Globalization;
using Docker.DotNet.Models;

namespace OmiStack.Harness.Docker;

/// <summary>
/// What in a swarm is still on its way somewhere, read from Docker's own signals, so that a check waits
/// only for what is moving and judges a settled state at once: tasks whose state is on its way to
/// the desired one (new … starting), a service update in progress (UpdateStatus), a service or task
/// changed in the last few seconds, a node whose state is not known yet, and, given the stability rules, running
/// tasks younger than the settle time. A missing service, a settled wrong mode, tasks rejected for good ("no
/// suitable node"), or a service whose tasks keep failing (a crash loop never settles: it is judged at once) are
/// not motion.
/// </summary>
public static class SwarmMotion
{
    /// <summary>How recent a change still counts as motion (Docker writes a task's state as it moves).</summary>
    public static readonly TimeSpan Recent = TimeSpan.FromSeconds(3);

    private static readonly HashSet<TaskState> OnTheirWay =
    [
        TaskState.New, TaskState.Allocated, TaskState.Pending, TaskState.Assigned,
        TaskState.Accepted, TaskState.Preparing, TaskState.Ready, TaskState.Starting,
    ];

    /// <summary>
    /// What of <paramref name="services"/> is moving (a sentence), or null when all of it has settled; with
    /// <paramref name="stability"/>, a service whose tasks are younger than its settle time is moving, one whose
    /// tasks failed within its window is not.
    /// </summary>
    public static string? Of(SwarmSnapshot swarm, IEnumerable<SwarmService?> services, Gathering.StabilityOptions? stability = null)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        ArgumentNullException.ThrowIfNull(services);
        var moving = new List<string>();
        foreach (var service in services.OfType<SwarmService>())
        {
            var name = service.Spec?.Name ?? service.ID;
            if (service.UpdateStatus?.State is "updating" or "rollback_started")
            {
                moving.Add($"{name} {service.UpdateStatus.State.Replace('_', ' ')}");
                continue;
            }

            var steadiness = stability is null ? null : ServiceStability.Of(swarm, service, stability);
            if (steadiness?.Unsteady == true)
            {
                continue;
            }

            var tasks = swarm.Tasks.Where(t => t.ServiceID == service.ID).ToList();
            var starting = tasks.Count(t => t.DesiredState == TaskState.Running && t.Status is { State: { } state } status && OnTheirWay.Contains(state) && !RejectedForGood(status));
            var stopping = tasks.Count(t => t.DesiredState != TaskState.Running && t.Status?.State == TaskState.Running);
            if (starting > 0 || stopping > 0)
            {
                moving.Add(string.Join(", ", new[] { starting > 0 ? $"{starting} task(s) of {name} starting" : null, stopping > 0 ? $"{stopping} task(s) of {name} stopping" : null }.OfType<string>()));
                continue;
            }

            var changed = tasks.Select(t => t.Status?.Timestamp ?? t.UpdatedAt).Append(service.UpdatedAt).Max() ?? default;
            if (Age(swarm, changed) is { } age && age < Recent)
            {
                moving.Add($"{name} changed {age.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s ago");
                continue;
            }

            if (steadiness?.SettlingText is { } settling)
            {
                moving.Add(settling);
            }
        }

        return moving.Count == 0 ? null : string.Join("; ", moving);
    }

    /// <summary>Nodes whose state Docker does not know yet (joining, restarting), or null.</summary>
    public static string? OfNodes(SwarmSnapshot swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        var unknown = swarm.Nodes.Where(n => n.Status?.State is null or "unknown").Select(n => n.Description?.Hostname ?? n.ID).ToList();
        return unknown.Count == 0 ? null : $"{string.Join(", ", unknown)} in state unknown (joining or restarting)";
    }

    /// <summary>
    /// A task the scheduler cannot place and will not place without a change by the student:
    /// "no suitable node (…)", an image that does not exist.
    /// </summary>
    private static bool RejectedForGood(global::Docker.DotNet.Models.TaskStatus status) =>
        (status.Err ?? status.Message ?? "").Contains("no suitable node", StringComparison.OrdinalIgnoreCase)
        || (status.Err ?? "").Contains("No such image", StringComparison.OrdinalIgnoreCase);

    private static TimeSpan? Age(SwarmSnapshot swarm, DateTime changed) =>
        changed == default ? null : swarm.ManagerTime - new DateTimeOffset(DateTime.SpecifyKind(changed, DateTimeKind.Utc));
}
