using System.Net;
using System.Text;
using System.Text.Json;

namespace OmiStack.Harness.Evidence;

/// <summary>One HTTP answer as kept (the Docker API's): status, content type, and the body (JSON where it is JSON, else text).</summary>
public sealed record HttpExchange(int Status, string? ContentType, JsonElement? Json, string? Text, string? Error, string? ErrorType)
{
    /// <summary>The body was larger than <see cref="MaxBody"/>: not kept.</summary>
    public bool Cut { get; init; }

    /// <summary>The JSON body ended with a newline (Go's encoder writes one), given back on replay.</summary>
    public bool Newline { get; init; }

    /// <summary>Largest body kept (a pull's progress stream included).</summary>
    public const int MaxBody = 1024 * 1024;

    /// <summary>The answer as an HTTP response (or the transport error, thrown as the type it was).</summary>
    public HttpResponseMessage ToResponse(HttpRequestMessage request)
    {
        if (Error is not null)
        {
            throw ErrorType == nameof(IOException) ? new IOException(Error) : new HttpRequestException(Error);
        }

        if (Cut)
        {
            throw new EvidenceMissingException($"the Docker API's answer to {request.Method} {request.RequestUri?.PathAndQuery} was larger than {MaxBody / 1024} KiB and not kept");
        }

        var body = Json is { } json ? json.GetRawText() + (Newline ? "\n" : "") : Text ?? "";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        return new HttpResponseMessage((HttpStatusCode)Status) { RequestMessage = request, Content = content };
    }

    /// <summary>Reads a live answer (bounded), leaving it readable again for the caller.</summary>
    public static async Task<(HttpExchange Exchange, HttpResponseMessage Response)> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var type = response.Content.Headers.ContentType?.ToString();
        var cut = bytes.Length > MaxBody;
        var text = cut ? null : Encoding.UTF8.GetString(bytes);
        JsonElement? json = null;
        if (text is not null && type?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                // Kept as JSON (readable in evidence.json) only where writing it again gives the very text
                // Docker sent: messages quote answers, and a re-judge must quote them the same.
                using var document = JsonDocument.Parse(text);
                var exact = JsonSerializer.Serialize(document.RootElement, EvidenceJson.Options) == text.TrimEnd('\n') && text.Length - text.TrimEnd('\n').Length <= 1;
                json = exact ? document.RootElement.Clone() : null;
            }
            catch (JsonException)
            {
                // A stream of JSON lines (a pull's progress), or not JSON at all: kept as text.
            }
        }

        var replacement = new ByteArrayContent(bytes);
        foreach (var header in response.Content.Headers)
        {
            replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content.Dispose();
        response.Content = replacement;
        return (new HttpExchange((int)response.StatusCode, type, json, json is null ? text : null, null, null) { Cut = cut, Newline = json is not null && text!.EndsWith('\n') }, response);
    }
}

/// <summary>
/// The evidence handler, between an HTTP client and its transport (<see cref="Http.LabHttp.Recorded"/>): recording,
/// keeps every exchange; replaying, answers every request from the evidence and has no transport at all.
/// </summary>
internal sealed class EvidenceHttpHandler : DelegatingHandler
{
    private readonly EvidenceLog _log;
    private readonly string _kind;
    private readonly string _who;

    public EvidenceHttpHandler(EvidenceLog log, string kind, string who, HttpMessageHandler? inner)
    {
        _log = log;
        _kind = kind;
        _who = who;
        if (inner is not null)
        {
            InnerHandler = inner;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = $"{_who} {request.Method} {request.RequestUri?.PathAndQuery}";
        HttpResponseMessage? live = null;
        var exchange = await _log.ThroughAsync(
            _kind,
            key,
            async () =>
            {
                try
                {
                    var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    (var kept, live) = await HttpExchange.ReadAsync(response, cancellationToken).ConfigureAwait(false);
                    return kept;
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    return new HttpExchange(0, null, null, null, ex.Message, ex is IOException ? nameof(IOException) : nameof(HttpRequestException));
                }
            },
            cancellationToken).ConfigureAwait(false);
        return live ?? exchange.ToResponse(request);
    }
}
