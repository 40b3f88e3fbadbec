namespace OmiStack.Harness.Evidence;

/// <summary>
/// The kinds of exchange that pass the one recording seam (<see cref="EvidenceLog.ThroughAsync{T}"/>): each
/// resource's client names its kind here, and a test records every kind on a real lab and replays it (docs/evidence.md).
/// </summary>
public static class EvidenceKinds
{
    /// <summary>A Docker API exchange, kept at the HTTP level (<see cref="Http.LabHttp.Recorded"/>).</summary>
    public const string Docker = "docker";

    /// <summary>An SSH connect: the host key, or why it failed.</summary>
    public const string SshConnect = "ssh-connect";

    /// <summary>A command over SSH: its exit code and output.</summary>
    public const string Ssh = "ssh";

    /// <summary>An HTTP GET of a lab's page (<see cref="Http.HttpProbe"/>).</summary>
    public const string Http = "http";

    /// <summary>A TLS handshake: the chain a port presented.</summary>
    public const string Tls = "tls";

    /// <summary>A registry API answer: a catalog, a manifest's digest.</summary>
    public const string Registry = "registry";

    /// <summary>A trust anchor file, as read.</summary>
    public const string Trust = "trust";

    /// <summary>A Rancher API answer.</summary>
    public const string Rancher = "rancher";

    /// <summary>A file the target names (the answers), as read.</summary>
    public const string File = "file";

    /// <summary>A choice the harness made that depends on time, kept so a replay asks the same questions.</summary>
    public const string Choice = "choice";

    /// <summary>Every kind.</summary>
    public static IReadOnlyList<string> All { get; } = [Docker, SshConnect, Ssh, Http, Tls, Registry, Trust, Rancher, File, Choice];
}
