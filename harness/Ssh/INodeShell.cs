namespace OmiStack.Harness.Ssh;

/// <summary>
/// A node's shell as the checks use it: commands, and Docker API clients through it. A live SSH
/// connection (<see cref="SshNode"/>), or a node answered from evidence (Evidence.ReplayShell).
/// </summary>
public interface INodeShell : IDisposable
{
    /// <summary>The node.</summary>
    SshEndpoint Endpoint { get; }

    /// <summary>SHA256 fingerprint of the host key the server presented.</summary>
    string HostKeyFingerprint { get; }

    /// <summary>True while the session is up.</summary>
    bool IsConnected { get; }

    /// <summary>Runs a command within <paramref name="timeout"/> (default: the options' command bound).</summary>
    Task<CommandResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>A Docker API client to the node's engine. Dispose it before the shell.</summary>
    global::Docker.DotNet.DockerClient CreateDockerClient(Version apiVersion, TimeSpan timeout);
}
