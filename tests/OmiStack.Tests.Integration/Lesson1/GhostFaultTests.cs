using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Checks;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Lesson1;

/// <summary>Faults of the ghost stage on a Formed lab: each creates a variant of the service, grades, removes it.</summary>
[Lab]
public sealed class GhostFaultTests : LaneFixture
{
    private NodeLab _lab = null!;
    private Lesson1Reference _reference = null!;

    [OneTimeSetUp]
    public async Task StartLab()
    {
        _lab = new NodeLabBuilder().WithProgress(TestContext.Progress).Build();
        await _lab.StartAsync();
        _reference = new Lesson1Reference(_lab);
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        _reference.Dispose();
        await _lab.DisposeAsync();
    }

    [TearDown]
    public async Task RemoveGhost()
    {
        await _lab.RunAsync("dockernode1", "docker service rm ghost-blog");
        await Harness.Waiting.Poll.UntilAsync(
            "ghost-blog's containers to be gone on every node",
            TimeSpan.FromSeconds(30),
            async ct => (await Task.WhenAll(_lab.Nodes.Select(n => _lab.RunCheckedAsync(n.Name, "docker ps -q --filter name=ghost-blog", cancellationToken: ct)))).All(o => o.Trim().Length == 0),
            gone => gone);
    }

    [Test]
    public async Task Two_of_three_replicas_fail_the_service_and_the_spread()
    {
        await _reference.CreateGhostAsync("--replicas 3 --replicas-max-per-node 1 --constraint node.hostname!=dockernode3 --publish 80:2368");
        await _reference.WaitReplicasAsync("ghost-blog", "2/3");

        (await Lesson1Grading.GradeAsync(_lab, "ghost")).ShouldBeExactly(
            ("ghost.service", Verdict.Fail, "2/3 running"),
            ("ghost.spread", Verdict.Fail, "dockernode3: 0"));
    }

    [Test]
    public async Task All_replicas_pinned_to_one_node_fail_only_the_spread()
    {
        await _reference.CreateGhostAsync("--replicas 3 --constraint node.hostname==dockernode1 --publish 80:2368");
        await _reference.WaitReplicasAsync("ghost-blog", "3/3");

        (await Lesson1Grading.GradeAsync(_lab, "ghost")).ShouldBeExactly(
            ("ghost.spread", Verdict.Fail, "running tasks per node: dockernode1: 3, dockernode2: 0, dockernode3: 0"));
    }

    [Test]
    public async Task A_crash_looping_ghost_blog_fails_the_service_and_the_spread_naming_its_failed_tasks()
    {
        // Not waited for at 3/3: the wrong entrypoint's containers exit 4 s after each start.
        await _lab.RunCheckedAsync("dockernode1", "docker service create --detach --replicas 3 --publish 80:2368 --entrypoint \"sh -c 'sleep 4; exit 1'\" --name ghost-blog ghost");
        await Harness.Waiting.Poll.UntilAsync(
            "3 failed tasks of ghost-blog",
            TimeSpan.FromSeconds(90),
            ct => _lab.RunCheckedAsync("dockernode1", "docker service ps --format '{{.CurrentState}}' ghost-blog", cancellationToken: ct),
            output => output.Split('\n').Count(l => l.StartsWith("Failed", StringComparison.Ordinal)) >= 3,
            interval: TimeSpan.FromSeconds(1));

        (await Lesson1Grading.GradeAsync(_lab, "ghost")).ShouldBeExactly(
            ("ghost.service", Verdict.Fail, "its container keeps exiting — docker service ps --no-trunc ghost-blog and docker service logs ghost-blog"),
            ("ghost.spread", Verdict.Fail, "its container keeps exiting"));
    }

    [Test]
    public async Task Publishing_on_8080_fails_only_the_service_naming_the_port()
    {
        await _reference.CreateGhostAsync("--replicas 3 --publish 8080:2368");

        (await Lesson1Grading.GradeAsync(_lab, "ghost")).ShouldBeExactly(
            ("ghost.service", Verdict.Fail, "publishes 8080→2368"));
    }

    [Test]
    public async Task A_service_still_converging_is_polled_until_it_settles()
    {
        // One replica up, then scaled to three while the check runs: Docker shows tasks on their way
        // (new … starting), so the check waits for them rather than failing at 1/3.
        await _reference.CreateGhostAsync("--replicas 1 --publish 80:2368");
        await _lab.RunCheckedAsync("dockernode1", "docker service scale --detach ghost-blog=3");

        var outcomes = await Lesson1Grading.GradeAsync(_lab, "ghost", Lesson1Grading.Options with { ConvergenceTimeout = TimeSpan.FromSeconds(60) });

        outcomes.ShouldBeExactly();
    }

    [Test]
    public async Task The_self_healing_probe_fails_a_ghost_blog_whose_restart_policy_never_replaces_a_task()
    {
        await _reference.CreateGhostAsync("--replicas 3 --replicas-max-per-node 1 --restart-condition none --publish 80:2368");
        await _reference.WaitReplicasAsync("ghost-blog", "3/3");

        // The ghost stage with the probe on (its other checks first, then ghost.heals); a stopped task is never
        // replaced under condition none, so a short bound says so as well as a long one.
        (await Lesson1Grading.GradeAsync(_lab, "ghost", Lesson1Grading.Options with { SelfHealingProbe = true, HealTimeout = TimeSpan.FromSeconds(10) })).ShouldBeExactly(
            ("ghost.heals", Verdict.Fail, "the swarm did not run a replacement within 10 s: ghost-blog at 2/3; its restart policy is condition none"));
    }

    [Test]
    public async Task A_ghost_service_not_scaled_down_fails_the_mesh_check_naming_the_replicas()
    {
        await _reference.CreateGhostAsync("--replicas 3 --publish 80:2368");

        (await Lesson1Grading.GradeAsync(_lab, "scale")).ShouldBeExactly(
            ("ghost.mesh", Verdict.Fail, "ghost-blog at 3/3 running, not scaled to 1"));
    }
}
