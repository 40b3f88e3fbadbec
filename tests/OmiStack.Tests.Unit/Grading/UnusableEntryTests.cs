using FluentAssertions;
using OmiStack.Lessons;
using OmiStack.Engine;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Grading;

/// <summary>A roster entry that cannot be used keeps its row: every check inconclusive naming why, in whole sentences.</summary>
public sealed class UnusableEntryTests
{
    [Test]
    public async Task A_check_of_an_unusable_entry_names_the_lessons_nodes_not_an_empty_list()
    {
        var root = Directory.CreateTempSubdirectory("omistack-unusable-").FullName;
        try
        {
            var setup = new GradingSetup(Course.Lessons, Rubric.Default, InstructorOverrides.None, new GradingOptions(), root);
            await using var run = StudentRuns.ForRosterEntry(new RosterEntry("s9", null, "roster.yaml line 4: nodes[0].address must be a non-empty text."), setup);

            var outcome = await run.RunAsync("swarm.nodes");

            (await run.RunAsync("swarm.nodes")).Verdict.Should().Be(Verdict.Inconclusive);
            run.Outcomes.Should().ContainSingle("a run that grades a check again (watch's rounds) keeps its latest outcome, not a list that grows");
            outcome.Verdict.Should().Be(Verdict.Inconclusive);
            outcome.Message.Should().StartWith("Could not judge (expected exactly dockernode1, dockernode2, dockernode3 in the swarm")
                .And.EndWith("the roster entry cannot be used: roster.yaml line 4: nodes[0].address must be a non-empty text.");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
