using Docker.DotNet.Handler.Abstractions;
using Microsoft.Extensions.Logging;

namespace OmiStack.Harness.Evidence;

/// <summary>Options of the replay transport: the evidence, and the node whose exchanges are answered.</summary>
internal sealed record ReplayDockerTransportOptions(EvidenceLog Evidence, string Node);

/// <summary>A Docker.DotNet transport with no connection: every request is answered from the evidence.</summary>
internal sealed class ReplayDockerHandlerFactory : IDockerHandlerFactory<ReplayDockerTransportOptions>
{
    public static readonly ReplayDockerHandlerFactory Instance = new();

    public ResolvedTransport CreateHandler(ReplayDockerTransportOptions transportOptions, ResolvedClientOptions clientOptions, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(transportOptions);
        return new ResolvedTransport(Http.LabHttp.Recorded(transportOptions.Evidence, EvidenceKinds.Docker, transportOptions.Node, null), new Uri("http://docker.invalid"));
    }

    public ResolvedTransport CreateHandler(ResolvedClientOptions clientOptions, ILogger logger) =>
        throw new NotSupportedException("The replay transport needs its evidence: use the overload with ReplayDockerTransportOptions.");

    public Task<WriteClosableStream> HijackStreamAsync(HttpContent content) =>
        throw new NotSupportedException("Hijacked streams (attach, exec) are not replayed.");
}
