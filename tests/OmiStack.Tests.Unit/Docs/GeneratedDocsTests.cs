using FluentAssertions;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;
using OmiStack.Lessons;
using OmiStack.Lessons.Lesson1;
using OmiStack.Reports.Docs;
using OmiStack.Tests.Unit.Architecture;

namespace OmiStack.Tests.Unit.Docs;

/// <summary>
/// The generated docs (a page per check, the checks index, the check tables of other pages) say what the lessons declare:
/// a check changed in code and not in its page fails here, naming the page and the command that makes it anew.
/// </summary>
public sealed class GeneratedDocsTests
{
    private static readonly string Root = SettingsAtTheEdgeTests.RepositoryRoot();

    [Test]
    public void The_generated_docs_are_current()
    {
        var expected = CheckPages.For(Course.Lessons, Root).Expected(Root);

        CheckPages.Stale(Root, expected).Should().BeEmpty("`dotnet run --project cli -- docs` makes them anew from the lessons");
        CheckPages.LeftOver(Root, expected).Should().BeEmpty("a page of a check the course no longer has is removed by `omistack docs`");
    }

    [Test]
    public void Every_check_of_the_course_has_its_page_with_the_failures_the_tests_produce()
    {
        var book = FailureBook.Read(Path.Combine(Root, CheckPages.FailuresFile));
        var withoutFailures = Course.Lessons.Known.Select(c => c.Id).Where(id => book.Of(id).Count == 0).ToList();

        Course.Lessons.Known.Should().OnlyContain(c => File.Exists(Path.Combine(Root, CheckPages.Folder, c.Id + ".md")));
        withoutFailures.Should().BeEmpty("every check's page lists the failures the fault scenarios and rule tests give it");
    }

    [Test]
    public void A_check_whose_points_change_makes_its_page_and_every_table_stale()
    {
        var nodes = Lesson1Checks.ById("swarm.nodes");
        var changed = nodes with { Definition = nodes.Definition with { Points = nodes.Definition.Points + 1 } };
        var catalog = new LessonCatalog([.. Course.Lessons.Lessons.Select(l => l.Id == Lesson1Checks.Lesson ? new Changed(l, changed) : l)]);

        var stale = Stale(CheckPages.For(catalog, Root));

        stale.Should().Contain("docs/checks/swarm.nodes.md").And.Contain("docs/checks/index.md").And.Contain("docs/instructors/lesson1.md");
        stale.Should().NotContain("docs/checks/swarm.active.md", "only what names the changed check is stale");
    }

    private static IReadOnlyList<string> Stale(CheckPages pages) => CheckPages.Stale(Root, pages.Expected(Root));

    /// <summary>A lesson as it is, but for one check.</summary>
    private sealed class Changed(ILesson lesson, Check check) : ILesson
    {
        public string Id => lesson.Id;

        public string Title => lesson.Title;

        public IReadOnlyList<string> Stages => lesson.Stages;

        public IReadOnlyList<Check> Checks => [.. lesson.Checks.Select(c => c.Id == check.Id ? check : c)];

        public string TargetSection => lesson.TargetSection;

        public IReadOnlyList<string> TargetKeys => lesson.TargetKeys;

        public bool Describes(Target target) => lesson.Describes(target);

        public IReadOnlyDictionary<string, string> TextValues(Target target) => lesson.TextValues(target);

        public Task<StageReached?> ReachedAsync(LabSession session, CancellationToken cancellationToken = default) => lesson.ReachedAsync(session, cancellationToken);
    }
}
