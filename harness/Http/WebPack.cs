using OmiStack.Harness.Gathering;

namespace OmiStack.Harness.Http;

/// <summary>Pages of the lab's web services, within the run's HTTP bound, through the session's evidence.</summary>
public readonly struct WebPack(LabSession session)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>GETs <paramref name="url"/>; never throws for HTTP or network errors.</summary>
    public Task<HttpProbeResult> GetAsync(string url, CancellationToken cancellationToken = default) =>
        GetAsync(url, NoHeaders, cancellationToken);

    /// <summary>GETs <paramref name="url"/> with request <paramref name="headers"/> (their values never keyed in the evidence).</summary>
    public Task<HttpProbeResult> GetAsync(string url, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken = default) =>
        HttpProbe.GetAsync(url, session.Options.HttpTimeout, session.Evidence, headers, cancellationToken);
}
