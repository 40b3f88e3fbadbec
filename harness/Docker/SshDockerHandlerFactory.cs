using Docker.DotNet.Handler.Abstractions;
using Microsoft.Extensions.Logging;
using Renci.SshNet;

namespace OmiStack.Harness.Docker;

/// <summary>Options of the SSH transport: the connection to open dial-stdio channels on, and the evidence its exchanges go to.</summary>
internal sealed record SshDockerTransportOptions(SshClient Client, Evidence.EvidenceLog Evidence, string Node);

/// <summary>
/// A Docker.DotNet transport whose HTTP connections are <c>docker system dial-stdio</c> channels on
/// one reused SSH connection.
/// </summary>
internal sealed class SshDockerHandlerFactory : IDockerHandlerFactory<SshDockerTransportOptions>
{
    public static readonly SshDockerHandlerFactory Instance = new();

    public ResolvedTransport CreateHandler(SshDockerTransportOptions transportOptions, ResolvedClientOptions clientOptions, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(transportOptions);
        // Opening the exec channel blocks for its round trips: on a thread of its own, not the pool's.
        var handler = Http.LabHttp.Transport(ct => new ValueTask<Stream>(Ssh.OwnThread.RunAsync<Stream>(() => DialStdioStream.Open(transportOptions.Client), "omistack dial-stdio open").WaitAsync(ct)));
        handler.PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30);

        // One dial-stdio channel per node: each extra one costs an exec (sshd session + docker CLI
        // start, ~55 ms here); requests are small. Long streams (a pull) use a client of their own.
        handler.MaxConnectionsPerServer = 1;
        return new ResolvedTransport(
            Http.LabHttp.Recorded(transportOptions.Evidence, Evidence.EvidenceKinds.Docker, transportOptions.Node, handler),
            new Uri("http://docker.invalid"));
    }

    public ResolvedTransport CreateHandler(ResolvedClientOptions clientOptions, ILogger logger) =>
        throw new NotSupportedException("The SSH transport needs its connection: use the overload with SshDockerTransportOptions.");

    /// <summary>Attach/exec streams are not used by the harness (read-only gathering).</summary>
    public Task<WriteClosableStream> HijackStreamAsync(HttpContent content) =>
        throw new NotSupportedException("Hijacked streams (attach, exec) are not supported over the SSH transport.");
}
