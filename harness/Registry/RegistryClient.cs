using OmiStack.Harness.Evidence;
using System.Net.Security;
using System.Text.Json;
using OmiStack.Harness.Http;

namespace OmiStack.Harness.Registry;

/// <summary>The repositories a registry lists, or why they could not be read.</summary>
public sealed record RegistryCatalog(IReadOnlyList<string>? Repositories, string? Error);

/// <summary>
/// A private registry's HTTP API (GET /v2/_catalog, HEAD of a tag's manifest) at its public host name,
/// over the address the harness reaches it at, whatever its certificate (<see cref="RegistryProbe"/> judges that).
/// </summary>
public sealed class RegistryClient
{
    private readonly RegistryProbe _probe;

    internal RegistryClient(RegistryProbe probe) => _probe = probe;

    /// <summary>Largest catalog read (1000 repositories of long names fit many times over).</summary>
    public const int MaxCatalog = 4 * 1024 * 1024;

    /// <summary>
    /// The repositories in the catalog (GET /v2/_catalog). Certificate problems are judged by
    /// <see cref="RegistryProbe.CheckTlsAsync"/>, so this reads the catalog whatever the certificate, and over plain
    /// HTTP where the registry serves that.
    /// </summary>
    public async Task<RegistryCatalog> CatalogAsync(RegistryTransport transport, CancellationToken cancellationToken = default)
    {
        return await _probe.Evidence.ThroughAsync(EvidenceKinds.Registry, $"GET {Url(transport, "/v2/_catalog?n=1000")} at {_probe.Address}:{_probe.AddressPort}", () => CatalogLiveAsync(transport, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    internal sealed record DigestAnswer(string? Digest);

    private async Task<RegistryCatalog> CatalogLiveAsync(RegistryTransport transport, CancellationToken cancellationToken)
    {
        using var client = Client();
        try
        {
            using var response = await client.GetAsync(Url(transport, "/v2/_catalog?n=1000"), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new RegistryCatalog(null, $"GET /v2/_catalog answered HTTP {(int)response.StatusCode}");
            }

            var (body, cut) = await BoundedBody.ReadAsync(response.Content, MaxCatalog, _probe.Timeout, cancellationToken).ConfigureAwait(false);
            if (cut)
            {
                return new RegistryCatalog(null, $"GET /v2/_catalog answered more than {MaxCatalog / (1024 * 1024)} MiB: not a registry's catalog");
            }

            using var json = JsonDocument.Parse(body);
            var repositories = json.RootElement.TryGetProperty("repositories", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
                : [];
            return new RegistryCatalog(repositories, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new RegistryCatalog(null, $"GET /v2/_catalog failed: {ex.Message}");
        }
    }

    /// <summary>
    /// The digest of a tag's manifest (HEAD /v2/REPOSITORY/manifests/TAG, its Docker-Content-Digest), as
    /// docker resolves it: so a probe can pull by digest and never move the tag on the node. Null where
    /// the registry does not say.
    /// </summary>
    public async Task<string?> ManifestDigestAsync(RegistryTransport transport, string repository, string tag, CancellationToken cancellationToken = default)
    {
        var answer = await _probe.Evidence.ThroughAsync(
            EvidenceKinds.Registry,
            $"HEAD {Url(transport, $"/v2/{repository}/manifests/{tag}")} at {_probe.Address}:{_probe.AddressPort}",
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
        var handler = Http.LabHttp.Transport(async ct => (await _probe.ConnectAsync(ct).ConfigureAwait(false)).GetStream());
#pragma warning disable CA5359 // Reading the registry only: the certificate itself is judged by CheckTlsAsync (registry.tls).
        handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
#pragma warning restore CA5359
        return new HttpClient(handler, disposeHandler: true) { Timeout = _probe.Timeout };
    }

    private Uri Url(RegistryTransport transport, string path) =>
        new($"{(transport == RegistryTransport.PlainHttp ? "http" : "https")}://{_probe.Host}:{_probe.Port}{path}");
}
