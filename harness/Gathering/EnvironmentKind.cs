namespace OmiStack.Harness.Gathering;

/// <summary>
/// A kind of thing that identifies the environment graded (<see cref="LabSession.NoteEnvironment"/>): its name is what
/// evidence and results.json say, and what a roster compares between students.
/// </summary>
public sealed record EnvironmentKind(string Name)
{
    /// <summary>A Docker engine's id (docker info's ID), one per node.</summary>
    public static readonly EnvironmentKind DockerEngine = new("docker engine");

    /// <summary>The swarm's cluster id.</summary>
    public static readonly EnvironmentKind SwarmCluster = new("swarm cluster");

    /// <summary>The SHA-256 fingerprint of the registry's certificate.</summary>
    public static readonly EnvironmentKind RegistryCertificate = new("registry certificate");

    /// <summary>A Rancher host's uuid.</summary>
    public static readonly EnvironmentKind RancherHost = new("rancher host");

    /// <summary>The answers file read (its full path).</summary>
    public static readonly EnvironmentKind AnswersFile = new("answers file");

    /// <summary>The kinds that tell one student's lab from another's (a handed-in run is compared with the live lab by these).</summary>
    public static IReadOnlyList<EnvironmentKind> Identifying { get; } = [SwarmCluster, DockerEngine, RegistryCertificate, RancherHost];

    /// <inheritdoc />
    public override string ToString() => Name;
}
