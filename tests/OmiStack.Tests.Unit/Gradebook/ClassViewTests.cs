using AngleSharp.Html.Parser;
using FluentAssertions;
using OmiStack.Reports.Gradebook;

namespace OmiStack.Tests.Unit.Gradebook;

/// <summary>The class view of a lab session's rounds: stage now, changes, no progress and on which check, what most fail.</summary>
public sealed class ClassViewTests
{
    private static readonly string[] Checks = ["swarm.nodes", "ghost.service", "ghost.mesh", "stack.services"];
    private static readonly DateTimeOffset Ten = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static SessionRound Round(int number, int minutes, params (string Student, string Stage, decimal Score, string[] Verdicts)[] students) =>
        new(number, Ten.AddMinutes(minutes), false, Checks, students.ToDictionary(s => s.Student, s => new StudentRound(s.Stage, s.Score, 95, s.Verdicts)));

    private static readonly ClassSession Session = ClassSession.None
        .With(Round(1, 0, ("fast", "lesson1: setup", 20, ["pass", "not-yet", "not-yet", "not-yet"]), ("stuck", "lesson1: setup", 20, ["pass", "not-yet", "not-yet", "not-yet"])), Ten.AddMinutes(10))
        .With(Round(2, 10, ("fast", "lesson1: ghost", 35, ["pass", "pass", "not-yet", "not-yet"]), ("stuck", "lesson1: ghost", 20, ["pass", "fail", "not-yet", "not-yet"])), Ten.AddMinutes(20))
        .With(Round(3, 20, ("fast", "lesson1: scale", 35, ["pass", "pass", "inconclusive", "not-yet"]), ("stuck", "lesson1: ghost", 20, ["pass", "fail", "not-yet", "not-yet"]), ("<b>late</b>", "lesson1: setup", 20, ["pass", "fail", "not-yet", "not-yet"])), Ten.AddMinutes(30));

    [Test]
    public void Changes_since_the_last_round_name_the_stage_and_each_verdict_that_moved()
    {
        Session.ChangedSinceLastRound("fast").Should().Equal("stage lesson1: ghost → lesson1: scale", "ghost.mesh not-yet → inconclusive");
        Session.ChangedSinceLastRound("stuck").Should().BeEmpty();
        Session.ChangedSinceLastRound("<b>late</b>").Should().BeEmpty("a student's first round has nothing to compare with");
    }

    [Test]
    public void No_progress_counts_from_the_first_round_with_the_same_score_and_stage_and_names_the_check_it_is_stuck_on()
    {
        Session.NoProgressFor("stuck").Should().Be(TimeSpan.FromMinutes(10), "the same score and stage since round 2");
        Session.NoProgressFor("fast").Should().Be(TimeSpan.Zero);
        Session.StuckOn("stuck").Should().Be("ghost.service", "the first failed check in the lesson's order");
        Session.StuckOn("fast").Should().Be("ghost.mesh");
    }

    [Test]
    public void The_checks_at_least_half_the_class_fails_now_come_most_failed_first() =>
        Session.FailingNow().Should().Equal(("ghost.service", 2, 3));

    [Test]
    public void The_page_shows_each_students_stage_flags_who_stalled_and_reloads_itself_until_the_rounds_end()
    {
        var live = new HtmlParser().ParseDocument(GradebookPage.Render([], [], new Dictionary<string, string>(), "/tmp", Ten.AddMinutes(21), Session, TimeSpan.FromMinutes(10)));
        var ended = new HtmlParser().ParseDocument(GradebookPage.Render([], [], new Dictionary<string, string>(), "/tmp", Ten.AddMinutes(21), Session with { NextAt = null }, TimeSpan.FromMinutes(10)));

        live.QuerySelector("meta[http-equiv=refresh]")!.GetAttribute("content").Should().Be("545", "a few seconds after the next round is due");
        ended.QuerySelector("meta[http-equiv=refresh]").Should().BeNull();
        live.QuerySelector("#round")!.TextContent.Should().Be("Round 3 at 2026-12-02 10:20 UTC; the next round at 10:30 UTC (this page reloads itself).");
        var stuck = live.QuerySelector("#class tr[data-student='stuck']")!;
        stuck.ClassName.Should().Be("stalled");
        stuck.Children[4].TextContent.Should().Be("10 min, on ghost.service");
        live.QuerySelector("#class tr[data-student='fast']")!.GetAttribute("data-stage").Should().Be("lesson1: scale");
        live.QuerySelectorAll("#class b").Should().BeEmpty("a student id is text, never markup");
        live.QuerySelector("#failing-now li")!.TextContent.Should().Be("ghost.service: 2 of 3 students");
    }

    [Test]
    public void The_record_is_bounded_and_one_that_is_not_a_record_is_named()
    {
        var many = Enumerable.Range(1, ClassSession.MaxRounds + 5).Aggregate(ClassSession.None, (s, n) => s.With(Round(n, n, ("a", "x", 0, ["pass", "pass", "pass", "pass"])), null));
        many.Rounds.Should().HaveCount(ClassSession.MaxRounds);
        many.Rounds[0].Number.Should().Be(6, "the oldest rounds go first");

        var folder = Directory.CreateTempSubdirectory("omistack-rounds-").FullName;
        try
        {
            Session.Write(folder);
            ClassSession.Read(folder).Rounds.Should().HaveCount(3);
            File.WriteAllText(Path.Combine(folder, ClassSession.FileName), "[1, 2");
            var read = () => ClassSession.Read(folder);
            read.Should().Throw<InvalidDataException>().WithMessage("*rounds.json is not the rounds' record:*");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
