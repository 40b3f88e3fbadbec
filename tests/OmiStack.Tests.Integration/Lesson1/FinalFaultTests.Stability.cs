using FluentAssertions;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Waiting;

namespace OmiStack.Tests.Integration.Lesson1;

/// <summary>
/// Stable, not seen once, on the solved lab: a crash loop, a restarting registry and a task rejected on one node
/// fail naming the swarm's or the engine's own record; a rolling update in progress and a scale-down just done do
/// not; the opt-in self-healing probe passes a healthy stack and fails one the swarm will not heal.
/// </summary>
public sealed partial class FinalFaultTests
{
    [Test]
    public async Task A_crash_looping_database_fails_the_stack_services_naming_its_failed_tasks()
    {
        // The wrong entrypoint of the lab: the container exits 6 s after each start, and the swarm restarts it.
        await Manager("docker service update --detach --entrypoint \"sh -c 'sleep 6; exit 1'\" mediawiki_database");
        await FailedTasksAsync("mediawiki_database", 2);
        try
        {
            var outcomes = await Lesson1Grading.GradeAsync(_lab, "final");

            outcomes.ShouldBeExactly(("stack.services", Verdict.Fail, "tasks failed on dockernode"));
            outcomes["stack.services"].Message.Should().Contain("the last with 'task: non-zero exit (1)' at ")
                .And.Contain("its container keeps exiting — docker service ps --no-trunc mediawiki_database and docker service logs mediawiki_database");
        }
        finally
        {
            await _reference.DeployStackAsync(Lesson1Reference.ComposeFile(Registry));
        }
    }

    [Test]
    public async Task A_registry_restarting_every_few_seconds_fails_registry_running_naming_its_restarts()
    {
        // --restart=always with certificates that are not there: the registry exits at once, and the engine starts it again.
        await Manager("docker stop registry && docker rename registry registry-ok");
        await Manager("docker run -d -p 5000:5000 --restart=always --name registry -e REGISTRY_HTTP_TLS_CERTIFICATE=/certs/missing.pem -e REGISTRY_HTTP_TLS_KEY=/certs/missing.pem registry:2");
        await Poll.UntilAsync("the registry restarted twice", TimeSpan.FromSeconds(60), _ => Manager("docker inspect --format '{{.RestartCount}}' registry"), count => int.Parse(count.Trim(), System.Globalization.CultureInfo.InvariantCulture) >= 2, interval: TimeSpan.FromSeconds(1));
        try
        {
            (await Lesson1Grading.GradeAsync(_lab, "final")).ShouldBeExactly(
                ("registry.running", Verdict.Fail, "its restart policy restarted it"),
                ("registry.tls", Verdict.Fail, "nothing answers on port 5000"),
                ("registry.images", Verdict.Fail, "no registry answers"),
                ("registry.pull", Verdict.Fail, "failed"));
        }
        finally
        {
            await Manager("docker rm -f registry && docker rename registry-ok registry && docker start registry");
            await _reference.WaitRegistryAsync();
        }
    }

    [Test]
    public async Task A_web_task_rejected_on_one_node_fails_the_stack_services_naming_that_node_though_web_runs_elsewhere()
    {
        // A bind mount whose folder exists on two nodes only; start-first keeps the old tasks while the new one is tried
        // where the scheduler spreads it: the node that runs no web task.
        var spare = _lab.NodeNames.Except(await TaskNodesAsync("mediawiki_web")).First();
        await Task.WhenAll(_lab.NodeNames.Where(n => n != spare).Select(n => _lab.RunCheckedAsync(n, "sudo mkdir -p /srv/wiki")));
        await Manager("docker service update --detach --update-order start-first --mount-add type=bind,source=/srv/wiki,target=/srv/wiki mediawiki_web");
        await FailedTasksAsync("mediawiki_web", 1, "Rejected");
        try
        {
            var outcomes = await Lesson1Grading.GradeAsync(_lab, "final");

            outcomes.ShouldBeExactly(("stack.services", Verdict.Fail, $"failed on {spare} in the last 2 minutes"));
            outcomes["stack.services"].Message.Should().Contain("bind source path does not exist").And.Contain("the node rejected its task");
        }
        finally
        {
            await _reference.DeployStackAsync(Lesson1Reference.ComposeFile(Registry));
            await Task.WhenAll(_lab.NodeNames.Select(n => _lab.RunCheckedAsync(n, "sudo rmdir /srv/wiki 2>/dev/null; true")));
        }
    }

