using AngleSharp.Html.Parser;
using FluentAssertions;
using OmiStack.Engine.Settings;
using OmiStack.Harness.Scoring;
using OmiStack.Reports.Html;
using OmiStack.Reports.Markdown;
using OmiStack.Reports.Model;

namespace OmiStack.Tests.Unit.Reports;

/// <summary>A report sends the reader of each check that needs attention to that check's page: the course's site, else the repository's page.</summary>
public sealed class CheckPageLinksTests
{
    [TestCase("https://course.example/omistack/checks/", "https://course.example/omistack/checks/ghost.mesh.html")]
    [TestCase("https://course.example/omistack/checks", "https://course.example/omistack/checks/ghost.mesh.html")]
    [TestCase("http://10.0.0.5:8000/checks/", "http://10.0.0.5:8000/checks/ghost.mesh.html")]
    public void A_site_links_the_page_of_the_check_in_its_checks_folder(string site, string link) =>
        CheckPageLinks.Site(site)!.For("ghost.mesh").Should().Be(link);

    [TestCase("javascript:alert(1)")]
    [TestCase("file:///etc/passwd")]
    [TestCase("docs/checks/")]
    [TestCase("https://course.example/checks/?page=")]
    [TestCase("https://course.example/checks/#top")]
    public void An_address_that_is_not_a_sites_folder_is_refused(string site) =>
        CheckPageLinks.Site(site).Should().BeNull();

    [Test]
    public void The_setting_that_is_not_a_sites_folder_is_named_in_the_error()
    {
        var settings = new SettingsSource(name => name == "OMISTACK_CHECK_PAGES" ? "javascript:alert(1)" : null, _ => null, Path.GetTempPath());

        var act = () => RunOptions.FromSettings(settings, Path.GetTempPath());

        act.Should().Throw<SettingException>().WithMessage("OMISTACK_CHECK_PAGES must be the http or https address of the docs site's checks/ folder (https://course.example/omistack/checks/), but is 'javascript:alert(1)'.");
        RunOptions.FromSettings(new SettingsSource(name => name == "OMISTACK_CHECK_PAGES" ? "https://course.example/checks/" : null, _ => null, Path.GetTempPath()), Path.GetTempPath())
            .CheckPages.Should().Be(new CheckPageLinks("https://course.example/checks/", ".html"));
    }

    [Test]
    public void A_report_written_inside_a_checkout_links_its_pages_relatively_and_one_outside_does_not()
    {
        var checkout = Directory.CreateTempSubdirectory("omistack-checkout-");
        try
        {
            Directory.CreateDirectory(Path.Combine(checkout.FullName, "docs", "checks"));
            File.WriteAllText(Path.Combine(checkout.FullName, "docs", "checks", "index.md"), "# Checks");
            var folder = Directory.CreateDirectory(Path.Combine(checkout.FullName, "checks", "TestResults", "omistack", "s123456")).FullName;

            CheckPageLinks.InRepository(folder)!.For("stack.services").Should().Be("../../../../docs/checks/stack.services.md");
            CheckPageLinks.InRepository(checkout.Parent!.FullName).Should().BeNull();
        }
        finally
        {
            checkout.Delete(recursive: true);
        }
    }

    [Test]
    public void A_ci_jobs_summary_gets_no_link_relative_to_the_reports_folder_but_a_sites_link()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-summary-");
        try
        {
            var summary = Path.Combine(folder.FullName, "summary.md");
            var job = OmiStack.Reports.JobSummary.FromGitHub(name => name == "GITHUB_STEP_SUMMARY" ? summary : null);
            var (report, results) = ReportScenarios.Build("mixed");

            OmiStack.Reports.ReportWriter.Write(Path.Combine(folder.FullName, "s1"), report with { CheckPages = new CheckPageLinks("../../../../docs/checks/", ".md") }, results, job);
            OmiStack.Reports.ReportWriter.Write(Path.Combine(folder.FullName, "s2"), report with { CheckPages = CheckPageLinks.Site("https://course.example/checks/") }, results, job);

            var written = File.ReadAllText(summary);
            File.ReadAllText(Path.Combine(folder.FullName, "s1", "report.md")).Should().Contain("(<../../../../docs/checks/swarm.nodes.md>)");
            written.Should().NotContain("../../../../docs/checks/").And.Contain("docs/checks/swarm.nodes.md in OmiStack's repository")
                .And.Contain("(<https://course.example/checks/swarm.nodes.html>)");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void Each_check_that_needs_attention_links_its_page_in_both_reports()
    {
        var report = ReportScenarios.Build("mixed").Report with { CheckPages = CheckPageLinks.Site("https://course.example/omistack/checks/") };
        var attention = report.Checks.Where(c => c.NeedsAttention).Select(c => c.Id).ToList();

        var markdown = MarkdownReport.Render(report);
        var links = new HtmlParser().ParseDocument(HtmlReport.Render(report)).QuerySelectorAll("p.more a").Select(a => a.GetAttribute("href")).ToList();

        attention.Should().NotBeEmpty();
        foreach (var id in attention)
        {
            markdown.Should().Contain($"More on this check, its usual failures and their fixes: [{id}](<https://course.example/omistack/checks/{id}.html>)");
        }

        links.Should().Equal(attention.Select(id => $"https://course.example/omistack/checks/{id}.html"));
    }
}
