using OmiStack.Checks.Adapter;
using OmiStack.Engine;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Scoring;
using OmiStack.Lessons;

namespace OmiStack.Tests.Integration.Lesson3;

/// <summary>
/// Lesson 3 registered as the course's lessons are, and graded as `dotnet test checks` grades them: its
/// NUnit cases generated from the module (one per check, named by id, --filter Lesson=lesson3), judged
/// on the embedded default started from its own lab (<see cref="Lesson3Lab.Embedded"/>), where the
/// reference solution passes every check.
/// </summary>
[Lab]
[NonParallelizable]
public sealed class Lesson3Suite
{
    /// <summary>The registration: the course's lessons and Lesson 3, in one line.</summary>
    public static readonly LessonCatalog Catalog = Course.Lessons.With(new Lesson3Module());

    private string _results = "";
    private StudentRun? _run;

    public static IEnumerable<TestCaseData> Cases => CheckCases.For(new Lesson3Module());

    [OneTimeSetUp]
    public async Task StartEmbeddedDefault()
    {
        _results = Directory.CreateTempSubdirectory("omistack-lesson3-suite-").FullName;
        var setup = new GradingSetup(Catalog, Rubric.Default, InstructorOverrides.None, new GradingOptions(), _results);
        _run = await StudentRuns.StartEmbeddedAsync(setup, [Lesson3Lab.Embedded], _results, TestContext.Progress);
    }

    [OneTimeTearDown]
    public async Task RemoveLab()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }

        Directory.Delete(_results, recursive: true);
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Check(string id)
    {
        var outcome = await _run!.RunAsync(id);

        Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Pass), outcome.Message);
    }
}
