using OmiStack.Harness.Ssh;

namespace OmiStack.Harness.Evidence;

/// <summary>A node answered from evidence: its commands and Docker exchanges as the recorded run saw them.</summary>
internal sealed class ReplayShell(SshEndpoint endpoint, string hostKeyFingerprint, EvidenceLog evidence) : INodeShell
{
    public SshEndpoint Endpoint => endpoint;

    public string HostKeyFingerprint => hostKeyFingerprint;

    public bool IsConnected => true;

    public async Task<CommandResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var answer = await evidence.ThroughAsync<ShellAnswer>("ssh", $"{Endpoint.Name} {command}", () => throw new InvalidOperationException("a replayed node runs no command"), cancellationToken).ConfigureAwait(false);
        return answer.Result(Endpoint, command);
    }

    public global::Docker.DotNet.DockerClient CreateDockerClient(Version apiVersion, TimeSpan timeout) =>
        new global::Docker.DotNet.DockerClientBuilder()
            .WithEndpoint(new Uri($"ssh://{Endpoint.User}@{Endpoint.Host}:{Endpoint.Port}"))
            .WithApiVersion(apiVersion)
            .WithTimeout(timeout)
            .WithTransportOptions(ReplayDockerHandlerFactory.Instance, new ReplayDockerTransportOptions(evidence, Endpoint.Name))
            .Build();

    public void Dispose()
    {
        // Nothing to close.
    }
}

/// <summary>How connecting over SSH went, as evidence keeps it: the host key presented, or why it failed.</summary>
public sealed record ConnectAnswer(string? HostKey, SshFailure? Failure, string? Cause)
{
    /// <summary>The shell of a replayed node, or the exception the live connect threw.</summary>
    internal INodeShell Shell(SshEndpoint endpoint, EvidenceLog evidence) =>
        Failure is { } failure
            ? throw new SshUnavailableException(endpoint, failure, Cause ?? "")
            : new ReplayShell(endpoint, HostKey ?? "", evidence);
}
