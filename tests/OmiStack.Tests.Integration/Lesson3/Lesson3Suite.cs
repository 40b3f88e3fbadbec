using OmiStack.Checks.Adapter;
using OmiStack.Engine.Settings;
using OmiStack.Harness.Lessons;

namespace OmiStack.Tests.Integration.Lesson3;

/// <summary>
/// Lesson 3 graded as `dotnet test checks` grades a course's lessons, through the production adapter: its NUnit cases
/// generated from the module (one per check, named by id, --filter Lesson=lesson3), judged on the embedded default started
/// from its own lab (<see cref="Lesson3Lab.Embedded"/>), where the reference solution passes every check. The suite is the
/// one line a lesson's suite is; its course is a course of its own. Its base is the production adapter's, so it is no
/// <see cref="Lanes.LaneFixture"/>: it runs in NUnit's non-parallel shift, with the machine to itself (a few seconds).
/// </summary>
[Lab]
[NonParallelizable]
public sealed class Lesson3Suite(string student) : LessonSuite<Lesson3Module, Lesson3Course>(student);

/// <summary>A course of one lesson, Lesson 3, graded on its own lab (whatever target the environment names) into a folder of its own.</summary>
public sealed class Lesson3Course : ICourse
{
    /// <summary>Where its runs' results go (removed after the course's last check).</summary>
    public static readonly string Results = Path.Combine(Path.GetTempPath(), $"omistack-lesson3-course-{Environment.ProcessId}");

    /// <inheritdoc />
    public LessonCatalog Catalog(RunOptions options) => new([new Lesson3Module()]);

    /// <inheritdoc />
    public IReadOnlyList<EmbeddedLab> Labs() => [Lesson3Lab.Embedded];

    /// <inheritdoc />
    public RunOptions Adjust(RunOptions options) => options with { Target = null, Roster = null, Shard = null, ResultsRoot = Results };
}

/// <summary>
/// After Lesson 3's suite: its course's runs closed as the adapter closes the course's (reports, the lab gone); a run
/// that fails as a whole fails here. Parallel, as a namespace without a set-up fixture is: a non-parallel one holds
/// NUnit's non-parallel shift until its namespace's fixtures end, so the lanes' other fixtures would not start beside
/// Lesson3Tests.
/// </summary>
[SetUpFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class Lesson3CourseEnd
{
    [OneTimeTearDown]
    public async Task CloseRuns()
    {
        try
        {
            Assert.That(await FixtureRuns<Lesson3Course>.CloseAsync(), Is.Null, "Lesson 3's run fails as a whole");
        }
        finally
        {
            if (Directory.Exists(Lesson3Course.Results))
            {
                Directory.Delete(Lesson3Course.Results, recursive: true);
            }
        }
    }
}
