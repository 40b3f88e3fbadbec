using System.Text.Json.Nodes;
using FluentAssertions;

namespace OmiStack.Tests.Integration.Lesson1;

/// <summary>
/// One way to judge a check, whatever the host: the solved lab graded by `dotnet test checks`, `omistack grade`, a watch
/// round, a round of the lab session, an autograder (GitHub Classroom's) and a re-judge of the recorded evidence gives the
/// same results.json, but for what says when and how it was taken.
/// </summary>
public sealed partial class FinalFaultTests
{
    [Test]
    public async Task Every_host_gives_the_same_results_for_the_same_lab()
    {
        var root = Directory.CreateTempSubdirectory("omistack-hosts-").FullName;
        try
        {
            // The lab's target with the example answers beside it: every host judges the questions from the same file
            // (without one, a roster's hint for the missing file rightly differs from a single target's).
            var target = Path.Combine(root, "omistack.yaml");
            await File.WriteAllTextAsync(target, await File.ReadAllTextAsync(_lab.TargetFile) + "\nanswers: { file: answers.yaml }\n");
            File.Copy(Path.Combine(ChecksProcess.SolutionRoot, "lessons", "Questions", "answers.example.yaml"), Path.Combine(root, "answers.yaml"));
            var student = Harness.Targets.TargetLoader.Load(_lab.TargetFile).Student;
            // The same trust for every host: a roster's and a platform's targets are the students', their CA not trusted.
            var instructor = new Dictionary<string, string> { ["OMISTACK_REGISTRY_CA"] = _lab.RegistryCaFile };
            var roster = Path.Combine(root, "roster.yaml");
            await File.WriteAllTextAsync(roster, $"students:\n  - student: {student}\n    target: {target}\n");
            var until = DateTimeOffset.Now.AddHours(1).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

            var runs = new (string Host, Func<Task<ChecksRun>> Run, string Results)[]
            {
                ("dotnet test checks", () => ChecksProcess.RunAsync(null, new Dictionary<string, string>(instructor) { ["OMISTACK_TARGET"] = target, ["OMISTACK_RESULTS_DIR"] = Path.Combine(root, "nunit") }, TimeSpan.FromMinutes(3)), Path.Combine(root, "nunit")),
                ("omistack grade", () => Cli(["grade", "--target", target, "--results", Path.Combine(root, "grade")]), Path.Combine(root, "grade")),
                ("omistack watch", () => Cli(["watch", "--target", target, "--rounds", "1", "--results", Path.Combine(root, "watch")]), Path.Combine(root, "watch")),
                ("omistack rounds", () => Cli(["rounds", "--roster", roster, "--every", "10m", "--rounds", "1", "--until", until, "--results", Path.Combine(root, "rounds")]), Path.Combine(root, "rounds")),
                ("omistack autograde classroom", () => Cli(["autograde", "classroom", "--target", target, "--results", Path.Combine(root, "classroom")]), Path.Combine(root, "classroom")),
            };
            var graded = new List<(string Host, JsonNode Results)>();
            foreach (var (host, run, results) in runs)
            {
                // One after the other: registry.pull pulls on the lab, and each host's run finds it as the last left it.
                var finished = await run();
                finished.Output.Should().NotContain("Unhandled exception", host);
                graded.Add((host, Normalised(Path.Combine(results, student, "results.json"))));
            }

            var rejudged = await Cli(["rejudge", Path.Combine(root, "grade", student, "evidence.json"), "--out", Path.Combine(root, "rejudge")]);
            rejudged.ExitCode.Should().Be(0, rejudged.Output);
            graded.Add(("omistack rejudge", Normalised(Path.Combine(root, "rejudge", student, "results.json"))));

            var first = graded[0].Results["tests"]!.AsArray();
            first.Select(t => (string)t!["extra_data"]!["verdict"]!).Should().Contain("pass").And.HaveCountGreaterThan(15, "Lesson 1 and the questions are graded");
            first.Where(t => (string?)t!["extra_data"]!["lesson"] == "questions").Should()
                .NotBeEmpty().And.OnlyContain(t => (string)t!["extra_data"]!["verdict"]! == "pass", "the example answers are right");
            foreach (var (host, results) in graded.Skip(1))
            {
                Differences(results, graded[0].Results).Should().BeEmpty($"{host} should give what {graded[0].Host} gave");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        Task<ChecksRun> Cli(string[] arguments) =>
            ChecksProcess.RunCliAsync(arguments, new Dictionary<string, string> { ["OMISTACK_REGISTRY_CA"] = _lab.RegistryCaFile }, TimeSpan.FromMinutes(3));
    }

    /// <summary>The tests (and top-level fields) of two results.json that differ, each side by side.</summary>
    private static List<string> Differences(JsonNode results, JsonNode expected)
    {
        var differ = new List<string>();
        foreach (var (name, value) in results.AsObject().Where(p => p.Key != "tests"))
        {
            if (!JsonNode.DeepEquals(value, expected[name]))
            {
                differ.Add($"{name}: {value?.ToJsonString()} instead of {expected[name]?.ToJsonString()}");
            }
        }

        var tests = results["tests"]!.AsArray();
        var wanted = expected["tests"]!.AsArray();
        differ.AddRange(tests.Zip(wanted).Where(t => !JsonNode.DeepEquals(t.First, t.Second)).Select(t => $"{t.First!.ToJsonString()}\n  instead of {t.Second!.ToJsonString()}"));
        return differ;
    }

    /// <summary>
    /// A results.json without what says when and how the grade was taken (times, the re-judge's line) and without the
    /// socket's own words for a closed port 80 (with no IPVS here, a reset or a response ended early, as the race goes).
    /// </summary>
    private static JsonNode Normalised(string path)
    {
        File.Exists(path).Should().BeTrue($"{path} should have been written");
        var results = JsonNode.Parse(File.ReadAllText(path))!;
        results.AsObject().Remove("execution_time");
        results["extra_data"]?.AsObject().Remove("rejudged_from");
        foreach (var test in results["tests"]!.AsArray())
        {
            test!["extra_data"]!.AsObject().Remove("judged_at");
            test["output"] = ClosedPortWords().Replace(test["output"]!.GetValue<string>(), "nothing answers on port 80 (…)");
        }

        return results;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"nothing answers on port 80 \((?:[^()]|\([^()]*\))*\)")]
    private static partial System.Text.RegularExpressions.Regex ClosedPortWords();
}
