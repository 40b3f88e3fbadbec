using OmiStack.Harness.Docker;
using Docker.DotNet.Models;
using FluentAssertions;
using OmiStack.Lessons.Lesson1;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Lesson1;

/// <summary>The Lesson 1 rules on hand-made swarm snapshots: exact messages for the important failures.</summary>
public sealed class Lesson1JudgeTests
{
    private static readonly Target Target = new()
    {
        Student = "s1",
        Ssh = new SshTarget { User = "ubuntu", IdentityFile = "k" },
        Nodes = [Node("dockernode1"), Node("dockernode2"), Node("dockernode3")],
    };

    [Test]
    public void Swarm_with_two_nodes_fails_membership_check_naming_the_missing_node()
    {
        var swarm = Snapshot(nodes: [SwarmNode("dockernode1", "manager"), SwarmNode("dockernode2")]);

        var judgement = Lesson1Checks.JudgeNodes(new LabSession(Target, new GradingOptions()), swarm);

        judgement.Should().Be(Judgement.Fail("dockernode3 is not in the swarm (docker node ls: dockernode1 ready/active/manager, dockernode2 ready/active/worker)").WithParts(2, 3));
        Ledger("swarm.nodes", judgement);
    }

    [Test]
    public void A_drained_node_and_a_second_manager_are_each_named()
    {
        var swarm = Snapshot(nodes: [SwarmNode("dockernode1", "manager"), SwarmNode("dockernode2", "manager"), SwarmNode("dockernode3", availability: "drain")]);

        var judgement = Lesson1Checks.JudgeNodes(new LabSession(Target, new GradingOptions()), swarm);

        judgement.Verdict.Should().Be(Verdict.Fail);
        judgement.Found.Should().StartWith("dockernode2 is a manager, not a worker; dockernode3 availability is drain");
    }

    [Test]
    public void A_node_that_left_and_joined_again_is_judged_by_its_ready_entry()
    {
        var swarm = Snapshot(nodes: [SwarmNode("dockernode1", "manager"), SwarmNode("dockernode2", state: "down"), SwarmNode("dockernode2"), SwarmNode("dockernode3")]);

        Lesson1Checks.JudgeNodes(new LabSession(Target, new GradingOptions()), swarm).Verdict.Should().Be(Verdict.Pass);
    }

    [Test]
    public void Ghost_published_on_8080_with_two_of_three_running_names_both()
    {
        var ghost = Service("ghost-blog", "ghost:latest@sha256:abc", 3, (8080, 2368));
        var swarm = Snapshot(services: [ghost], tasks: [Running(ghost, "n1"), Running(ghost, "n2")]);

        var judgement = Lesson1Checks.JudgeGhostService(swarm);

        judgement.Should().Be(Judgement.Fail("2/3 running; publishes 8080→2368 (ghost-blog: replicated, image ghost:latest, 2/3 running, publishes 8080→2368)"));
        Ledger("ghost.service", judgement);
    }

    [Test]
    public void Ghost_from_docker_hub_spelled_in_full_is_the_ghost_image()
    {
        var ghost = Service("ghost-blog", "docker.io/library/ghost:5-alpine", 3, (80, 2368));
        var swarm = Snapshot(services: [ghost], tasks: [Running(ghost, "n1"), Running(ghost, "n2"), Running(ghost, "n3")]);

        Lesson1Checks.JudgeGhostService(swarm).Verdict.Should().Be(Verdict.Pass);
    }

    [Test]
    public void A_stack_with_web_at_one_of_two_fails_naming_the_service()
    {
        var web = Service("mediawiki_web", "r:5000/mediawiki", 2, (80, 80), stack: "mediawiki");
        var db = Service("mediawiki_database", "r:5000/database", 1, stack: "mediawiki");
        var swarm = Snapshot(services: [web, db], tasks: [Running(web, "n1"), Running(db, "n2")]);

        var judgement = Lesson1Checks.JudgeStackServices(swarm);

        judgement.Should().Be(Judgement.Fail("mediawiki_web at 1/2, expected 2/2 (stack mediawiki: mediawiki_web 1/2, mediawiki_database 1/1)").WithParts(1, 2));
        Ledger("stack.services", judgement);
    }

    [Test]
    public void No_stack_at_all_lists_the_services_there_are()
    {
        var ghost = Service("ghost-blog", "ghost", 1);

        var judgement = Lesson1Checks.JudgeStackServices(Snapshot(services: [ghost]));

        judgement.Should().Be(Judgement.Fail("no stack mediawiki (services: ghost-blog)"));
        Ledger("stack.services", judgement);
    }

