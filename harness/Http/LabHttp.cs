using Flurl.Http;
using Flurl.Http.Configuration;
using OmiStack.Harness.Evidence;

namespace OmiStack.Harness.Http;

/// <summary>
/// The one place the harness makes an HTTP transport to a lab: the lab's pages and Rancher's API (through
/// <see cref="Client"/>), the registry's API (a transport that connects to the registry's node), and the
/// Docker API (a transport over SSH). Every transport goes straight to where the target says: never a proxy
/// (HTTP_PROXY on the grader's machine would send a student's page, and a Rancher key, to another address).
/// Where answers are kept as HTTP exchanges (the Docker API), <see cref="Recorded"/> puts the one evidence
/// handler between the client and the transport.
/// </summary>
public static class LabHttp
{
    /// <summary>The shared client for requests that need no connection of their own (pages, Rancher's API); Flurl follows redirects as before.</summary>
    public static IFlurlClient Client { get; } = new FlurlClientBuilder().UseSocketsHttpHandler(handler => Direct(handler)).Build();

    /// <summary>A transport straight to the address, with <paramref name="connect"/> opening each connection where given (an address or an SSH channel of the caller's).</summary>
    public static SocketsHttpHandler Transport(Func<CancellationToken, ValueTask<Stream>>? connect = null)
    {
        var handler = Direct(new SocketsHttpHandler());
        if (connect is not null)
        {
            handler.ConnectCallback = (_, cancellationToken) => connect(cancellationToken);
        }

        return handler;
    }

    /// <summary>
    /// The evidence handler over <paramref name="transport"/>: recording, every exchange kept as <paramref name="kind"/>
    /// under "<paramref name="who"/> METHOD path"; replaying, answered from the evidence with no transport at all (null);
    /// with evidence off, the transport itself.
    /// </summary>
    public static HttpMessageHandler Recorded(EvidenceLog evidence, string kind, string who, HttpMessageHandler? transport)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return evidence.Mode == EvidenceMode.Off && transport is not null ? transport : new EvidenceHttpHandler(evidence, kind, who, transport);
    }

    private static SocketsHttpHandler Direct(SocketsHttpHandler handler)
    {
        handler.UseProxy = false;
        handler.Proxy = null;
        return handler;
    }
}
