using OmiStack.Harness.Http;

namespace OmiStack.Lessons.Web;

/// <summary>The web applications the course's lessons deploy, their pages recognised as a person would (the generator tag, the title).</summary>
public static class WebPages
{
    /// <summary>Ghost's page: its generator tag.</summary>
    public static WebPage Ghost { get; } = new("Ghost", body =>
        body.Contains("<meta name=\"generator\" content=\"Ghost", StringComparison.OrdinalIgnoreCase));

    /// <summary>MediaWiki's page: its generator tag, its title, or its configuration script.</summary>
    public static WebPage MediaWiki { get; } = new("MediaWiki", body =>
        body.Contains("content=\"MediaWiki", StringComparison.OrdinalIgnoreCase)
        || body.Contains("<title>MediaWiki", StringComparison.OrdinalIgnoreCase)
        || (body.Contains("mediawiki", StringComparison.OrdinalIgnoreCase) && body.Contains("wgVersion", StringComparison.Ordinal)));
}
