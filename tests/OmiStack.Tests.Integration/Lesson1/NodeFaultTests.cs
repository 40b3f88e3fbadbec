using FluentAssertions;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Waiting;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Lesson1;

/// <summary>Faults of the VMs and the swarm: a node that never joined, a refused key, a stopped dockerd.</summary>
[Lab]
public sealed class NodeFaultTests : LaneFixture
{
    [Test]
    public async Task A_node_that_never_joined_fails_the_membership_and_the_spread_naming_it()
    {
        await using var lab = new NodeLabBuilder().WithState(SwarmState.Bare).WithProgress(TestContext.Progress).Build();
        await lab.StartAsync();
        using var reference = new Lesson1Reference(lab);
        var manager = lab["dockernode1"];
        await lab.RunCheckedAsync("dockernode1", $"docker swarm init --advertise-addr {manager.PrivateAddress}");
        var token = (await lab.RunCheckedAsync("dockernode1", "docker swarm join-token -q worker")).Trim();
        await lab.RunCheckedAsync("dockernode2", $"docker swarm join --token {token} {manager.PrivateAddress}:2377");
        await reference.CreateGhostAsync("--replicas 3 --publish 80:2368");

        var setup = await Lesson1Grading.GradeAsync(lab, "setup");
        var ghost = await Lesson1Grading.GradeAsync(lab, "ghost");

        setup.ShouldBeExactly(("swarm.nodes", Verdict.Fail, "dockernode3 is not in the swarm"));
        ghost.ShouldBeExactly(("ghost.spread", Verdict.Fail, "dockernode3: 0"));
    }

    [Test]
    public async Task A_node_refusing_the_key_makes_only_the_docker_check_inconclusive_then_a_stopped_dockerd_fails_it()
    {
        await using var lab = new NodeLabBuilder().WithProgress(TestContext.Progress).Build();
        await lab.StartAsync();

        // The key is refused on dockernode3: that node cannot be judged, the swarm still can.
        await lab.RunCheckedAsync("dockernode3", "mv ~/.ssh/authorized_keys ~/.ssh/authorized_keys.off");
        var refused = await Lesson1Grading.GradeAsync(lab, "setup");
        refused.ShouldBeExactly(("swarm.docker", Verdict.Inconclusive, "dockernode3 (ubuntu@127.0.0.1:"));
        refused["swarm.docker"].Message.Should().Contain("refused the key");
        await lab.Nodes[2].Container.ExecAsync(["sh", "-c", "mv /home/ubuntu/.ssh/authorized_keys.off /home/ubuntu/.ssh/authorized_keys"]);

        // dockerd stopped on dockernode2: SSH answers, Docker does not; the manager sees the node down.
        await lab.RunCheckedAsync("dockernode2", "sudo pkill dockerd");
        await Poll.UntilAsync(
            "dockernode2 listed Down by the manager",
            TimeSpan.FromSeconds(60),
            ct => lab.RunCheckedAsync("dockernode1", "docker node ls --format '{{.Hostname}} {{.Status}}'", cancellationToken: ct),
            output => output.Contains("dockernode2 Down", StringComparison.Ordinal),
            interval: TimeSpan.FromSeconds(1));

        (await Lesson1Grading.GradeAsync(lab, "setup")).ShouldBeExactly(
            ("swarm.docker", Verdict.Fail, "dockernode2 answers over SSH but the Docker engine on dockernode2 does not answer"),
            ("swarm.nodes", Verdict.Fail, "dockernode2 is down"));
    }
}
