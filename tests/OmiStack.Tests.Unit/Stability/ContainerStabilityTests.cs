using Docker.DotNet.Models;
using FluentAssertions;
using OmiStack.Harness.Docker;
using OmiStack.Harness.Gathering;

namespace OmiStack.Tests.Unit.Stability;

/// <summary>A container counts as running only where the engine's record says it stays up: its restarts, its last exit, its time up.</summary>
public sealed class ContainerStabilityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 5, 0, TimeSpan.Zero);

    [Test]
    public void A_registry_restarting_now_is_named_with_its_restarts_and_last_exit()
    {
        var inspect = Registry(restarts: 7, restarting: true, exitCode: 1, exitedSecondsAgo: 3, startedSecondsAgo: 3);

        ContainerStability.Restarts(inspect, Now, new StabilityOptions()).Should().Be(
            "it keeps restarting (docker ps: Restarting): its restart policy restarted it 7 times since it was started, the last exit (code 1) at 10:04:57 UTC — docker logs registry and docker ps -a --filter name=registry");
    }

    [Test]
    public void A_registry_restarted_within_the_window_keeps_exiting_one_restarted_before_it_is_up()
    {
        var recent = Registry(restarts: 2, restarting: false, exitCode: 2, exitedSecondsAgo: 50, startedSecondsAgo: 49);
        var old = Registry(restarts: 2, restarting: false, exitCode: 2, exitedSecondsAgo: 600, startedSecondsAgo: 599);

        ContainerStability.Restarts(recent, Now, new StabilityOptions()).Should().StartWith("it keeps exiting: its restart policy restarted it 2 times since it was started, the last exit (code 2) at 10:04:10 UTC");
        ContainerStability.Restarts(old, Now, new StabilityOptions()).Should().BeNull("its last exit is 10 minutes old: the restart policy did its job");
        ContainerStability.UpFor(old, Now).Should().Be(TimeSpan.FromSeconds(599));
    }

    [Test]
    public void A_container_started_by_hand_has_no_restarts_and_counts_up_from_its_start()
    {
        var fresh = Registry(restarts: 0, restarting: false, exitCode: 0, exitedSecondsAgo: 30, startedSecondsAgo: 4);

        ContainerStability.Restarts(fresh, Now, new StabilityOptions()).Should().BeNull();
        ContainerStability.UpFor(fresh, Now).Should().Be(TimeSpan.FromSeconds(4));
        ContainerStability.TimeOf("0001-01-01T00:00:00Z").Should().BeNull("the engine writes year 1 for never");
    }

    private static ContainerInspectResponse Registry(long restarts, bool restarting, long exitCode, int exitedSecondsAgo, int startedSecondsAgo) => new()
    {
        ID = "0123456789abcdef",
        Name = "/registry",
        RestartCount = restarts,
        State = new State
        {
            Running = true,
            Restarting = restarting,
            ExitCode = exitCode,
            StartedAt = (Now.AddSeconds(-startedSecondsAgo)).ToString("O"),
            FinishedAt = (Now.AddSeconds(-exitedSecondsAgo)).ToString("O"),
        },
    };
}
