using FluentAssertions;
using OmiStack.Engine;

namespace OmiStack.Tests.Unit.Grading;

/// <summary>Whether a run handed in comes from the live lab's environment: the ids both saw must agree.</summary>
public sealed class HandedInEnvironmentTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Live = new()
    {
        ["swarm cluster"] = ["c1"],
        ["docker engine"] = ["e1", "e2", "e3"],
        ["answers file"] = ["/home/s1/answers.yaml"],
    };

    [Test]
    public void A_run_of_the_same_swarm_and_engines_is_the_live_labs_even_from_before_the_registry_existed() =>
        HandedInRuns.Mismatch(Live, new Dictionary<string, IReadOnlyList<string>> { ["docker engine"] = ["e1", "e2", "e3"], ["swarm cluster"] = ["c1"] }).Should().BeNull();

    [Test]
    public void A_run_from_before_the_swarm_existed_is_compared_by_its_engines() =>
        HandedInRuns.Mismatch(Live, new Dictionary<string, IReadOnlyList<string>> { ["docker engine"] = ["e1", "e2", "e3"] }).Should().BeNull();

    [Test]
    public void Another_swarm_is_another_environment() =>
        HandedInRuns.Mismatch(Live, new Dictionary<string, IReadOnlyList<string>> { ["docker engine"] = ["e1", "e2", "e3"], ["swarm cluster"] = ["c2"] })
            .Should().Be("it is from another environment (swarm cluster c2 is not the live lab's)");

    [Test]
    public void Other_engines_are_another_environment() =>
        HandedInRuns.Mismatch(Live, new Dictionary<string, IReadOnlyList<string>> { ["docker engine"] = ["x1", "x2", "x3"] })
            .Should().Be("it is from another environment (docker engine x1 is not the live lab's)");

    [Test]
    public void A_node_the_live_run_could_not_reach_leaves_its_engine_unseen_but_the_others_must_agree()
    {
        var down = new Dictionary<string, IReadOnlyList<string>> { ["docker engine"] = ["e1", "e2"], ["swarm cluster"] = ["c1"] };

        HandedInRuns.Mismatch(down, new Dictionary<string, IReadOnlyList<string>> { ["docker engine"] = ["e1", "e2", "e3"] }).Should().BeNull();
        HandedInRuns.Mismatch(down, new Dictionary<string, IReadOnlyList<string>> { ["docker engine"] = ["e1", "x2", "x3"] }).Should().StartWith("it is from another environment (docker engine x");
    }

    [Test]
    public void A_run_that_shares_nothing_identifying_cannot_be_compared_and_an_answers_file_is_no_environment() =>
        HandedInRuns.Mismatch(Live, new Dictionary<string, IReadOnlyList<string>> { ["answers file"] = ["/home/s1/answers.yaml"] })
            .Should().Be("it shares no swarm cluster, Docker engine or registry certificate with the live lab to compare");
}
