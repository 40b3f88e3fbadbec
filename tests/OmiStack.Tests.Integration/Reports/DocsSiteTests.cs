using AngleSharp.Html.Parser;
using FluentAssertions;
using OmiStack.Fixtures.Engine;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Reports;

/// <summary>
/// The documentation site as a reader opens it: scripts/docs-site.sh builds it with DocFX (every warning an error, so a
/// broken link between the pages fails here), then headless Chromium renders the landing page, a generated check page
/// and an API page.
/// </summary>
[Category("Browser")]
public sealed class DocsSiteTests : LaneFixture
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    [Test]
    public async Task The_site_builds_without_a_warning_and_its_pages_render()
    {
        Browser.RequireChromium();
        var script = Path.Combine(ChecksProcess.SolutionRoot, "scripts", "docs-site.sh");
        var built = await ScriptRun.RunAsync(script, [ChecksProcess.Configuration], "scripts/docs-site.sh", Bound, TestContext.Progress, keepOutput: true);
        built.ExitCode.Should().Be(0, built.LastLines);

        var site = Path.Combine(ChecksProcess.SolutionRoot, "docs", "_site");
        var landing = await TextOfAsync(site, "index.html");
        landing.Should().Contain("Students").And.Contain("Instructors").And.Contain("Course CI");

        var check = await TextOfAsync(site, Path.Combine("checks", "stack.services.html"));
        check.Should().Contain("Passes when").And.Contain("Stack mediawiki with web 2/2 and database 1/1 running")
            .And.Contain("docker stack deploy --compose-file docker-compose.yml mediawiki");

        var api = await TextOfAsync(site, Path.Combine("api", "OmiStack.Engine.Settings.RunOptions.html"));
        api.Should().Contain("RunOptions").And.Contain("Namespace");
    }

    private static async Task<string> TextOfAsync(string site, string page)
    {
        var path = Path.Combine(site, page);
        File.Exists(path).Should().BeTrue($"the site has {page}");
        var dom = await Browser.ChromiumAsync(site, "--dump-dom", $"file://{path}");
        return new HtmlParser().ParseDocument(dom).Body!.TextContent;
    }
}
