using Docker.DotNet;
using Docker.DotNet.Models;
using OmiStack.Harness.Ssh;
using OmiStack.Harness.Targets;

namespace OmiStack.Harness.Gathering;

/// <summary>A connected node: its SSH connection, a Docker API client over it, and its engine info.</summary>
public sealed class NodeHandle : IDisposable
{
    internal NodeHandle(NodeTarget target, INodeShell ssh, DockerClient docker, System.Version apiVersion, SystemInfoResponse info, DateTimeOffset infoReadAt)
    {
        InfoReadAt = infoReadAt;
        ApiVersion = apiVersion;
        Target = target;
        Ssh = ssh;
        Docker = docker;
        Info = info;
    }

    /// <summary>The node as the target file names it.</summary>
    public NodeTarget Target { get; }

    /// <summary>The name from the target file.</summary>
    public string Name => Target.Name;

    /// <summary>The reused SSH connection (or, re-judging, the node as the evidence has it).</summary>
    public INodeShell Ssh { get; }

    /// <summary>Typed Docker API calls through <see cref="Ssh"/>.</summary>
    public DockerClient Docker { get; }

    /// <summary>The Docker API version spoken with this node's engine.</summary>
    public System.Version ApiVersion { get; }

    /// <summary>docker info, as gathered at connect time.</summary>
    public SystemInfoResponse Info { get; }

    /// <summary>When <see cref="Info"/> was read.</summary>
    public DateTimeOffset InfoReadAt { get; }

    private int _infoTaken;

    /// <summary>
    /// <see cref="Info"/> the first time it is asked for, if read at most <paramref name="maxAge"/> before
    /// <paramref name="now"/> (asking the engine again would cost a round trip); null afterwards, or when
    /// older: a later gather (polling) reads the engine anew.
    /// </summary>
    internal SystemInfoResponse? TakeConnectInfo(DateTimeOffset now, TimeSpan maxAge) =>
        now - InfoReadAt <= maxAge && Interlocked.Exchange(ref _infoTaken, 1) == 0 ? Info : null;

    /// <inheritdoc />
    public void Dispose()
    {
        Docker.Dispose();
        Ssh.Dispose();
    }
}
