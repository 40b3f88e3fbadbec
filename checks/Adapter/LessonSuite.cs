using OmiStack.Harness.Lessons;

namespace OmiStack.Checks.Adapter;

/// <summary>
/// A lesson's NUnit suite, generated from its module in its course's catalog: one test per check, named by the check id,
/// with properties Id, Points, Stage and Lesson (and the lesson as category), so that <c>--filter Id=…|Stage=…|Lesson=…</c>
/// select checks. A lesson's suite is one line:
/// <c>public sealed class Lesson1Suite(string student) : LessonSuite&lt;Lesson1Module&gt;(student);</c> — a course of its own
/// names it: <c>LessonSuite&lt;Lesson3Module, Lesson3Course&gt;</c>.
/// </summary>
[TestFixtureSource(nameof(Keys))]
[Parallelizable(ParallelScope.Self)]
public abstract class LessonSuite<TLesson, TCourse>(string student) : CheckFixture(student, FixtureRuns<TCourse>.RunAsync)
    where TLesson : ILesson
    where TCourse : ICourse, new()
{
    /// <summary>The fixture arguments: the course's run plan's keys.</summary>
    public static IEnumerable<string> Keys => FixtureRuns<TCourse>.Keys;

    /// <summary>The lesson's checks as NUnit test cases, in the lesson's order; an opt-in probe only where the run's settings turn it on.</summary>
    public static IEnumerable<TestCaseData> Cases => CheckCases.For(FixtureRuns<TCourse>.Catalog.Lessons.OfType<TLesson>().Single(), FixtureRuns<TCourse>.Options);

    /// <summary>Judges one check of the lesson for this fixture's student.</summary>
    [TestCaseSource(nameof(Cases))]
    public Task Check(string id) => CheckAsync(id);
}

/// <summary>A lesson's NUnit suite in this repository's course (<see cref="OmiStackCourse"/>).</summary>
public abstract class LessonSuite<TLesson>(string student) : LessonSuite<TLesson, OmiStackCourse>(student)
    where TLesson : ILesson;

/// <summary>Test cases from a lesson module: each check id written once, in the module.</summary>
public static class CheckCases
{
    /// <summary>
    /// One case per check: name = id; properties Id, Points, Stage, Lesson; category = lesson. With
    /// <paramref name="options"/>, an opt-in check whose switch they leave off is no case (no test to list or count).
    /// </summary>
    public static IEnumerable<TestCaseData> For(ILesson lesson, Harness.Gathering.GradingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        return lesson.Checks.Where(check => options is null || check.OptIn is not { } optIn || optIn.IsOn(options)).Select(check => new TestCaseData(check.Id)
            .SetName(check.Id)
            .SetProperty("Id", check.Id)
            .SetProperty("Points", check.Definition.Points)
            .SetProperty("Stage", check.Definition.Stage)
            .SetProperty("Lesson", lesson.Id)
            .SetCategory(lesson.Id));
    }
}
