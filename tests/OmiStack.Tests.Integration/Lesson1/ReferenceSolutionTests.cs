using FluentAssertions;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Swarm;

namespace OmiStack.Tests.Integration.Lesson1;

/// <summary>The lesson's own commands on a Bare lab, each stage graded at its point: full marks.</summary>
[Lab]
[NonParallelizable]
public sealed class ReferenceSolutionTests
{
    private SwarmLab _lab = null!;
    private Lesson1Reference _reference = null!;

    [OneTimeSetUp]
    public async Task StartLab()
    {
        _lab = new SwarmLabBuilder().WithState(SwarmState.Bare).WithProgress(TestContext.Progress).Build();
        await _lab.StartAsync();
        _reference = new Lesson1Reference(_lab);
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        _reference.Dispose();
        await _lab.DisposeAsync();
    }

    [Test]
    [Order(1)]
    public async Task Setup_stage_passes_after_swarm_init_and_join()
    {
        await _reference.ReachAsync(Lesson1Stage.Setup);

        (await Lesson1Grading.GradeAsync(_lab, "setup")).ShouldBeExactly();
    }

    [Test]
    [Order(2)]
    public async Task Ghost_stage_passes_after_service_create_with_three_replicas()
    {
        await _reference.ReachAsync(Lesson1Stage.Ghost);

        (await Lesson1Grading.GradeAsync(_lab, "ghost")).ShouldBeExactly();
    }

    [Test]
    [Order(3)]
    public async Task Scale_stage_is_judged_after_scaling_to_one_replica()
    {
        await _reference.ReachAsync(Lesson1Stage.Scale);

        var outcomes = await Lesson1Grading.GradeAsync(_lab, "scale");

        outcomes.ShouldBeExactly();
        outcomes["ghost.mesh"].Message.Should().NotContain("not scaled to 1");
    }

    [Test]
    [Order(4)]
    public async Task Final_stage_passes_after_registry_push_pull_stack_deploy_and_clean_up()
    {
        await _reference.ReachAsync(Lesson1Stage.Final);

        var outcomes = await Lesson1Grading.GradeAsync(_lab, "final");

        outcomes.ShouldBeExactly();
        outcomes.Should().HaveCount(8);
    }

    [Test]
    [Order(5)]
    public async Task The_pull_probe_leaves_dockernode2_as_it_found_it()
    {
        var before = await _lab.RunCheckedAsync("dockernode2", "docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}}' | sort");

        (await Lesson1Grading.GradeAsync(_lab, "final"))["registry.pull"].Verdict.Should().Be(Harness.Checks.Verdict.Pass);

        (await _lab.RunCheckedAsync("dockernode2", "docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}}' | sort")).Should().Be(before);
    }
}
