using FluentAssertions;
using OmiStack.Reports.Gradebook;
using OmiStack.Reports.Gradescope;
using Snapshooter.NUnit;

namespace OmiStack.Tests.Unit.Gradebook;

/// <summary>gradebook.html: pinned, and its chart's bins.</summary>
public sealed class GradebookPageTests
{
    [Test]
    public void The_page_of_a_small_roster_is_pinned()
    {
        var rows = new[] { Row("alice", 25, 25), Row("bob", 10, 25, "inconclusive"), Row("carol", 0, 25) };
        var shared = new Dictionary<string, string> { ["alice"] = "carol: swarm cluster c1", ["carol"] = "alice: swarm cluster c1" };

        Snapshot.Match(GradebookPage.Render(rows, ["swarm.docker"], shared, "/results", new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Each_score_falls_in_its_tenth_and_full_marks_in_the_last()
    {
        var rows = new[] { Row("a", 0, 25), Row("b", 2.4m, 25), Row("c", 2.5m, 25), Row("d", 24.9m, 25), Row("e", 25, 25), Row("f", 0, 0) };

        GradebookPage.Distribution(rows).Should().Equal(3, 1, 0, 0, 0, 0, 0, 0, 0, 2);
    }

    private static GradebookRow Row(string student, decimal score, decimal max, string verdict = "pass") =>
        new(student, new GradescopeResults(score, max, 1, "", "visible", [new GradescopeTest("swarm.docker", score, max, "passed", "", new GradescopeExtra("swarm.docker", verdict, "setup", null) { Lesson = "lesson1" })]));
}
