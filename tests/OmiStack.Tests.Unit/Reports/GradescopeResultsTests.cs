using FluentAssertions;
using OmiStack.Lessons.Lesson1;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;
using OmiStack.Reports.Gradescope;
using Snapshooter.NUnit;

namespace OmiStack.Tests.Unit.Reports;

public sealed class GradescopeResultsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly Target Target = new()
    {
        Student = "s123456",
        Ssh = new SshTarget { User = "ubuntu", IdentityFile = "k" },
        Nodes = [new NodeTarget { Name = "dockernode1", Address = "a" }, new NodeTarget { Name = "dockernode2", Address = "b" }],
        Registry = new RegistryTarget { Host = "omistack-vm123.e-technik.uni-ulm.de", Node = "dockernode1" },
    };

    private static IReadOnlyList<ScoredCheck> Lesson => Outcomes.Scored(Lesson1Checks.All.Select(c => c.Definition), Rubric.Default);

    private static CheckOutcome Outcome(string id, Judgement judgement) =>
        CheckOutcome.From(Lesson1Checks.ById(id).Definition, judgement, Lesson1Checks.TextFor(Target), TimeSpan.FromMilliseconds(12), At);

    [Test]
    public void A_setup_stage_run_writes_the_gradescope_shape_with_the_rest_not_run()
    {
        var outcomes = new[]
        {
            Outcome("swarm.docker", Judgement.Pass("dockernode1 (Docker 28.0.1), dockernode2 (Docker 28.0.1)")),
            Outcome("swarm.active", Judgement.Pass("swarm active, dockernode1 is the leader")),
            Outcome("swarm.nodes", Judgement.Fail("dockernode2 is not in the swarm")),
        };

        var results = GradescopeResults.Build(Lesson, outcomes, Lesson1Checks.TextFor(Target), TimeSpan.FromSeconds(1.5));

        Snapshot.Match(results.ToJson());
    }

    [Test]
    public void A_later_run_keeps_the_checks_it_did_not_judge()
    {
        // The student's record keeps the setup run's outcome; the final run carries it over for the check it did not judge.
        var earlier = Outcomes.Earlier(LastVerdict.Of(Outcome("swarm.docker", Judgement.Pass("ok"))), Lesson[0], Lesson1Checks.TextFor(Target));

        var final = GradescopeResults.Build(Lesson, [Outcome("cleanup.ghost", Judgement.Pass("no ghost-blog service")), earlier], Lesson1Checks.TextFor(Target), TimeSpan.Zero);

        final.Score.Should().Be(10);
        final.MaxScore.Should().Be(85);
        final.Tests.Single(t => t.ExtraData.Id == "swarm.docker").Status.Should().Be("passed");
        final.Tests.Single(t => t.ExtraData.Id == "ghost.service").ExtraData.Verdict.Should().Be("not-run");
    }

    [Test]
    public void An_inconclusive_check_is_failed_for_gradescope_and_inconclusive_in_extra_data()
    {
        var results = GradescopeResults.Build(Lesson, [Outcome("ghost.mesh", Judgement.Inconclusive("the kernel of dockernode1 has no IPVS"))], Lesson1Checks.TextFor(Target), TimeSpan.Zero);

        var test = results.Tests.Single(t => t.ExtraData.Id == "ghost.mesh");
        test.Status.Should().Be("failed");
        test.Score.Should().Be(0);
        test.ExtraData.Verdict.Should().Be("inconclusive");
        test.Output.Should().Contain("has no IPVS");
    }
}
