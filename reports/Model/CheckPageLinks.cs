namespace OmiStack.Reports.Model;

/// <summary>
/// Where a report links each check that needs attention: the check's page, made by <c>omistack docs</c> from the
/// lessons and the failures the tests produce (what the check looks at, the sheet's commands, each known failure
/// with its message and what to do). Either the course's own copy of the docs site (<see cref="Site"/>, the
/// instructor's setting) or the page in the repository the report was written inside (<see cref="InRepository"/>,
/// a relative link: the default).
/// </summary>
/// <param name="Prefix">What comes before the check's id: a URL or a relative path, ending in '/'.</param>
/// <param name="Suffix">What comes after the id: ".html" on a site, ".md" in the repository.</param>
public sealed record CheckPageLinks(string Prefix, string Suffix)
{
    /// <summary>The repository folder of the check pages, from its root.</summary>
    public const string PagesFolder = "docs/checks";

    /// <summary>Whether the links are paths relative to the report's folder (the repository's pages), not a site's URLs.</summary>
    public bool Relative => !Prefix.StartsWith("http://", StringComparison.Ordinal) && !Prefix.StartsWith("https://", StringComparison.Ordinal);

    /// <summary>The link to the page of the check <paramref name="id"/>.</summary>
    public string For(string id) => Prefix + Uri.EscapeDataString(id) + Suffix;

    /// <summary>
    /// The check pages of the docs site at <paramref name="baseUrl"/> (its checks/ folder, as scripts/docs-site.sh
    /// builds it: https://course.example/omistack/checks/ → …/checks/ghost.mesh.html); null where the value is not an
    /// absolute http or https URL without a query or fragment.
    /// </summary>
    public static CheckPageLinks? Site(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return null;
        }

        var text = uri.AbsoluteUri;
        return new CheckPageLinks(text.EndsWith('/') ? text : text + "/", ".html");
    }

    /// <summary>
    /// The pages in the OmiStack checkout that holds <paramref name="reportFolder"/> (its docs/checks/, found by walking
    /// up from the folder), as a path relative to the folder; null where the folder is not inside a checkout (a tool
    /// installed on its own writes its results elsewhere).
    /// </summary>
    public static CheckPageLinks? InRepository(string reportFolder)
    {
        var folder = Path.GetFullPath(reportFolder);
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, PagesFolder, "index.md")))
            {
                var relative = Path.GetRelativePath(folder, Path.Combine(dir.FullName, PagesFolder)).Replace('\\', '/');
                return new CheckPageLinks(relative + "/", ".md");
            }
        }

        return null;
    }
}
