using AngleSharp.Html.Parser;
using FluentAssertions;
using OmiStack.Reports.Gradebook;
using OmiStack.Reports.Gradescope;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Reports;

/// <summary>gradebook.html for a 40-student roster, as headless Chromium renders it.</summary>
[Category("Browser")]
public sealed class GradebookPageInBrowserTests : LaneFixture
{
    private static readonly string[] Checks = ["swarm.docker", "swarm.nodes", "registry.tls", "stack.services", "questions.swarm-terms"];

    [Test]
    public async Task The_overview_of_40_students_shows_every_row_every_checks_rates_a_chart_that_matches_and_links_to_each_report()
    {
        Browser.RequireChromium();
        var folder = Path.Combine(Browser.ArtifactsFolder(), "gradebook-page");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var results = Path.Combine(folder, "results");
        var random = new Random(40);
        foreach (var i in Enumerable.Range(1, 40))
        {
            // A student id a browser must show as text, never as markup, in a few rows.
            var student = i % 13 == 0 ? $"s{i:000}<b>x</b>" : $"s{i:000}";
            var studentFolder = Path.Combine(results, $"student-{i:000}");
            Directory.CreateDirectory(studentFolder);
            var tests = Checks.Select(c => Test(c, random.Next(10) switch { < 6 => "pass", < 8 => "fail", 8 => "inconclusive", _ => "not-run" })).ToList();
            if (i == 9)
            {
                // The instructor's override of one check, with its reason, as StudentRun records it.
                tests[2] = tests[2] with { Score = 5, Status = "passed", ExtraData = tests[2].ExtraData with { Verdict = "pass", Override = "certificate checked by hand" } };
            }

            var outcome = new GradescopeResults(tests.Sum(t => t.Score), tests.Sum(t => t.MaxScore), 1, i == 7 ? "Incomplete: the grading deadline passed." : "", "visible", tests)
            {
                ExtraData = new GradescopeRunExtra(student) { Environment = new Dictionary<string, IReadOnlyList<string>> { ["swarm cluster"] = [i is 3 or 4 ? "shared-cluster" : $"cluster-{i}"] } },
            };
            await File.WriteAllTextAsync(Path.Combine(studentFolder, "results.json"), System.Text.Json.JsonSerializer.Serialize(outcome));
            await File.WriteAllTextAsync(Path.Combine(studentFolder, "report.html"), $"<!DOCTYPE html><html><head><title>report of {System.Net.WebUtility.HtmlEncode(student)}</title></head><body><h1 id=\"who\">{System.Net.WebUtility.HtmlEncode(student)}</h1></body></html>");
        }

        var rows = GradebookWriter.Collect([results]);
        var book = Path.Combine(folder, "book");
        GradebookWriter.Write(book, rows);
        var page = Path.Combine(book, "gradebook.html");

        var dom = await Browser.ChromiumAsync(book, "--dump-dom", $"file://{page}");
        await Browser.ChromiumAsync(book, $"--screenshot={Path.Combine(folder, "gradebook.png")}", "--window-size=1280,2400", $"file://{page}");

        var document = new HtmlParser().ParseDocument(dom);
        document.DocumentElement.GetAttribute("data-sortable").Should().Be("ready", "the sorting script runs: the page's policy allows it by its hash");
        var studentRows = document.QuerySelectorAll("#students tbody tr");
        studentRows.Select(r => r.GetAttribute("data-student")).Should().BeEquivalentTo(rows.Select(r => r.Student), "every student has a row");
        document.QuerySelectorAll("#students b").Should().BeEmpty("an id is text, never markup");
        foreach (var check in Checks)
        {
            var cells = document.QuerySelectorAll($"#checks tr[data-check='{check}'] td[data-verdict]").ToDictionary(c => c.GetAttribute("data-verdict")!, c => int.Parse(c.GetAttribute("data-count")!, System.Globalization.CultureInfo.InvariantCulture));
            cells.Should().BeEquivalentTo(GradebookPage.Verdicts.ToDictionary(v => v, v => rows.Count(r => r.Verdict(check) == v)), check);
        }

        var bars = document.QuerySelectorAll("#distribution rect.bar").ToList();
        var expected = GradebookPage.Distribution(rows);
        bars.Select(b => int.Parse(b.GetAttribute("data-count")!, System.Globalization.CultureInfo.InvariantCulture)).Should().Equal(expected);
        expected.Sum().Should().Be(40);
        var heights = bars.Select(b => double.Parse(b.GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        for (var i = 0; i < bars.Count; i++)
        {
            heights[i].Should().BeApproximately((double)expected[i] / expected.Max() * heights.Max(), 0.1, "a bar's height is its count");
        }

        var flags = document.QuerySelectorAll("#students tbody tr").ToDictionary(r => r.GetAttribute("data-student")!, r => r.QuerySelectorAll("td")[^1].TextContent);
        flags["s007"].Should().Contain("incomplete run");
        flags["s009"].Should().Contain("overridden: registry.tls (certificate checked by hand)");
        flags["s003"].Should().Contain("shared environment: s004: swarm cluster shared-cluster");
        flags["s004"].Should().Contain("shared environment: s003");

        foreach (var row in studentRows)
        {
            var link = row.QuerySelector("td a")!.GetAttribute("href")!;
            var report = new Uri(new Uri($"file://{page}"), link);
            File.Exists(report.LocalPath).Should().BeTrue(link);
            if (row.GetAttribute("data-student") is "s001" or "s013<b>x</b>")
            {
                // Opened in Chromium as a click would: the plain id and the hostile one.
                var opened = new HtmlParser().ParseDocument(await Browser.ChromiumAsync(book, "--dump-dom", report.AbsoluteUri));
                opened.QuerySelector("#who")!.TextContent.Should().Be(row.GetAttribute("data-student"), "the link opens that student's report");
            }
        }

        // Sorted by the page's own script: column 1 (score), descending, as a click twice on its name does.
        var sorted = new HtmlParser().ParseDocument(await Browser.ChromiumAsync(book, "--dump-dom", $"file://{page}#sort=1-desc"));
        var scores = sorted.QuerySelectorAll("#students tbody tr").Select(r => decimal.Parse(r.QuerySelectorAll("td")[1].GetAttribute("data-value")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        scores.Should().HaveCount(40).And.BeInDescendingOrder().And.NotBeInAscendingOrder();
        sorted.QuerySelectorAll("#students th")[1].GetAttribute("aria-sort").Should().Be("descending");

        new FileInfo(Path.Combine(folder, "gradebook.png")).Length.Should().BeGreaterThan(20_000);
    }

    private static GradescopeTest Test(string check, string verdict) =>
        new(check, verdict == "pass" ? 5 : 0, 5, verdict == "pass" ? "passed" : "failed", verdict, new GradescopeExtra(check, verdict, "final", "2026-11-26T12:00:00Z") { Lesson = check.StartsWith("questions", StringComparison.Ordinal) ? "questions" : "lesson1" });
}
