using FluentAssertions;
using OmiStack.Harness.Checks;

namespace OmiStack.Tests.Unit.Checks;

public sealed class CheckOutcomeTests
{
    private static readonly CheckDefinition Nodes = new()
    {
        Id = "swarm.nodes", Points = 10, Stage = "setup", Lesson = "lesson1",
        Expectation = "exactly {nodes} in the swarm",
        Why = "the lesson joins the other VMs to {manager}'s swarm",
        Hint = "on {manager}: docker swarm join-token worker",
    };

    private static readonly CheckContextText Text = new(new Dictionary<string, string> { ["nodes"] = "dockernode1, dockernode2", ["manager"] = "dockernode1" });

    [Test]
    public void A_failure_says_what_was_expected_why_what_was_found_and_what_to_do()
    {
        var outcome = CheckOutcome.From(Nodes, Judgement.Fail("dockernode2 is not in the swarm"), Text, TimeSpan.Zero, DateTimeOffset.UnixEpoch);

        outcome.Message.Should().Be(
            "Expected exactly dockernode1, dockernode2 in the swarm because the lesson joins the other VMs to dockernode1's swarm, " +
            "but found dockernode2 is not in the swarm. Hint: on dockernode1: docker swarm join-token worker");
        outcome.Score.Should().Be(0);
        outcome.MaxScore.Should().Be(10);
    }

    [Test]
    public void An_inconclusive_verdict_names_its_cause_and_scores_nothing()
    {
        var outcome = CheckOutcome.From(Nodes, Judgement.Inconclusive("SSH to dockernode1 failed: no connection"), Text, TimeSpan.Zero, DateTimeOffset.UnixEpoch);

        outcome.Message.Should().Be("Could not judge (expected exactly dockernode1, dockernode2 in the swarm): SSH to dockernode1 failed: no connection.");
        outcome.Score.Should().Be(0);
    }

    [Test]
    public void A_pass_scores_the_points_and_says_what_proved_it()
    {
        var outcome = CheckOutcome.From(Nodes, Judgement.Pass("2 nodes ready"), Text, TimeSpan.Zero, DateTimeOffset.UnixEpoch);

        outcome.Message.Should().Be("Passed: 2 nodes ready.");
        outcome.Score.Should().Be(10);
    }

    /// <summary>
    /// The one template, for every check of every lesson: an expectation reads right after "Expected"
    /// and after "Could not judge (expected": a noun phrase or "X to do Y", never a clause that would
    /// need "whether" ("whether the MediaWiki page on port 80 …" was the old template's slip).
    /// </summary>
    [TestCaseSource(nameof(EveryCheck))]
    public void Every_check_reads_right_in_the_fail_and_the_inconclusive_template(string id)
    {
        var check = OmiStack.Lessons.Course.Lessons.Check(id).Definition;
        var text = OmiStack.Lessons.Course.Lessons.TextFor(new Harness.Targets.Target { Student = "s1", Ssh = Harness.Targets.SshTarget.None, Nodes = [] });
        var expectation = text.Fill(check.Expectation);

        var fail = CheckOutcome.From(check, Judgement.Fail("X"), text, TimeSpan.Zero, DateTimeOffset.UnixEpoch);
        var inconclusive = CheckOutcome.From(check, Judgement.Inconclusive("Y"), text, TimeSpan.Zero, DateTimeOffset.UnixEpoch);

        fail.Message.Should().StartWith($"Expected {expectation} because ");
        inconclusive.Message.Should().Be($"Could not judge (expected {expectation}): Y.");
        expectation.Should().NotMatchRegex(@"^(whether|that|if)\b", "the template supplies the verb");
        expectation.Should().NotEndWith(".");
    }

    private static IEnumerable<string> EveryCheck => OmiStack.Lessons.Course.Lessons.Checks.Select(c => c.Id);
}
