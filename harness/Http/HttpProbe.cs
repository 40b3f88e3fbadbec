using OmiStack.Harness.Evidence;
using Flurl.Http;

namespace OmiStack.Harness.Http;

/// <summary>Why an HTTP GET got no answer.</summary>
public enum HttpFailure
{
    /// <summary>No answer within the bound (a firewall, the network, a hung server).</summary>
    NoAnswer,

    /// <summary>Refused, or closed/reset before an answer: nothing serves the port.</summary>
    Closed,

    /// <summary>Anything else (name resolution, TLS, ...).</summary>
    Other,
}

/// <summary>What one HTTP GET returned, or why it did not.</summary>
public sealed record HttpProbeResult(string Url, int? Status, string Body, string? Error, HttpFailure? Failure = null)
{
    /// <summary>A 2xx/3xx answer.</summary>
    public bool Answered => Status is >= 200 and < 400;

    /// <summary>Short description for messages.</summary>
    public string Describe() => Error ?? $"HTTP {Status}";
}

/// <summary>Bounded HTTP GETs with Flurl (pages of the lab's web services).</summary>
public static class HttpProbe
{
    /// <summary>Longest body kept.</summary>
    public const int MaxBody = 64 * 1024;

    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>
    /// GETs <paramref name="url"/> within <paramref name="timeout"/>, through <paramref name="evidence"/> (kept, or answered
    /// from it); never throws for HTTP or network errors. A check reads pages through <c>session.Web()</c>.
    /// </summary>
    public static Task<HttpProbeResult> GetAsync(string url, TimeSpan timeout, Evidence.EvidenceLog evidence, CancellationToken cancellationToken = default) =>
        GetAsync(url, timeout, evidence, NoHeaders, cancellationToken);

    /// <summary>
    /// GETs <paramref name="url"/> with request <paramref name="headers"/> (a bearer token, a Host), through
    /// <paramref name="evidence"/>. The evidence keys the exchange by the headers' names, never their values; a
    /// value that is a secret of the run (a lesson's declared secret) is scrubbed wherever an answer repeats it.
    /// </summary>
    public static Task<HttpProbeResult> GetAsync(string url, TimeSpan timeout, Evidence.EvidenceLog evidence, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(headers);
        var key = headers.Count == 0 ? "GET " + url : $"GET {url} with {string.Join(", ", headers.Keys.Order(StringComparer.OrdinalIgnoreCase))}";
        return evidence.ThroughAsync(EvidenceKinds.Http, key, () => GetLiveAsync(url, timeout, headers, cancellationToken), cancellationToken);
    }

    private static async Task<HttpProbeResult> GetLiveAsync(string url, TimeSpan timeout, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await LabHttp.Client.Request(url).WithTimeout(timeout).WithHeaders(headers).AllowAnyHttpStatus().GetAsync(HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var (body, _) = await BoundedBody.ReadAsync(response.ResponseMessage.Content, MaxBody, timeout, cancellationToken).ConfigureAwait(false);
            return new HttpProbeResult(url, response.StatusCode, body, null);
        }
        catch (Exception ex) when (ex is FlurlHttpTimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new HttpProbeResult(url, null, "", $"no answer within {timeout.TotalSeconds:0} s", HttpFailure.NoAnswer);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return new HttpProbeResult(url, null, "", $"the answer broke off: {ex.Message}", HttpFailure.Other);
        }
        catch (FlurlHttpException ex)
        {
            return new HttpProbeResult(url, null, "", Cause(ex), ConnectionEnd.ClosedWithoutAnswer(ex) ? HttpFailure.Closed : HttpFailure.Other);
        }
    }

    private static string Cause(FlurlHttpException ex)
    {
        Exception? inner = ex.InnerException;
        while (inner?.InnerException is not null && inner is HttpRequestException)
        {
            inner = inner.InnerException;
        }

        return inner?.Message ?? ex.Message;
    }
}
