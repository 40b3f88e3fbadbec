using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Flurl.Http;

namespace OmiStack.Harness.Rancher;

/// <summary>A Rancher API call that failed: the message names the request, the status and Rancher's error code.</summary>
public sealed class RancherApiException : Exception
{
    public RancherApiException(string message, int? status = null, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
    }

    /// <summary>The HTTP status, when there was an answer.</summary>
    public int? Status { get; }
}

/// <summary>
/// The Rancher 1.6 v2-beta API with an account API key (HTTP basic auth: access key, secret key),
/// through Flurl. Collections follow pagination.next, bounded in pages. The secret key is never
/// part of a message.
/// </summary>
public sealed class RancherClient
{
    private const int MaxPages = 50;
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };
    private readonly string _baseUrl;
    private readonly string _authorization;
    private readonly TimeSpan _timeout;

    public RancherClient(string url, string accessKey, string secretKey, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        _baseUrl = url.TrimEnd('/');
        _authorization = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accessKey}:{secretKey}"));
        _timeout = timeout;
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
            if (collection.Type != "collection")
            {
                throw new RancherApiException($"GET {path}: expected a collection, got type '{collection.Type}'");
            }

            items.AddRange(collection.Data);
            next = collection.Pagination?.Next;
        }

        return items;
    }

    private string Absolute(string path) => path.StartsWith("http", StringComparison.Ordinal) ? path : _baseUrl + path;

    private async Task<string> GetStringAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await url
                .WithHeader("Authorization", new AuthenticationHeaderValue("Basic", _authorization).ToString())
                .WithHeader("Accept", "application/json")
                .WithTimeout(_timeout)
                .AllowAnyHttpStatus()
                .GetAsync(cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            var body = await response.GetStringAsync().ConfigureAwait(false);
            if (response.StatusCode == 200)
            {
                return body;
            }

            var error = TryParse<RancherError>(body);
            var what = error is null ? $"HTTP {response.StatusCode}" : $"HTTP {error.Status} {error.Code}: {error.Message}{(error.Detail is null ? "" : $" ({error.Detail})")}";
            throw new RancherApiException($"GET {PathOf(url)} answered {what}", response.StatusCode);
        }
        catch (FlurlHttpTimeoutException ex)
        {
            throw new RancherApiException($"GET {PathOf(url)}: no answer within {_timeout.TotalSeconds:0} s", null, ex);
        }
        catch (FlurlHttpException ex)
        {
            throw new RancherApiException($"GET {PathOf(url)}: {ex.InnerException?.Message ?? ex.Message}", null, ex);
        }
    }

    private static T Parse<T>(string body, string path)
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
