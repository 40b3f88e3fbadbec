using OmiStack.Checks.Adapter;
using OmiStack.Engine;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;

namespace OmiStack.Tests.Unit.Lessons;

/// <summary>
/// The extra lesson's checks as NUnit tests generated from its module, discovered and run by
/// `dotnet test` like the course's own suites (names extra.greeting, extra.answer; --filter Lesson=extra).
/// Its target passes one check and fails the other, so each case asserts the verdict it must get.
/// </summary>
[TestFixture]
public sealed class ExtraLessonSuite
{
    private static readonly Dictionary<string, Verdict> Expected = new() { ["extra.greeting"] = Verdict.Pass, ["extra.answer"] = Verdict.Fail };
    private string _folder = "";
    private StudentRun? _run;

    public static IEnumerable<TestCaseData> Cases => CheckCases.For(new ExtraLesson());

    [OneTimeSetUp]
    public void OpenRun()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"omistack-extra-suite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        var target = Path.Combine(_folder, "s1.yaml");
        File.WriteAllText(target, "student: s1\nextra:\n  greeting: hello world\n  answer: 41\n");
        _run = StudentRuns.ForTargetFile(target, new GradingSetup(ExtraLessonTests.Catalog, Rubric.Default, InstructorOverrides.None, new GradingOptions(), _folder));
    }

    [OneTimeTearDown]
    public async Task CloseRun()
    {
        await _run!.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Check(string id)
    {
        var outcome = await _run!.RunAsync(id);

        Assert.That(outcome.Verdict, Is.EqualTo(Expected[id]), outcome.Message);
    }
}
