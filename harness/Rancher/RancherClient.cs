using OmiStack.Harness.Evidence;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Flurl.Http;

namespace OmiStack.Harness.Rancher;

/// <summary>Why a Rancher API call failed.</summary>
public enum RancherFailure
{
    /// <summary>The server answered with a status other than 200.</summary>
    Status,

    /// <summary>Nothing accepted the connection (refused, unknown host, no route).</summary>
    Unreachable,

    /// <summary>No answer within the bound.</summary>
    NoAnswer,

    /// <summary>An answer that is not the JSON Rancher sends.</summary>
    Malformed,
}

/// <summary>A Rancher API call that failed: the message names the request, the status and Rancher's error code.</summary>
public sealed class RancherApiException : Exception
{
    /// <summary>A failed call, with the HTTP <paramref name="status"/> where one came back and the kind of <paramref name="failure"/>.</summary>
    public RancherApiException(string message, int? status = null, Exception? inner = null, RancherFailure failure = RancherFailure.Malformed)
        : base(message, inner)
    {
        Status = status;
        Failure = status is null ? failure : RancherFailure.Status;
    }

    /// <summary>The HTTP status, when there was an answer.</summary>
    public int? Status { get; }

    /// <summary>What kind of failure.</summary>
    public RancherFailure Failure { get; }
}

/// <summary>One raw answer: status, body and the headers Rancher identifies itself by.</summary>
public sealed record RancherResponse(int Status, string Body, string? SchemasHeader, string? Version);

/// <summary>
/// The Rancher 1.6 v2-beta API with an account API key (HTTP basic auth: access key, secret key),
/// through Flurl. Collections follow pagination.next, bounded in pages. The secret key is never
/// part of a message.
/// </summary>
public sealed class RancherClient
{
    /// <summary>Largest answer read (a page of 100 full resources is well below it).</summary>
    public const int MaxBody = 8 * 1024 * 1024;

