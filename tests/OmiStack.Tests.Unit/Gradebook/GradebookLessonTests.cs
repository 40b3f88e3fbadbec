using FluentAssertions;
using OmiStack.Lessons;
using OmiStack.Reports.Gradebook;
using OmiStack.Reports.Gradescope;

namespace OmiStack.Tests.Unit.Gradebook;

/// <summary>A roster where some students did Lesson 2 too: each lesson gets its own total column.</summary>
public sealed class GradebookLessonTests
{
    [Test]
    public void Rancher_checks_count_for_lesson2_not_lesson1()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-gradebook-").FullName;
        try
        {
            GradebookWriter.Write(folder,
            [
                Row("s1", ("swarm.docker", 5m), ("rancher.server", 5m), ("rancher.lb", 10m)),
                Row("s2", ("swarm.docker", 5m)),
            ]);

            var lines = File.ReadAllLines(Path.Combine(folder, "gradebook.csv"));
            var header = lines[0].Split(',');
            var s1 = lines.Single(l => l.StartsWith("s1,", StringComparison.Ordinal)).Split(',');
            var s2 = lines.Single(l => l.StartsWith("s2,", StringComparison.Ordinal)).Split(',');
            s1[Array.IndexOf(header, "lesson1")].Should().Be("5");
            s1[Array.IndexOf(header, "lesson2")].Should().Be("15");
            s2[Array.IndexOf(header, "lesson2")].Should().Be("0");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static GradebookRow Row(string student, params (string Id, decimal Score)[] checks)
    {
        var tests = checks.Select(c => new GradescopeTest(c.Id, c.Score, c.Score, "passed", "ok", new GradescopeExtra(c.Id, "pass", "final", null) { Lesson = Course.Lessons.LessonOf(c.Id).Id })).ToList();
        return new GradebookRow(student, new GradescopeResults(tests.Sum(t => t.Score), tests.Sum(t => t.MaxScore), 1, "", "visible", tests));
    }
}
