using Docker.DotNet.Models;
using OmiStack.Harness.Docker;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Lesson1;

/// <summary>
/// What registry.running reads on the registry's node: the running containers (docker ps), each registry among them
/// inspected, and the node's clock when read (the restart and up times are the engine's, by its clock).
/// </summary>
internal sealed record RegistryContainers(
    string Node,
    IReadOnlyList<ContainerListResponse> Running,
    IReadOnlyList<(ContainerListResponse Listed, ContainerInspectResponse Inspect)> Registries,
    DateTimeOffset NodeTime)
{
    /// <summary>Why a registry container does not stay up, or null.</summary>
    public string? Restarts(ContainerInspectResponse inspect, StabilityOptions rules) => ContainerStability.Restarts(inspect, NodeTime, rules);

    /// <summary>How long it has been up.</summary>
    public TimeSpan? UpFor(ContainerInspectResponse inspect) => ContainerStability.UpFor(inspect, NodeTime);

    /// <summary>A registry container that would pass but has not been up for the settle time yet, as motion; else null.</summary>
    public string? Settling(RegistryTarget registry, StabilityOptions rules) =>
        Registries
            .Where(r => r.Listed.Ports.Any(p => p.PublicPort == registry.Port) && Lesson1Checks.RestartPolicy(r.Inspect) == "always" && Restarts(r.Inspect, rules) is null)
            .Select(r => (Name: Lesson1Checks.NameOf(r.Listed), Up: UpFor(r.Inspect)))
            .Where(r => r.Up is { } up && up < rules.Settle)
            .Select(r => $"{r.Name} up {r.Up!.Value.TotalSeconds:0} s of {rules.Settle.TotalSeconds:0} s")
            .FirstOrDefault();

    /// <summary>docker info's SystemTime as a time; null where it is not one.</summary>
    public static DateTimeOffset? TimeOf(string? systemTime) => ContainerStability.TimeOf(systemTime);
}
