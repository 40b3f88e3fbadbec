using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace OmiStack.Harness.Http;

/// <summary>How the registry answered on its port.</summary>
public enum RegistryTransport
{
    /// <summary>Nothing accepted the connection.</summary>
    Refused,

    /// <summary>A TCP connection, but no answer within the bound (or the route is down).</summary>
    NoAnswer,

    /// <summary>TLS.</summary>
    Https,

    /// <summary>Plain HTTP on the TLS port.</summary>
    PlainHttp,

    /// <summary>Something answered that is neither a TLS handshake nor HTTP.</summary>
    Other,
}

/// <summary>What the registry's TLS looked like.</summary>
public sealed record RegistryTls(RegistryTransport Transport, string? Problem, string Detail)
{
    /// <summary>The SHA-256 fingerprint of the certificate the registry presented, where it presented one.</summary>
    public string? CertificateFingerprint { get; init; }
}

/// <summary>
/// Talks to a private registry through its HTTP API with real TLS validation against its public
/// host name, while connecting to the address the harness reaches its node at.
/// </summary>
public sealed class RegistryProbe
{
    private readonly string _host;
    private readonly int _port;
    private readonly string _address;
    private readonly int _addressPort;
    private readonly IReadOnlyList<X509Certificate2> _extraTrust;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public RegistryProbe(string host, int port, string address, int addressPort, IReadOnlyList<X509Certificate2> extraTrust, TimeSpan timeout, TimeProvider? time = null)
    {
        _host = host;
        _port = port;
        _address = address;
        _addressPort = addressPort;
        _extraTrust = extraTrust;
        _timeout = timeout;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Reads a PEM bundle of trust anchors through <paramref name="evidence"/>: a re-judge trusts what the
    /// run trusted, the file gone or not. Only the certificates are kept (a private key in the bundle is not).
    /// </summary>
    public static async Task<IReadOnlyList<X509Certificate2>> LoadTrustAsync(string? caFile, Evidence.EvidenceLog evidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (caFile is null)
        {
            return [];
        }

        return Certificates(await evidence.ThroughAsync("trust", caFile, () => Task.FromResult(ReadCertificates(caFile)), cancellationToken).ConfigureAwait(false));
    }

    private static X509Certificate2[] Certificates(TrustRead read)
    {
        if (read.Error is not null)
        {
            throw new IOException(read.Error);
        }

        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(read.Pem);
        return [.. collection];
    }

    private sealed record TrustRead(string Pem, string? Error);

    private static TrustRead ReadCertificates(string caFile)
    {
        if (Targets.TargetPaths.Unreadable(caFile, 1024 * 1024) is { } why)
        {
            return new TrustRead("", $"caFile {why}");
        }

        try
        {
            var text = File.ReadAllText(caFile);
            var blocks = System.Text.RegularExpressions.Regex.Matches(text, "-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----");
            return new TrustRead(string.Join("\n", blocks.Select(m => m.Value)), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new TrustRead("", $"caFile '{caFile}' could not be read: {ex.Message}");
        }
    }

    /// <summary>Where the probe's answers go (recording) or come from (re-judging).</summary>
    public Evidence.EvidenceLog Evidence { get; init; } = Harness.Evidence.EvidenceLog.Off;

    /// <summary>Handshakes with the registry and judges its certificate for the registry's host name.</summary>
    public async Task<RegistryTls> CheckTlsAsync(CancellationToken cancellationToken = default)
    {
        var handshake = await Evidence.ThroughAsync("tls", $"{_host}:{_port} at {_address}:{_addressPort}", () => HandshakeAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        if (handshake.Settled is { } settled)
        {
            return settled;
        }

        if (handshake.Chain.Count == 0)
        {
            return new RegistryTls(RegistryTransport.Https, "the server presented no certificate", "");
        }

        // Judged at the time of the handshake: a re-judge of this evidence judges the same certificate at the same time.
        using var presented = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(handshake.Chain[0].Der));
        var intermediates = handshake.Chain.Skip(1).Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c.Der))).ToList();
        try
        {
            var problem = TlsEvaluation.Problem(presented, intermediates, _host, _extraTrust, handshake.At);
            var detail = $"certificate for {TlsEvaluation.Names(presented)}, issued by {presented.Issuer}, valid until {presented.NotAfter.ToUniversalTime():yyyy-MM-dd}";
            return new RegistryTls(RegistryTransport.Https, problem, detail) { CertificateFingerprint = handshake.Chain[0].Fingerprint };
        }
        finally
        {
            intermediates.ForEach(c => c.Dispose());
        }
    }

    /// <summary>The TLS handshake: the chain presented (judged by <see cref="CheckTlsAsync"/>), or how the port answered instead.</summary>
    private async Task<TlsHandshake> HandshakeAsync(CancellationToken cancellationToken)
    {
        X509Certificate2? presented = null;
        var intermediates = new List<X509Certificate2>();
        try
        {
            using var tcp = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(_timeout);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = _host,
                    RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                    {
                        presented = certificate is null ? null : new X509Certificate2(certificate);
                        if (chain is not null)
                        {
                            intermediates.AddRange(chain.ChainElements.Skip(1).Select(e => new X509Certificate2(e.Certificate)));
                        }

                        return true; // judged by CheckTlsAsync, with words for each problem
                    },
                },
                bound.Token).ConfigureAwait(false);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return Settle(new RegistryTls(RegistryTransport.Refused, $"nothing answers on port {_port} (connection refused)", ex.Message));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !ConnectionEnd.ClosedWithoutAnswer(ex) && !cancellationToken.IsCancellationRequested)
        {
            return Settle(new RegistryTls(RegistryTransport.NoAnswer, $"no answer on port {_port} within {_timeout.TotalSeconds:0} s", ex.Message));
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException || ConnectionEnd.ClosedWithoutAnswer(ex))
        {
            var plain = await HttpProbe.GetAsync($"http://{_address}:{_addressPort}/v2/", _timeout, Harness.Evidence.EvidenceLog.Off, cancellationToken).ConfigureAwait(false);
            if (plain.Status is not null)
            {
                return Settle(new RegistryTls(RegistryTransport.PlainHttp, $"the registry serves plain HTTP on port {_port} (HTTP {plain.Status} to http://), not HTTPS", ex.Message));
            }

            // Closed without a word, to TLS and to HTTP alike: a port forwarder (NAT, docker-proxy)
            // with nothing behind it.
            // docker-proxy closes (EOF) or resets, depending on timing: both mean the same here.
            return Settle(ConnectionEnd.ClosedWithoutAnswer(ex)
                ? new RegistryTls(RegistryTransport.Refused, $"nothing answers on port {_port} (the connection was closed or reset before a TLS handshake, and plain HTTP gets no answer either)", ex.Message)
                : new RegistryTls(RegistryTransport.Other, $"the TLS handshake on port {_port} failed: {ex.Message}", ex.Message));
        }

        try
        {
            var chain = presented is null ? [] : new[] { presented }.Concat(intermediates).Select(TlsCertificate.Of).ToList();
            return new TlsHandshake(null, chain, _time.GetUtcNow());
        }
        finally
        {
            presented?.Dispose();
            intermediates.ForEach(c => c.Dispose());
        }
    }

    private TlsHandshake Settle(RegistryTls outcome) => new(outcome, [], _time.GetUtcNow());

    /// <summary>Largest catalog read (1000 repositories of long names fit many times over).</summary>
    public const int MaxCatalog = 4 * 1024 * 1024;

    /// <summary>
    /// The repositories in the catalog (GET /v2/_catalog). Certificate problems are judged by
    /// <see cref="CheckTlsAsync"/>, so this reads the catalog whatever the certificate, and over plain
    /// HTTP where the registry serves that.
    /// </summary>
    public async Task<(IReadOnlyList<string>? Repositories, string? Error)> CatalogAsync(RegistryTransport transport, CancellationToken cancellationToken = default)
    {
        var answer = await Evidence.ThroughAsync("registry", $"GET {Url(transport, "/v2/_catalog?n=1000")} at {_address}:{_addressPort}", () => CatalogLiveAsync(transport, cancellationToken), cancellationToken).ConfigureAwait(false);
        return (answer.Repositories, answer.Error);
    }

    private sealed record CatalogAnswer(IReadOnlyList<string>? Repositories, string? Error);

    private sealed record DigestAnswer(string? Digest);

    private async Task<CatalogAnswer> CatalogLiveAsync(RegistryTransport transport, CancellationToken cancellationToken)
    {
        using var client = Client();
        try
        {
            using var response = await client.GetAsync(Url(transport, "/v2/_catalog?n=1000"), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new CatalogAnswer(null, $"GET /v2/_catalog answered HTTP {(int)response.StatusCode}");
            }

            var (body, cut) = await BoundedBody.ReadAsync(response.Content, MaxCatalog, _timeout, cancellationToken).ConfigureAwait(false);
            if (cut)
            {
                return new CatalogAnswer(null, $"GET /v2/_catalog answered more than {MaxCatalog / (1024 * 1024)} MiB: not a registry's catalog");
            }

            using var json = JsonDocument.Parse(body);
            var repositories = json.RootElement.TryGetProperty("repositories", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
                : [];
            return new CatalogAnswer(repositories, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new CatalogAnswer(null, $"GET /v2/_catalog failed: {ex.Message}");
        }
    }

    /// <summary>
    /// The digest of a tag's manifest (HEAD /v2/REPOSITORY/manifests/TAG, its Docker-Content-Digest), as
    /// docker resolves it: so a probe can pull by digest and never move the tag on the node. Null where
    /// the registry does not say.
    /// </summary>
    public async Task<string?> ManifestDigestAsync(RegistryTransport transport, string repository, string tag, CancellationToken cancellationToken = default)
    {
        var answer = await Evidence.ThroughAsync(
            "registry",
            $"HEAD {Url(transport, $"/v2/{repository}/manifests/{tag}")} at {_address}:{_addressPort}",
            async () => new DigestAnswer(await ManifestDigestLiveAsync(transport, repository, tag, cancellationToken).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        return answer.Digest;
    }

    private async Task<string?> ManifestDigestLiveAsync(RegistryTransport transport, string repository, string tag, CancellationToken cancellationToken)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Head, Url(transport, $"/v2/{repository}/manifests/{tag}"));
        foreach (var type in ManifestTypes)
        {
            request.Headers.Accept.ParseAdd(type);
        }

        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                && response.Headers.TryGetValues("Docker-Content-Digest", out var values)
                && values.FirstOrDefault() is { } digest
                && System.Text.RegularExpressions.Regex.IsMatch(digest, "^sha256:[0-9a-f]{64}$")
                ? digest
                : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>The manifest types docker accepts when it pulls (a list or index first, as docker asks).</summary>
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
    ];

    /// <summary>An HTTP client to the registry's host name over the address the harness reaches it at, under the probe's bound.</summary>
    private HttpClient Client()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, ct) => (await ConnectAsync(ct).ConfigureAwait(false)).GetStream(),
#pragma warning disable CA5359 // Reading the registry only: the certificate itself is judged by CheckTlsAsync (registry.tls).
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
#pragma warning restore CA5359
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = _timeout };
    }

    private Uri Url(RegistryTransport transport, string path) =>
        new($"{(transport == RegistryTransport.PlainHttp ? "http" : "https")}://{_host}:{_port}{path}");

    private async Task<TcpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(_timeout);
            await tcp.ConnectAsync(_address, _addressPort, bound.Token).ConfigureAwait(false);
            return tcp;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }
}