    [Test]
    public void Tasks_on_their_way_to_running_are_motion_worth_waiting_for()
    {
        var ghost = Service("ghost-blog", "ghost", 3, (80, 2368));
        var swarm = Snapshot(services: [ghost], tasks: [Running(ghost, "n1"), Task(ghost, TaskState.Preparing), Task(ghost, TaskState.Starting)]);

        SwarmMotion.Of(swarm, [ghost]).Should().Be("2 task(s) of ghost-blog starting");
    }

    [Test]
    public void A_settled_state_is_not_motion_even_where_it_is_wrong()
    {
        var ghost = Service("ghost-blog", "ghost", 3, (80, 2368));
        var rejected = Task(ghost, TaskState.Pending);
        rejected.Status!.Err = "no suitable node (scheduling constraints not satisfied on 3 nodes)";
        var swarm = Snapshot(services: [ghost], tasks: [Running(ghost, "n1"), Running(ghost, "n2"), rejected]);

        SwarmMotion.Of(swarm, [ghost]).Should().BeNull("a task the scheduler rejected for good will not start by waiting");
        SwarmMotion.Of(swarm, [swarm.Service("mediawiki_web")]).Should().BeNull("a missing service is not coming by waiting");
    }

    [Test]
    public void An_update_in_progress_or_a_change_seconds_ago_is_motion()
    {
        var updating = Service("ghost-blog", "ghost", 3);
        updating.UpdateStatus = new UpdateStatus { State = "updating" };
        var changed = Service("mediawiki_web", "r/mediawiki", 2);
        changed.UpdatedAt = DateTime.UnixEpoch.AddSeconds(-2);
        var old = Service("mediawiki_database", "r/database", 1);
        old.UpdatedAt = DateTime.UnixEpoch.AddMinutes(-5);
        var swarm = Snapshot(services: [updating, changed, old]);

        SwarmMotion.Of(swarm, [updating]).Should().Be("ghost-blog updating");
        SwarmMotion.Of(swarm, [changed]).Should().Be("mediawiki_web changed 2 s ago");
        SwarmMotion.Of(swarm, [old]).Should().BeNull();
    }

    [Test]
    public void A_node_in_state_unknown_is_motion_a_down_node_is_not()
    {
        SwarmMotion.OfNodes(Snapshot(nodes: [SwarmNode("dockernode1", "manager"), SwarmNode("dockernode2", state: "unknown")])).Should().Be("dockernode2 in state unknown (joining or restarting)");
        SwarmMotion.OfNodes(Snapshot(nodes: [SwarmNode("dockernode1", "manager"), SwarmNode("dockernode2", state: "down")])).Should().BeNull();
    }

    /// <summary>What the judgement tells a student, for the check pages (recorded where the tests' failure ledger is on).</summary>
    private static void Ledger(string check, Judgement judgement) =>
        Shared.FailureLedger.Record(Lesson1Checks.ById(check).Definition, judgement, Lesson1Checks.TextFor(Target));

    private static TaskResponse Task(SwarmService service, TaskState state)
    {
        var task = Running(service, "n3");
        task.Status!.State = state;
        return task;
    }

    private static NodeTarget Node(string name) => new() { Name = name, Address = "127.0.0.1" };

    private static SwarmSnapshot Snapshot(NodeListResponse[]? nodes = null, SwarmService[]? services = null, TaskResponse[]? tasks = null) =>
        new("dockernode1", nodes ?? [SwarmNode("dockernode1", "manager"), SwarmNode("dockernode2"), SwarmNode("dockernode3")], services ?? [], tasks ?? [], DateTimeOffset.UnixEpoch);

    private static NodeListResponse SwarmNode(string name, string role = "worker", string state = "ready", string availability = "active") => new()
    {
        ID = name + "-" + state,
        Description = new NodeDescription { Hostname = name },
        Status = new NodeStatus { State = state },
        Spec = new NodeUpdateParameters { Role = role, Availability = availability },
    };

    private static SwarmService Service(string name, string image, ulong replicas, (uint Published, uint Target)? port = null, string? stack = null) => new()
    {
        ID = name,
        Spec = new ServiceSpec
        {
            Name = name,
            Labels = stack is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["com.docker.stack.namespace"] = stack },
            Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = replicas } },
            TaskTemplate = new TaskSpec { ContainerSpec = new ContainerSpec { Image = image } },
        },
        Endpoint = new Endpoint { Ports = port is { } p ? [new PortConfig { PublishedPort = p.Published, TargetPort = p.Target, PublishMode = "ingress", Protocol = "tcp" }] : [] },
    };

    private static TaskResponse Running(SwarmService service, string node) => new()
    {
        ID = Guid.NewGuid().ToString(),
        ServiceID = service.ID,
        NodeID = node,
        DesiredState = TaskState.Running,
        Status = new Docker.DotNet.Models.TaskStatus { State = TaskState.Running },
    };
}