    private const int MaxPages = 50;
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };
    private readonly string _baseUrl;
    private readonly string _authorization;
    private readonly TimeSpan _timeout;

    /// <summary>A client of the v2-beta API at <paramref name="url"/> with an account API key, each request bounded by <paramref name="timeout"/>.</summary>
    public RancherClient(string url, string accessKey, string secretKey, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        _baseUrl = ServerUrl(url);
        _authorization = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accessKey}:{secretKey}"));
        _timeout = timeout;
    }

    /// <summary>
    /// The server's base URL: the lesson configures the CLI with http://HOST:8080/v1 (which Rancher
    /// clients rewrite to /v2-beta), so an API version path on the URL is dropped.
    /// </summary>
    public static string ServerUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var trimmed = url.TrimEnd('/');
        var version = System.Text.RegularExpressions.Regex.Match(trimmed, "/(v1|v2-beta)(/.*)?$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        return version.Success ? trimmed[..version.Index] : trimmed;
    }

    /// <summary>GETs a resource (a path below the server URL, e.g. /v2-beta/projects/1a5/stacks/1st5).</summary>
    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken = default)
    {
        var body = await GetStringAsync(Absolute(path), cancellationToken).ConfigureAwait(false);
        return Parse<T>(body, path);
    }

    /// <summary>Every item of a collection, following pagination.next.</summary>
    public async Task<IReadOnlyList<T>> ListAsync<T>(string path, CancellationToken cancellationToken = default)
    {
        var items = new List<T>();
        string? next = Absolute(path);
        for (var page = 0; next is not null; page++)
        {
            if (page == MaxPages)
            {
                throw new RancherApiException($"GET {path}: more than {MaxPages} pages; stopped following pagination.next");
            }

            var collection = Parse<RancherPage<T>>(await GetStringAsync(next, cancellationToken).ConfigureAwait(false), path);
            if (collection.Type != "collection" || collection.Data is null)
            {
                throw new RancherApiException($"GET {path}: expected a collection, got type '{collection.Type}'");
            }

            items.AddRange(collection.Data);
            next = collection.Pagination?.Next;
        }

        return items;
    }

    /// <summary>
    /// One GET, whatever its status (with the key, or <paramref name="anonymous"/> without it to see
    /// whether access control is on). Throws only when there is no HTTP answer.
    /// </summary>
    public async Task<RancherResponse> SendAsync(string path, bool anonymous = false, CancellationToken cancellationToken = default)
    {
        var url = Absolute(path);
        var answer = await Evidence.ThroughAsync(
            EvidenceKinds.Rancher,
            $"GET {url}{(anonymous ? " (no key)" : "")}",
            async () =>
            {
                try
                {
                    return new RancherAnswer(await SendLiveAsync(url, anonymous, cancellationToken).ConfigureAwait(false), null, null);
                }
                catch (RancherApiException ex)
                {
                    return new RancherAnswer(null, ex.Message, ex.Failure);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return answer.Response ?? throw new RancherApiException(answer.Error ?? "", null, null, answer.Failure ?? RancherFailure.Malformed);
    }

    /// <summary>Where the client's answers go (recording) or come from (re-judging).</summary>
    public required Evidence.EvidenceLog Evidence { get; init; }

    private sealed record RancherAnswer(RancherResponse? Response, string? Error, RancherFailure? Failure);

    private async Task<RancherResponse> SendLiveAsync(string url, bool anonymous, CancellationToken cancellationToken)
    {
        try
        {
            var request = Http.LabHttp.Client.Request(url).WithHeader("Accept", "application/json").WithTimeout(_timeout).AllowAnyHttpStatus();
            if (!anonymous)
            {
                request = request.WithHeader("Authorization", new AuthenticationHeaderValue("Basic", _authorization).ToString());
            }

            using var response = await request.GetAsync(HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var (body, cut) = await Http.BoundedBody.ReadAsync(response.ResponseMessage.Content, MaxBody, _timeout, cancellationToken).ConfigureAwait(false);
            if (cut)
            {
                throw new RancherApiException($"GET {PathOf(url)}: the answer is larger than {MaxBody / (1024 * 1024)} MiB; not read further", null, null, RancherFailure.NoAnswer);
            }

            return new RancherResponse(
                response.StatusCode,
                body,
                response.Headers.FirstOrDefault("X-Api-Schemas"),
                response.Headers.FirstOrDefault("X-Rancher-Version"));
        }
        catch (Exception ex) when (ex is FlurlHttpTimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new RancherApiException($"GET {PathOf(url)}: no answer within {_timeout.TotalSeconds:0} s", null, ex, RancherFailure.NoAnswer);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new RancherApiException($"GET {PathOf(url)}: the answer broke off: {ex.Message}", null, ex, RancherFailure.NoAnswer);
        }
        catch (FlurlHttpException ex)
        {
            var cause = Innermost(ex);
            var failure = cause is SocketException ? RancherFailure.Unreachable : RancherFailure.NoAnswer;
            throw new RancherApiException($"GET {PathOf(url)}: {cause.Message}", null, ex, failure);
        }
    }

    /// <summary>The error envelope's words for a non-200 answer.</summary>
    public static string Describe(RancherResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var error = TryParse<RancherError>(response.Body);
        if (error is not { Status: > 0 })
        {
            return $"HTTP {response.Status}";
        }

        // Validation errors (422) carry a code and the field, often without a message.
        var words = new[] { error.Message, error.FieldName is null ? null : $"field {error.FieldName}", error.Detail }.Where(w => !string.IsNullOrEmpty(w));
        var text = string.Join(", ", words);
        return $"HTTP {error.Status} {error.Code}{(text.Length == 0 ? "" : $": {text}")}";
    }

    /// <summary>Parses an answer as Rancher JSON; throws <see cref="RancherApiException"/> (malformed) otherwise.</summary>
    public static T Parse<T>(string body, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json) ?? throw new RancherApiException($"GET {path}: an empty answer");
        }
        catch (JsonException ex)
        {
            throw new RancherApiException($"GET {path}: the answer is not the JSON Rancher sends ({ex.Message})", null, ex);
        }
    }

    /// <summary>
    /// A URL on the configured server. A link the server sends (pagination.next) is absolute, with the
    /// host Rancher believes it has (in the lesson, the private IP of its Host Registration URL); only
    /// its path and query are taken, so the key is never sent to another host, and a server behind a
    /// floating IP is still reached.
    /// </summary>
    private string Absolute(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? _baseUrl + uri.PathAndQuery : _baseUrl + path;

    private async Task<string> GetStringAsync(string url, CancellationToken cancellationToken)
    {
        var response = await SendAsync(url, anonymous: false, cancellationToken).ConfigureAwait(false);
        return response.Status == 200
            ? response.Body
            : throw new RancherApiException($"GET {PathOf(url)} answered {Describe(response)}", response.Status);
    }

    private static Exception Innermost(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner;
    }

    private static T? TryParse<T>(string body)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string PathOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.PathAndQuery : url;
}
