using System.Text.Json;
using FluentAssertions;
using OmiStack.Engine;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Tests.Unit.Lessons;

namespace OmiStack.Tests.Unit.Grading;

/// <summary>
/// A run's reports rewritten in the background after its checks: the first at once, later ones at most once per
/// report interval, and never after the final write; the run's end does not wait out an interval.
/// </summary>
public sealed class RunReportsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("omistack-reports-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task The_first_check_is_in_the_reports_without_a_final_write()
    {
        await using var run = Open(TimeSpan.FromHours(1));

        await run.RunAsync("extra.greeting");

        (await JudgedAsync(ids => ids.Contains("extra.greeting"))).Should().Contain("extra.greeting");
    }

    [Test]
    public async Task A_check_judged_within_the_interval_waits_for_it_but_the_final_write_does_not()
    {
        var run = Open(TimeSpan.FromHours(1));
        await run.RunAsync("extra.greeting");
        await JudgedAsync(ids => ids.Contains("extra.greeting"));

        await run.RunAsync("extra.answer");
        var final = Task.Run(() => run.WriteReports(final: true));

        await final.WaitAsync(Bound);
        Judged().Should().BeEquivalentTo(["extra.greeting", "extra.answer"], "the final write holds every outcome, the one waiting for its interval included");
        await run.DisposeAsync().AsTask().WaitAsync(Bound);
    }

    [Test]
    public async Task The_runs_end_hurries_a_write_waiting_for_its_interval()
    {
        var run = Open(TimeSpan.FromHours(1));
        await run.RunAsync("extra.greeting");
        await JudgedAsync(ids => ids.Contains("extra.greeting"));
        await run.RunAsync("extra.answer");

        await run.DisposeAsync().AsTask().WaitAsync(Bound);

        Judged().Should().BeEquivalentTo(["extra.greeting", "extra.answer"], "the write that waited ran when the run ended");
    }

    private StudentRun Open(TimeSpan interval)
    {
        var target = Path.Combine(_folder, "s1.yaml");
        File.WriteAllText(target, "student: s1\nextra:\n  greeting: hello world\n  answer: 41\n");
        var options = new GradingOptions { ReportInterval = interval };
        return StudentRuns.ForTargetFile(target, new GradingSetup(ExtraLessonTests.Catalog, Rubric.Default, InstructorOverrides.None, options, Path.Combine(_folder, "results")));
    }

    /// <summary>The checks results.json says were judged (not "not run").</summary>
    private List<string> Judged()
    {
        var file = Path.Combine(_folder, "results", "s1", "results.json");
        if (!File.Exists(file))
        {
            return [];
        }

        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return [.. json.RootElement.GetProperty("tests").EnumerateArray()
            .Where(t => t.GetProperty("extra_data").GetProperty("verdict").GetString() != "not-run")
            .Select(t => t.GetProperty("extra_data").GetProperty("id").GetString()!)];
    }

    private async Task<List<string>> JudgedAsync(Func<List<string>, bool> until)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            try
            {
                if (Judged() is var ids && until(ids))
                {
                    return ids;
                }
            }
            catch (Exception ex) when (ex is IOException or JsonException)
            {
                // Being written (the writer replaces the file atomically; a reader may still race it on some systems).
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"results.json did not show the checks within {Bound}: {string.Join(", ", Judged())}");
            }

            await Task.Delay(20);
        }
    }
}
