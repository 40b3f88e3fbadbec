using FluentAssertions;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;

namespace OmiStack.Tests.Integration.Lesson1;

/// <summary>The lesson's own commands on a Bare lab, each stage graded at its point: full marks.</summary>
[Lab]
[NonParallelizable]
public sealed class ReferenceSolutionTests
{
    private NodeLab _lab = null!;
    private Lesson1Reference _reference = null!;

    [OneTimeSetUp]
    public async Task StartLab()
    {
        _lab = new NodeLabBuilder().WithState(SwarmState.Bare).WithProgress(TestContext.Progress).Build();
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
    [Order(6)]
    public async Task A_full_grading_run_changes_nothing_on_any_node_even_where_the_pull_probe_had_to_pull()
    {
        await _lab.RunCheckedAsync("dockernode2", $"docker rmi {Lesson1Reference.Registry}/database");

        // Swarm tidies up by itself (exited task containers of removed services): start from a state
        // that holds still, so what changes is the harness's doing.
        List<string>? last = null;
        var before = await Harness.Waiting.Poll.UntilAsync(
            "the lab's Docker state to hold still for 2 s",
            TimeSpan.FromSeconds(60),
            async _ =>
            {
                var now = await DockerStateAsync();
                var stable = last is not null && now.SequenceEqual(last);
                last = now;
                return (State: now, Stable: stable);
            },
            r => r.Stable,
            interval: TimeSpan.FromSeconds(2));

        var outcomes = await Lesson1Grading.GradeAsync(_lab);

        outcomes["registry.pull"].Verdict.Should().Be(Harness.Checks.Verdict.Pass);
        (await DockerStateAsync()).Should().Equal(before.State);
    }

    /// <summary>Services, tasks, containers, images, networks and volumes of every node, as text lines.</summary>
    private async Task<List<string>> DockerStateAsync()
    {
        var state = new List<string>();
        state.AddRange((await _lab.RunCheckedAsync("dockernode1", "docker service ls --format 'service {{.ID}} {{.Name}} {{.Mode}} {{.Replicas}} {{.Image}} {{.Ports}}'; docker service ps -q $(docker service ls -q) | sed 's/^/task /'")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        foreach (var node in _lab.Nodes)
        {
            var lines = await _lab.RunCheckedAsync(node.Name,
                "docker ps -a --no-trunc --format 'container {{.ID}} {{.Image}} {{.Status}}' | sed 's/ Up .*/ Up/'; " +
                "docker image ls -a --no-trunc --format 'image {{.ID}} {{.Repository}}:{{.Tag}}'; " +
                "docker network ls --no-trunc --format 'network {{.ID}} {{.Name}}'; docker volume ls --format 'volume {{.Name}}'");
            state.AddRange(lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"{node.Name} {l}").Order(StringComparer.Ordinal));
        }

        return state;
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
