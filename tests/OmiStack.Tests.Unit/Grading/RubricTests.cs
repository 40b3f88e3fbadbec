using FluentAssertions;
using OmiStack.Lessons.Lesson1;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Scoring;

namespace OmiStack.Tests.Unit.Grading;

public sealed class RubricTests
{
    private static readonly string[] Checks = [.. Lesson1Checks.All.Select(c => c.Id)];
    private static readonly string[] Lessons = ["lesson1"];

    [Test]
    public void A_rubric_changes_points_stage_counting_and_partial_credit_per_check()
    {
        var rubric = Rubric.Parse("""
            partialCredit: true
            lessons:
              lesson1: { weight: 0.5 }
            checks:
              swarm.nodes: { points: 12, stage: final, partialCredit: false }
              cleanup.ghost: { counts: false }
            """, "rubric.yaml", Checks, Lessons);

        var nodes = rubric.Apply(Lesson1Checks.ById("swarm.nodes").Definition);

        nodes.Points.Should().Be(12);
        nodes.Stage.Should().Be("final");
        rubric.AllowsPartialCredit("swarm.nodes").Should().BeFalse();
        rubric.AllowsPartialCredit("ghost.spread").Should().BeTrue();
        rubric.Counts("cleanup.ghost").Should().BeFalse();
        rubric.WeightOf("lesson1").Should().Be(0.5m);
    }

    [Test]
    public void Unknown_check_ids_are_an_error_naming_them()
    {
        var act = () => Rubric.Parse("checks:\n  swarm.nodez: { points: 1 }\n  ghost.blog: { points: 2 }\n", "rubric.yaml", Checks, Lessons);

        act.Should().Throw<RubricException>().WithMessage("rubric.yaml: unknown check ids: swarm.nodez, ghost.blog.");
    }

    [TestCase("lessons:\n  lesson9: { weight: 1 }\n", "rubric.yaml line 2: unknown lesson 'lesson9' (known: lesson1).")]
    [TestCase("checks:\n  swarm.nodes: { points: ten }\n", "rubric.yaml line 2: checks.swarm.nodes.points must be a number from 0 to 10000, but is 'ten'.")]
    [TestCase("checks:\n  swarm.nodes: { pionts: 3 }\n", "rubric.yaml line 2: unknown key 'checks.swarm.nodes.pionts' (known: checks.swarm.nodes.points, checks.swarm.nodes.counts, checks.swarm.nodes.stage, checks.swarm.nodes.partialCredit).")]
    [TestCase("partialCredit: maybe\n", "rubric.yaml line 1: partialCredit must be true or false, but is 'maybe'.")]
    public void A_bad_rubric_gets_one_error_naming_the_key_and_line(string yaml, string message)
    {
        var act = () => Rubric.Parse(yaml, "rubric.yaml", Checks, Lessons);

        act.Should().Throw<RubricException>().WithMessage(message);
    }

    [Test]
    public void Partial_credit_can_be_turned_off_for_everything()
    {
        var rubric = Rubric.Parse("partialCredit: false\n", "rubric.yaml", Checks, Lessons);
        var check = Lesson1Checks.ById("swarm.nodes").Definition;

        var outcome = Outcomes.Judged(Outcomes.Scored(check, rubric), Judgement.Fail("dockernode3 is not in the swarm").WithParts(2, 3), CheckContextText.Empty, TimeSpan.Zero, DateTimeOffset.UnixEpoch);

        outcome.Score.Should().Be(0);
        outcome.Message.Should().NotContain("Partial credit");
    }
}