    [Test]
    public async Task A_rolling_update_in_progress_is_waited_for_and_passes()
    {
        await Manager("docker service update --detach --force --update-delay 1s --update-monitor 1s mediawiki_web");

        // The update (~10 s here) and the settle time after it (10 s): a student's default bound, not the fault suite's 30 s.
        (await Lesson1Grading.GradeAsync(_lab, "final", Lesson1Grading.Options with { ConvergenceTimeout = TimeSpan.FromSeconds(60) })).ShouldBeExactly();
    }

    [Test]
    public async Task A_scale_down_just_done_is_no_failure()
    {
        await Manager("docker service scale --detach mediawiki_web=3");
        await _reference.WaitReplicasAsync("mediawiki_web", "3/3");
        await Manager("docker service scale --detach mediawiki_web=2");

        (await Lesson1Grading.GradeAsync(_lab, "final")).ShouldBeExactly();
    }

    [Test]
    public async Task The_self_healing_probe_passes_a_stack_the_swarm_heals_and_leaves_it_whole()
    {
        var outcomes = await GradeWithProbeAsync();

        outcomes.ShouldBeExactly();
        outcomes["stack.heals"].Message.Should().Contain("stopped mediawiki_web's task mediawiki_web.").And.Contain("the swarm ran a replacement on dockernode");
        await _reference.WaitReplicasAsync("mediawiki_web", "2/2");
    }

    [Test]
    public async Task The_self_healing_probe_passes_a_service_pinned_to_one_node_which_the_swarm_heals_there()
    {
        await Manager("docker service update --detach --constraint-add node.hostname==dockernode2 mediawiki_web");
        await WaitUpdatedAsync("mediawiki_web");
        try
        {
            var outcomes = await GradeWithProbeAsync();

            outcomes.ShouldBeExactly();
            outcomes["stack.heals"].Message.Should().Contain("on dockernode2 (docker stop ").And.Contain("the swarm ran a replacement on dockernode2");
        }
        finally
        {
            await _reference.DeployStackAsync(Lesson1Reference.ComposeFile(Registry));
        }
    }

    [Test]
    public async Task The_self_healing_probe_fails_a_service_whose_restart_policy_never_replaces_a_task()
    {
        await Manager("docker service update --detach --restart-condition none mediawiki_web");
        await WaitUpdatedAsync("mediawiki_web");
        try
        {
            (await GradeWithProbeAsync(heal: TimeSpan.FromSeconds(15))).ShouldBeExactly(
                ("stack.heals", Verdict.Fail, "the swarm did not run a replacement within 15 s: mediawiki_web at 1/2; its restart policy is condition none"));
        }
        finally
        {
            await _reference.DeployStackAsync(Lesson1Reference.ComposeFile(Registry));
        }
    }

    /// <summary>The final stage with the self-healing probe on: the other checks first, then stack.heals.</summary>
    private Task<IReadOnlyDictionary<string, CheckOutcome>> GradeWithProbeAsync(TimeSpan? heal = null) =>
        Lesson1Grading.GradeAsync(_lab, "final", Lesson1Grading.Options with { SelfHealingProbe = true, HealTimeout = heal ?? TimeSpan.FromSeconds(45) });

    /// <summary>Waits until <paramref name="count"/> tasks of a service ended in <paramref name="state"/> (docker service ps).</summary>
    private Task<string> FailedTasksAsync(string service, int count, string state = "Failed") =>
        Poll.UntilAsync(
            $"{count} {state} task(s) of {service}",
            TimeSpan.FromSeconds(90),
            _ => Manager($"docker service ps --no-trunc --format '{{{{.CurrentState}}}} {{{{.Error}}}}' {service}"),
            output => output.Split('\n').Count(l => l.StartsWith(state, StringComparison.Ordinal)) >= count,
            output => output.Trim().ReplaceLineEndings(" / "),
            interval: TimeSpan.FromSeconds(1));

    /// <summary>Waits until a service's update is over and its tasks all run (docker service inspect, docker service ls).</summary>
    private async Task WaitUpdatedAsync(string service)
    {
        await Poll.UntilAsync(
            $"{service}'s update to be over",
            TimeSpan.FromSeconds(90),
            _ => Manager($"docker service inspect --format '{{{{if .UpdateStatus}}}}{{{{.UpdateStatus.State}}}}{{{{end}}}}' {service}"),
            state => state.Trim() is "" or "completed",
            interval: TimeSpan.FromMilliseconds(500));
        await _reference.WaitReplicasAsync(service, "2/2");
    }

    /// <summary>The nodes that run a task of the service, as the manager lists them.</summary>
    private async Task<IReadOnlyList<string>> TaskNodesAsync(string service) =>
        [.. (await Manager($"docker service ps {service} --filter desired-state=running --format '{{{{.Node}}}}'"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct()];
}
