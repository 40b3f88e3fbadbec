using Docker.DotNet.Models;
using FluentAssertions;
using OmiStack.Harness.Docker;
using OmiStack.Harness.Gathering;
using OmiStack.Lessons.Lesson1;

namespace OmiStack.Tests.Unit.Stability;

/// <summary>
/// A service counts as running only where the swarm's own record says it stays up: tasks of its current spec that
/// failed within the window, and running tasks younger than the settle time, on hand-made task histories.
/// </summary>
public sealed class ServiceStabilityTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 10, 5, 0, DateTimeKind.Utc);

    [Test]
    public void A_crash_looping_database_fails_the_stack_naming_its_failures_the_last_error_and_the_commands()
    {
        var web = Service("mediawiki_web", "r:5000/mediawiki", 2);
        var db = Service("mediawiki_database", "r:5000/database", 1);
        var swarm = Snapshot([web, db],
            Running(web, "n1", 300), Running(web, "n2", 300),
            Running(db, "n2", 3),
            Failed(db, "n2", 9), Failed(db, "n3", 20), Failed(db, "n2", 31), Failed(db, "n3", 42));

        Lesson1Checks.JudgeStackServices(swarm).Found.Should().Be(
            "mediawiki_database at 1/1, but 4 tasks failed on dockernode2, dockernode3 in the last 2 minutes, the last with 'task: non-zero exit (1)' at 10:04:51 UTC; "
            + "its container keeps exiting — docker service ps --no-trunc mediawiki_database and docker service logs mediawiki_database "
            + "(stack mediawiki: mediawiki_web 2/2, mediawiki_database 1/1)");
    }

    [Test]
    public void A_crash_loop_caught_between_two_runs_names_the_failures_not_only_the_count()
    {
        var db = Service("mediawiki_database", "r:5000/database", 1);
        var swarm = Snapshot([Service("mediawiki_web", "r:5000/mediawiki", 2), db], Failed(db, "n2", 2), Failed(db, "n2", 14));

        Lesson1Checks.JudgeStackServices(swarm).Found.Should().StartWith(
            "mediawiki_web at 0/2, expected 2/2; mediawiki_database at 0/1, expected 1/1: 2 tasks failed on dockernode2 in the last 2 minutes, the last with 'task: non-zero exit (1)' at 10:04:58 UTC; its container keeps exiting");
    }

    [Test]
    public void Failures_of_an_earlier_spec_do_not_count_once_the_student_changed_the_service()
    {
        var db = Service("mediawiki_database", "r:5000/database:fixed", 1);
        var old = Failed(db, "n2", 40);
        old.Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Image = "r:5000/database:broken" } };
        var swarm = Snapshot([db], Running(db, "n2", 30), old);

        var stability = ServiceStability.Of(swarm, db, new StabilityOptions());

        stability.Unsteady.Should().BeFalse("the failed task ran the broken image the service no longer has");
        stability.Settling.Should().BeFalse("its running task has been up 30 s");
    }

    [Test]
    public void A_failure_before_the_window_and_a_container_stopped_by_hand_are_not_failures()
    {
        var db = Service("mediawiki_database", "r:5000/database", 1);
        var stopped = Failed(db, "n2", 20);
        stopped.Status!.ContainerStatus = new ContainerStatus { ExitCode = 143 };
        stopped.Status.Err = "task: non-zero exit (143)";
        var swarm = Snapshot([db], Running(db, "n2", 15), Failed(db, "n3", 121), stopped);

        ServiceStability.Of(swarm, db, new StabilityOptions()).Unsteady.Should().BeFalse();
        ServiceStability.Of(swarm, db, new StabilityOptions { FailureWindow = TimeSpan.FromMinutes(5) }).Failures.Should().HaveCount(1);
    }

    [Test]
    public void Tasks_rejected_on_one_node_are_named_with_that_node_though_the_others_run()
    {
        var web = Service("mediawiki_web", "r:5000/mediawiki", 2);
        var rejected = Failed(web, "n3", 12);
        rejected.Status!.State = TaskState.Rejected;
        rejected.Status.Err = "invalid mount config for type \"bind\": bind source path does not exist: /srv/wiki";
        var swarm = Snapshot([web, Service("mediawiki_database", "r:5000/database", 1)], Running(web, "n1", 200), Running(web, "n2", 100), rejected);

        ServiceStability.Of(swarm, web, new StabilityOptions()).Describe(swarm).Should().Be(
            "1 task failed on dockernode3 in the last 2 minutes, the last with 'invalid mount config for type \"bind\": bind source path does not exist: /srv/wiki' at 10:04:48 UTC; "
            + "the node rejected its task (the container could not be created or started there) — docker service ps --no-trunc mediawiki_web and docker service logs mediawiki_web");
    }

    [Test]
    public void A_task_younger_than_the_settle_time_is_motion_worth_waiting_for_and_a_crash_loop_is_not()
    {
        var ghost = Service("ghost-blog", "ghost", 1);
        var young = Snapshot([ghost], Running(ghost, "n1", 4));
        var looping = Snapshot([ghost], Running(ghost, "n1", 4), Failed(ghost, "n1", 11));

        SwarmMotion.Of(young, [ghost], new StabilityOptions()).Should().Be("ghost-blog up 4 s of 10 s");
        SwarmMotion.Of(looping, [ghost], new StabilityOptions()).Should().BeNull("a crash loop never settles: it is judged at once");
        SwarmMotion.Of(young, [ghost]).Should().BeNull("without stability rules only Docker's own motion counts");
    }

    [Test]
    public void A_service_that_has_not_settled_when_the_bound_runs_out_fails_saying_how_long_it_has_been_up()
    {
        var ghost = Service("ghost-blog", "ghost", 3, published: true);
        var swarm = Snapshot([ghost], Running(ghost, "n1", 40), Running(ghost, "n2", 40), Running(ghost, "n3", 6));

        Lesson1Checks.JudgeGhostService(swarm).Found.Should().StartWith(
            "3/3 running, but its youngest task has been up 6 s, and a task counts as running once it stays up 10 s (ghost-blog:");
        Lesson1Checks.JudgeGhostService(swarm, new StabilityOptions { Settle = TimeSpan.Zero }).Verdict.Should().Be(Harness.Checks.Verdict.Pass);
    }

    private static SwarmSnapshot Snapshot(SwarmService[] services, params TaskResponse[] tasks) =>
        new("dockernode1", [Node("n1", "dockernode1"), Node("n2", "dockernode2"), Node("n3", "dockernode3")], services, tasks, new DateTimeOffset(Now));

    private static NodeListResponse Node(string id, string name) => new()
    {
        ID = id,
        Description = new NodeDescription { Hostname = name },
        Status = new NodeStatus { State = "ready" },
        Spec = new NodeUpdateParameters { Role = id == "n1" ? "manager" : "worker", Availability = "active" },
    };

    private static SwarmService Service(string name, string image, ulong replicas, bool published = false) => new()
    {
        ID = name,
        Spec = new ServiceSpec
        {
            Name = name,
            Labels = name.StartsWith("mediawiki_", StringComparison.Ordinal) ? new Dictionary<string, string> { ["com.docker.stack.namespace"] = "mediawiki" } : new Dictionary<string, string>(),
            Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = replicas } },
            // The daemon writes Runtime into the service's template, never into its tasks' specs.
            TaskTemplate = new TaskSpec { ContainerSpec = new ContainerSpec { Image = image }, Runtime = "container" },
        },
        Endpoint = new Endpoint { Ports = published ? [new PortConfig { PublishedPort = 80, TargetPort = 2368, PublishMode = "ingress" }] : [] },
    };

    private static TaskResponse Running(SwarmService service, string node, int secondsAgo) => Task(service, node, TaskState.Running, secondsAgo);

    private static TaskResponse Failed(SwarmService service, string node, int secondsAgo)
    {
        var task = Task(service, node, TaskState.Failed, secondsAgo);
        task.DesiredState = TaskState.Shutdown;
        task.Status!.Err = "task: non-zero exit (1)";
        task.Status.ContainerStatus = new ContainerStatus { ExitCode = 1 };
        return task;
    }

    private static TaskResponse Task(SwarmService service, string node, TaskState state, int secondsAgo) => new()
    {
        ID = Guid.NewGuid().ToString(),
        ServiceID = service.ID,
        NodeID = node,
        DesiredState = TaskState.Running,
        Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Image = service.Spec!.TaskTemplate!.ContainerSpec!.Image } },
        Status = new Docker.DotNet.Models.TaskStatus { State = state, Timestamp = Now.AddSeconds(-secondsAgo) },
    };
}
