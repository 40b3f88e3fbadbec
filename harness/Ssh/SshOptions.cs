using OmiStack.Harness.Targets;
namespace OmiStack.Harness.Ssh;

/// <summary>How the harness trusts a node's SSH host key.</summary>
public enum HostKeyPolicy
{
    /// <summary>The key must be on file in known_hosts; unknown and changed keys are refused.</summary>
    Strict,

    /// <summary>Trust on first use: unknown keys are recorded; changed keys are refused.</summary>
    AcceptNew,

    /// <summary>Any key is accepted: for throwaway labs only.</summary>
    Insecure,
}

/// <summary>Bounds and trust for SSH connections. Immutable; defaults: docs/reference/settings.md.</summary>
public sealed record SshOptions
{
    /// <summary>TCP connect, key exchange and authentication together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>One remote command, unless the call names its own bound.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Keepalive interval on the reused connection.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Host key trust.</summary>
    public HostKeyPolicy HostKeyPolicy { get; init; } = HostKeyPolicy.AcceptNew;

    /// <summary>known_hosts file; with <see cref="HostKeyPolicy.AcceptNew"/> new keys are appended to it (see <see cref="RecordNewKeys"/>).</summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>
    /// With <see cref="HostKeyPolicy.AcceptNew"/>: whether a new key is appended to <see cref="KnownHostsFile"/>.
    /// False where the file is named by a student's target in a roster: it is read, never written
    /// (a target must not make the grader append to any file it can write); the key is trusted for this connection only.
    /// </summary>
    public bool RecordNewKeys { get; init; } = true;

    /// <summary>
    /// Host key trust for a target: the run's <paramref name="hostKeys"/> (OMISTACK_HOST_KEYS), else the target's ssh.hostKeys, else
    /// accept-new (trust on first use: record unknown keys, refuse changed ones), against the instructor's
    /// <paramref name="instructorKnownHosts"/> (OMISTACK_KNOWN_HOSTS), else the target's knownHosts, else
    /// ~/.ssh/known_hosts as OpenSSH would use. A known_hosts file named by a student's target in a roster
    /// (<paramref name="studentTarget"/>) is read, never written: new keys are trusted for the run only.
    /// </summary>
    public static SshOptions ForTarget(SshTarget ssh, SshOptions defaults, string? hostKeys = null, string? instructorKnownHosts = null, bool studentTarget = false)
    {
        ArgumentNullException.ThrowIfNull(ssh);
        ArgumentNullException.ThrowIfNull(defaults);
        var mode = hostKeys ?? ssh.HostKeys;
        var policy = mode switch
        {
            "strict" => HostKeyPolicy.Strict,
            "insecure" => HostKeyPolicy.Insecure,
            "accept-new" => HostKeyPolicy.AcceptNew,
            _ => defaults.HostKeyPolicy,
        };
        var fromTarget = instructorKnownHosts is null && ssh.KnownHosts is not null;
        var file = instructorKnownHosts
            ?? (ssh.KnownHosts is { } given ? TargetPaths.Expand(given) : null)
            ?? defaults.KnownHostsFile
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");
        var record = !(studentTarget && fromTarget);
        if (policy == HostKeyPolicy.AcceptNew && record && Path.GetDirectoryName(file) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return defaults with { HostKeyPolicy = policy, KnownHostsFile = file, RecordNewKeys = record };
    }
}
