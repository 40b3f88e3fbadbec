using System.Globalization;
using Docker.DotNet.Models;
using OmiStack.Harness.Gathering;

namespace OmiStack.Harness.Docker;

/// <summary>
/// Whether a container stays up, from the engine's own record of it (docker inspect): restarting now, or restarted
/// by its restart policy since it was last started by hand (the engine counts those restarts and resets the count
/// on 'docker start' and 'docker restart') with the last exit within the failure window; and how long it has been
/// up. Times are read against the node's own clock.
/// </summary>
public static class ContainerStability
{
    /// <summary>
    /// Why the container does not stay up, in words ("it keeps restarting: …"), or null: it is restarting now, or its
    /// policy restarted it and the last exit is within the window.
    /// </summary>
    public static string? Restarts(ContainerInspectResponse inspect, DateTimeOffset nodeTime, StabilityOptions rules)
    {
        ArgumentNullException.ThrowIfNull(inspect);
        ArgumentNullException.ThrowIfNull(rules);
        var state = inspect.State;
        var restarted = inspect.RestartCount;
        var exited = TimeOf(state?.FinishedAt);
        var recent = exited is { } at && nodeTime - at <= rules.FailureWindow;
        if (state?.Restarting != true && !(restarted > 0 && recent))
        {
            return null;
        }

        var name = inspect.Name?.TrimStart('/') is { Length: > 0 } n ? n : inspect.ID[..Math.Min(12, inspect.ID.Length)];
        var times = restarted == 1 ? "once" : $"{restarted.ToString(CultureInfo.InvariantCulture)} times";
        var last = exited is { } when ? $"the last exit (code {state!.ExitCode.ToString(CultureInfo.InvariantCulture)}) at {when.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC" : $"the last exit code {state!.ExitCode.ToString(CultureInfo.InvariantCulture)}";
        var now = state.Restarting ? "it keeps restarting (docker ps: Restarting)" : "it keeps exiting";
        return $"{now}: its restart policy restarted it {times} since it was started, {last} — docker logs {name} and docker ps -a --filter name={name}";
    }

    /// <summary>How long a running container has been up by the node's clock; null where it does not run or gave no time.</summary>
    public static TimeSpan? UpFor(ContainerInspectResponse inspect, DateTimeOffset nodeTime)
    {
        ArgumentNullException.ThrowIfNull(inspect);
        return inspect.State is { Running: true, Restarting: false } state && TimeOf(state.StartedAt) is { } started ? nodeTime - started : null;
    }

    /// <summary>A time as the engine writes it (RFC 3339, UTC); null where it is none (0001-01-01) or not a time.</summary>
    public static DateTimeOffset? TimeOf(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) && at.Year > 1
            ? at
            : null;
}
