using System.Text.RegularExpressions;
using FluentAssertions;
using OmiStack.Reports.Gradescope;
using OmiStack.Tests.Integration.Evidence;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Embedded;

/// <summary>
/// `dotnet test checks` with no target: the embedded default, each lesson's own lab brought through
/// its stages. Its report is pinned (times and the mesh probes' wording, which vary run to run,
/// normalised): a change of what the embedded default shows is a visible diff in review.
/// </summary>
[Lab]
public sealed class EmbeddedDefaultTests : LaneFixture
{
    /// <summary>The approved report for this kernel: the mesh checks pass where it has IPVS, and are inconclusive where not (as here and in CI).</summary>
    private static string Approved => Path.Combine(ChecksProcess.SolutionRoot, "tests", "OmiStack.Tests.Integration", "Embedded", $"embedded-report.{(File.Exists("/proc/net/ip_vs") ? "ipvs" : "no-ipvs")}.approved.md");

    private static string Received => Approved.Replace(".approved.md", ".received.md", StringComparison.Ordinal);

    [Test]
    public async Task The_embedded_default_grades_every_lesson_at_its_stages_and_its_report_is_pinned()
    {
        var results = Directory.CreateTempSubdirectory("omistack-embedded-").FullName;
        try
        {
            var run = await ChecksProcess.RunAsync(null, new Dictionary<string, string> { ["OMISTACK_RESULTS_DIR"] = results }, TimeSpan.FromMinutes(10));
            var output = run.Output;

            var graded = GradescopeResults.TryRead(Path.Combine(results, "embedded-reference-lab", "results.json"));
            graded.Should().NotBeNull(output);
            graded!.Tests.Should().AllSatisfy(t => t.ExtraData.Verdict.Should().BeOneOf(["pass", "inconclusive"], t.Output));
            graded.Tests.Where(t => t.ExtraData.Verdict == "inconclusive").Should().AllSatisfy(t => t.Output.Should().Contain("has no IPVS"), "only the routing mesh, on a kernel without IPVS, cannot be judged here");

            // What the student sees at dotnet test's default verbosity.
            var passed = graded.Tests.Count(t => t.ExtraData.Verdict == "pass");
            run.ExitCode.Should().Be(0, "inconclusive checks beside passes leave the exit code 0");
            run.Totals.Should().Be((0, passed, graded.Tests.Count - passed, graded.Tests.Count), "every check is counted, inconclusive ones as skipped");
            output.Should().Contain($"OmiStack embedded-reference-lab: {graded.Score:0.##} / {graded.MaxScore:0.##} points (lesson1: ")
                .And.Contain($"{graded.Tests.Count} checks: {passed} passed, 0 failed")
                .And.Contain($"Reports: {Path.Combine(results, "embedded-reference-lab", "report.md")}")
                .And.Contain("omistack: lab ", "the lab's progress shows while it starts");
            if (!File.Exists("/proc/net/ip_vs"))
            {
                ReadmeSummaryLines().Should().Equal(SummaryLines(output), "docs/students/first-run.md shows this run's summary (regenerate it from a run's output when it changes)");
            }

            var report = Normalise(await File.ReadAllTextAsync(Path.Combine(results, "embedded-reference-lab", "report.md")));
            if (!File.Exists(Approved) || await File.ReadAllTextAsync(Approved) != report)
            {
                await File.WriteAllTextAsync(Received, report);
            }

            if (!File.Exists(Approved))
            {
                Assert.Inconclusive($"No approved report for this kernel yet: review {Received} and rename it to {Path.GetFileName(Approved)}.");
            }

            report.Should().Be(await File.ReadAllTextAsync(Approved), $"the embedded default's report is pinned; if the change is intended, copy {Path.GetFileName(Received)} over the approved file");

            // The one recording seam: every kind of exchange was recorded, so the re-judge below replays each kind.
            var kinds = Harness.Evidence.EvidenceDocument.Read(Path.Combine(results, "embedded-reference-lab", "evidence.json")).Entries.Select(e => e.Kind).Distinct().ToList();
            kinds.Should().BeEquivalentTo(Harness.Evidence.EvidenceKinds.All, "the embedded default reads the lab over every seam there is");

            // After the labs are gone (as after terraform destroy): the evidence alone gives the same grade.
            await AssertRejudgedIdenticallyAsync(results, graded);
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    /// <summary>
    /// `omistack rejudge` on the run's evidence, once its labs are removed: every stage's checks judged
    /// again from evidence.json give the same verdicts, points and messages, and the reports say so.
    /// </summary>
    private static async Task AssertRejudgedIdenticallyAsync(string results, GradescopeResults graded)
    {
        var rejudgedRoot = Path.Combine(results, "..", Path.GetFileName(results) + "-rejudged");
        try
        {
            var student = Path.Combine(results, "embedded-reference-lab");
            var rejudge = await ChecksProcess.RunCliAsync(["rejudge", student, "--out", rejudgedRoot], new Dictionary<string, string>(), TimeSpan.FromMinutes(3));
            rejudge.ExitCode.Should().Be(0, rejudge.Output);
            rejudge.Output.Should().Contain($"omistack: embedded-reference-lab: {graded.Score:0.##} / {graded.MaxScore:0.##} re-judged from {Path.Combine(student, "evidence.json")}");

            var again = GradescopeResults.TryRead(Path.Combine(rejudgedRoot, "embedded-reference-lab", "results.json"))!;
            RejudgeComparison.Of(again).Should().Equal(RejudgeComparison.Of(graded), "a re-judge of the embedded default's evidence (every stage of each lesson's lab) gives its live grade");
            again.ExtraData!.RejudgedFrom.Should().Contain("no lab was reached");
            (await File.ReadAllTextAsync(Path.Combine(rejudgedRoot, "embedded-reference-lab", "report.md"))).Should().Contain("Re-judged on ");
        }
        finally
        {
            if (Directory.Exists(rejudgedRoot))
            {
                Directory.Delete(rejudgedRoot, recursive: true);
            }
        }
    }

    /// <summary>The summary (table to report paths) of the output docs/students/first-run.md pastes, normalised.</summary>
    private static List<string> ReadmeSummaryLines()
    {
        var page = File.ReadAllText(Path.Combine(ChecksProcess.SolutionRoot, "docs", "students", "first-run.md"));
        var section = page[page.IndexOf("# Your first run", StringComparison.Ordinal)..];
        var block = section[(section.IndexOf("```\n", StringComparison.Ordinal) + 4)..];
        return SummaryLines(block[..block.IndexOf("```", StringComparison.Ordinal)]);
    }

    /// <summary>The lines from the table's header to "Reports:", the results folder and what varies between runs normalised.</summary>
    private static List<string> SummaryLines(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var first = lines.FindIndex(l => l.StartsWith("  check ", StringComparison.Ordinal));
        var last = lines.FindIndex(l => l.StartsWith("Reports: ", StringComparison.Ordinal));
        return first < 0 || last < first
            ? []
            : lines[first..(last + 1)]
                .Where(l => !l.StartsWith("  Skipped ", StringComparison.Ordinal))
                .Select(l => Regex.Replace(Regex.Replace(l, @"\S+/embedded-reference-lab/", "<results>/embedded-reference-lab/"), @"Seen so far: .*", "Seen so far: <each node's answer>"))
                .ToList();
    }

    /// <summary>Times, and the wording of refused or reset connections on a kernel without IPVS, vary between runs.</summary>
    private static string Normalise(string report) =>
        Regex.Replace(
            Regex.Replace(report, @"Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC in [\d.]+ s\.", "Generated <time>."),
            @"Seen so far: [^\n]*", "Seen so far: <each node's answer>.");
}
