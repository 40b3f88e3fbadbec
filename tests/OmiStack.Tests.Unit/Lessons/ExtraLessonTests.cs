using OmiStack.Checks.Adapter;
using System.Text.Json;
using FluentAssertions;
using OmiStack.Lessons;
using OmiStack.Engine;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Lessons;
using OmiStack.Reports.Gradebook;

namespace OmiStack.Tests.Unit.Lessons;

/// <summary>
/// The proof of the lesson-module shape: a lesson defined here, registered in one line, is graded
/// and scored in every report, the rubric and the gradebook, with no change to harness/, reports/ or
/// the grading run.
/// </summary>
public sealed class ExtraLessonTests
{
    /// <summary>The registration: the course's lessons and one more.</summary>
    public static readonly LessonCatalog Catalog = Course.Lessons.With(new ExtraLesson());

    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"omistack-extra-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Its_checks_become_test_cases_named_by_id_with_the_filter_properties()
    {
        var cases = CheckCases.For(new ExtraLesson()).ToList();

        cases.Select(c => c.TestName).Should().Equal("extra.greeting", "extra.answer");
        cases[0].Properties.Get("Id").Should().Be("extra.greeting");
        cases[0].Properties.Get("Points").Should().Be(3);
        cases[0].Properties.Get("Stage").Should().Be("hello");
        cases[0].Properties.Get("Lesson").Should().Be("extra");
        cases[1].Properties.Get("Category").Should().Be("extra");
    }

    [Test]
    public async Task It_is_graded_from_its_own_target_section_and_scored_in_every_report_the_rubric_and_the_gradebook()
    {
        var target = Write("s1.yaml", "student: s1\nextra:\n  greeting: hello world\n  answer: 41\n");
        var rubric = Rubric.Load(Write("rubric.yaml", "lessons:\n  extra: { weight: 1.0 }\nchecks:\n  extra.answer: { points: 4 }\n"),
            [.. Catalog.Checks.Select(c => c.Id)], [.. Catalog.Lessons.Select(l => l.Id)]);
        var results = Path.Combine(_folder, "results");
        var setup = new GradingSetup(Catalog, rubric, InstructorOverrides.None, new GradingOptions(), results);

        await using (var run = StudentRuns.ForTargetFile(target, setup))
        {
            run.GradedChecks.Select(c => c.Id).Should().Contain(["extra.greeting", "extra.answer"]).And.NotContain("swarm.docker", "a target without nodes is not graded on Lesson 1");
            (await run.RunAsync("extra.greeting")).Verdict.Should().Be(Harness.Checks.Verdict.Pass);
            (await run.RunAsync("extra.answer")).Message.Should().Be("Expected the answer 42 because the lesson says so, but found answer: 41. Hint: write 'answer: 42' under extra:");
            run.WriteReports(final: true);
        }

        var student = Path.Combine(results, "s1");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(student, "results.json")));
        var tests = json.RootElement.GetProperty("tests").EnumerateArray()
            .ToDictionary(t => t.GetProperty("extra_data").GetProperty("id").GetString()!, t => t);
        tests["extra.greeting"].GetProperty("score").GetDecimal().Should().Be(3);
        tests["extra.answer"].GetProperty("max_score").GetDecimal().Should().Be(4, "the rubric sets its points");
        tests["extra.answer"].GetProperty("extra_data").GetProperty("lesson").GetString().Should().Be("extra");
        File.ReadAllText(Path.Combine(student, "report.md")).Should().Contain("extra.greeting").And.Contain("extra.answer");
        File.ReadAllText(Path.Combine(student, "junit.xml")).Should().Contain("name=\"extra\"");

        GradebookWriter.Write(results, GradebookWriter.Collect([results]));
        var gradebook = File.ReadAllLines(Path.Combine(results, "gradebook.csv"));
        var header = gradebook[0].Split(',');
        gradebook[1].Split(',')[Array.IndexOf(header, "extra")].Should().Be("3");
    }

    [Test]
    public async Task A_hosts_step_counts_each_check_as_dotnet_test_and_omistack_grade_both_do()
    {
        var target = Write("s3.yaml", "student: s3\nextra:\n  greeting: hello world\n  answer: 41\n");
        await using var run = StudentRuns.ForTargetFile(target, new GradingSetup(Catalog, Rubric.Default, InstructorOverrides.None, new GradingOptions(), _folder));

        var passed = await run.StepAsync("extra.greeting");
        var failed = await run.StepAsync("extra.answer");
        var notGraded = await run.StepAsync("swarm.docker");

        passed.Should().Be(new CheckStep("extra.greeting", StepResult.Passed, "Passed: greeting: hello world.", passed.Outcome));
        failed.Result.Should().Be(StepResult.Failed);
        failed.Line("s3").Should().Be("s3 extra.answer [0/2] Expected the answer 42 because the lesson says so, but found answer: 41. Hint: write 'answer: 42' under extra:");
        notGraded.Should().Be(new CheckStep("swarm.docker", StepResult.Skipped, "swarm.docker is not graded: the target does not describe lesson1 (no nodes).", null));
        CheckStep.NotOpened("extra.answer", "s3.yaml line 2: …").Message.Should().Be("Not judged: s3.yaml line 2: …");
    }

    [Test]
    public void A_target_with_a_key_no_lesson_reads_is_still_refused()
    {
        var target = Write("s2.yaml", "student: s2\nextar:\n  greeting: hello world\n");
        var setup = new GradingSetup(Catalog, Rubric.Default, InstructorOverrides.None, new GradingOptions(), _folder);

        var open = () => StudentRuns.ForTargetFile(target, setup);

        open.Should().Throw<Harness.Targets.TargetFileException>().WithMessage("s2.yaml line 2: unknown key 'extar' (known: student, ssh, nodes, registry, rancher, answers, extra).");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
