using System.Text.RegularExpressions;
using FluentAssertions;
using OmiStack.Reports.Gradescope;

namespace OmiStack.Tests.Integration.Embedded;

/// <summary>
/// `dotnet test checks` with no target: the embedded default, each lesson's own lab brought through
/// its stages. Its report is pinned (times and the mesh probes' wording, which vary run to run,
/// normalised): a change of what the embedded default shows is a visible diff in review.
/// </summary>
[Lab]
[NonParallelizable]
public sealed class EmbeddedDefaultTests
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
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    /// <summary>Times, and the wording of refused or reset connections on a kernel without IPVS, vary between runs.</summary>
    private static string Normalise(string report) =>
        Regex.Replace(
            Regex.Replace(report, @"Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC in [\d.]+ s\.", "Generated <time>."),
            @"Seen so far: [^\n]*", "Seen so far: <each node's answer>.");
}
