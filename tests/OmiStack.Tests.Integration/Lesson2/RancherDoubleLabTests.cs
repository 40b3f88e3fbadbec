using FluentAssertions;
using OmiStack.Lessons;
using OmiStack.Lessons.Lesson2;
using OmiStack.Fixtures.Rancher;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;
using OmiStack.Reports.Gradescope;
using OmiStack.Tests.Lesson2;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Lesson2;

/// <summary>
/// Lesson 2 graded end to end on a lab: three nodes as the Rancher hosts, the API double as the
/// server, and real HAProxy balancers in front of a real web container, so rancher.lb-mesh probes
/// real traffic. The reference state gets full marks; each fault fails exactly the checks it should.
/// </summary>
[Lab]
public sealed class RancherDoubleLabTests : LaneFixture
{
    private static readonly GradingOptions Options = new()
    {
        RancherTimeout = TimeSpan.FromSeconds(3),
        HttpTimeout = TimeSpan.FromSeconds(3),
        ConvergenceTimeout = TimeSpan.FromSeconds(5),
    };

    private RancherDoubleLab _lab = null!;

    [OneTimeSetUp]
    public async Task StartLab() => _lab = await RancherDoubleLab.StartAsync(TestContext.Progress);

    [OneTimeTearDown]
    public async Task StopLab() => await _lab.DisposeAsync();

    [SetUp]
    public void Reference() => _lab.Model.Update(_ => _lab.Reference);

    [Test]
    public async Task The_reference_state_gets_full_marks_with_the_wiki_served_by_every_hosts_balancer()
    {
        await _lab.ApplyAsync();

        var outcomes = await GradeAsync(_lab.Target);

        outcomes.Values.Should().AllSatisfy(o => o.Verdict.Should().Be(Verdict.Pass, $"{o.Check.Id}: {o.Message}"));
        outcomes.Values.Sum(o => o.Score).Should().Be(Lesson2Checks.All.Sum(c => c.Definition.Points));
        outcomes["rancher.lb-mesh"].Message.Should().Contain("dockernode3: MediaWiki page");
    }

    [Test]
    public async Task A_balancer_on_one_host_fails_lb_and_the_hosts_without_it_fail_lb_mesh()
    {
        _lab.Model.Update(RancherFaults.BalancerNotGlobal);
        await _lab.ApplyAsync();

        (await GradeAsync(_lab.Target)).ShouldBeExactly(
            ("rancher.lb", Verdict.Fail, "wiki-loadblancer is not global"),
            ("rancher.lb-mesh", Verdict.Fail, "dockernode2: nothing answers on port 80"));
    }

    [Test]
    public async Task A_port_rule_to_the_wrong_port_fails_lb_and_every_host_answers_without_the_wiki()
    {
        _lab.Model.Update(RancherFaults.RuleToWrongPort);
        await _lab.ApplyAsync();

        (await GradeAsync(_lab.Target)).ShouldBeExactly(
            ("rancher.lb", Verdict.Fail, "no port rule 80 -> web:80 (rules: 80 -> web:8080)"),
            ("rancher.lb-mesh", Verdict.Fail, "dockernode1: HTTP 503 without the MediaWiki page"));
    }

    [Test]
    public async Task No_health_check_fails_only_healthcheck()
    {
        _lab.Model.Update(RancherFaults.NoHealthCheck);
        await _lab.ApplyAsync();

        (await GradeAsync(_lab.Target)).ShouldBeExactly(("rancher.healthcheck", Verdict.Fail, "web has no health check"));
    }

    [Test]
    public async Task A_disconnected_host_fails_only_hosts_its_containers_still_serve()
    {
        _lab.Model.Update(RancherFaults.HostDisconnected);
        await _lab.ApplyAsync();

        (await GradeAsync(_lab.Target)).ShouldBeExactly(("rancher.hosts", Verdict.Fail, "dockernode3 is disconnected"));
    }

    [Test]
    public async Task A_degraded_stack_fails_only_stack()
    {
        _lab.Model.Update(RancherFaults.StackDegraded);
        await _lab.ApplyAsync();

        (await GradeAsync(_lab.Target)).ShouldBeExactly(("rancher.stack", Verdict.Fail, "stack mediawiki is degraded; database is unhealthy"));
    }

    [Test]
    public async Task A_wrong_secret_fails_auth_the_api_checks_are_inconclusive_and_the_traffic_still_passes()
    {
        await _lab.ApplyAsync();
        var target = _lab.Target with { Rancher = _lab.Target.Rancher! with { SecretKey = "not-the-secret" } };

        (await GradeAsync(target)).ShouldBeExactly(
            ("rancher.auth", Verdict.Fail, "HTTP 401 Unauthorized"),
            ("rancher.hosts", Verdict.Inconclusive, "refused the key"),
            ("rancher.stack", Verdict.Inconclusive, "refused the key"),
            ("rancher.lb", Verdict.Inconclusive, "refused the key"),
            ("rancher.healthcheck", Verdict.Inconclusive, "refused the key"));
    }

    [Test]
    public async Task A_server_error_fails_server_and_the_api_checks_are_inconclusive()
    {
        _lab.Model.Update(RancherFaults.ServerError);
        await _lab.ApplyAsync();

        (await GradeAsync(_lab.Target)).ShouldBeExactly(Lesson2Outcomes.ApiUnreadable("HTTP 500 Internal Server Error"));
    }

    [Test]
    public async Task A_server_slower_than_the_bound_is_inconclusive_and_grading_ends_within_bounds()
    {
        _lab.Model.Update(RancherFaults.Slow(TimeSpan.FromSeconds(30)));
        await _lab.ApplyAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcomes = await GradeAsync(_lab.Target);

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(25));
        outcomes.ShouldBeExactly(Lesson2Outcomes.ApiUnreadable("no answer within 3 s", server: Verdict.Inconclusive));
    }

    [Test]
    public async Task Malformed_json_fails_server_and_the_reading_checks_are_inconclusive()
    {
        _lab.Model.Update(RancherFaults.MalformedJson);
        await _lab.ApplyAsync();

        (await GradeAsync(_lab.Target)).ShouldBeExactly(Lesson2Outcomes.ApiUnreadable("not the JSON Rancher sends", judgesAuth: false));
    }

    [Test]
    public async Task A_stopped_balancer_container_fails_lb_mesh_on_its_host_only()
    {
        await _lab.ApplyAsync();
        await _lab.Lab.RunCheckedAsync("dockernode2", "docker stop $(docker ps -q --filter name=wiki-loadblancer)");

        (await GradeAsync(_lab.Target)).ShouldBeExactly(("rancher.lb-mesh", Verdict.Fail, "dockernode2: nothing answers on port 80"));
    }

    [Test]
    public async Task A_students_dotnet_test_on_a_rancher_only_target_gets_full_marks_and_never_writes_the_secret()
    {
        await _lab.ApplyAsync();
        var folder = Directory.CreateTempSubdirectory("omistack-lesson2-").FullName;
        try
        {
            var hosts = string.Join("\n", _lab.Lab.Nodes.Select(n => $"    - {{ name: {n.Name}, address: 127.0.0.1, ports: {{ 80: {n.PortFor(80)} }} }}"));
            var target = Path.Combine(folder, "omistack.yaml");
            await File.WriteAllTextAsync(target, $$"""
                student: s2000001
                registry: { host: {{NodeLabOptions.PublicHostName("dockernode1")}} }
                rancher:
                  url: {{_lab.Api.Url}}
                  accessKey: {{_lab.Key.PublicValue}}
                  secretKey: ${S2000001_RANCHER_SECRET}
                  hosts:
                """ + "\n" + hosts + "\n");
            var results = Path.Combine(folder, "results");
            var loaded = Path.Combine(folder, "assemblies.txt");

            var environment = new Dictionary<string, string>
            {
                ["OMISTACK_TARGET"] = target,
                ["OMISTACK_RESULTS_DIR"] = results,
                ["S2000001_RANCHER_SECRET"] = _lab.Key.Secret,
                ["OMISTACK_LOADED_ASSEMBLIES"] = loaded,
            };
            var run = await ChecksProcess.RunAsync("Lesson=lesson2", environment, TimeSpan.FromMinutes(4));

            run.ExitCode.Should().Be(0);
            run.Totals.Should().Be((0, 7, 0, 7));
            run.Output.Should().Contain("OmiStack s2000001: 50 / 60 points (lesson2: 50/50, questions: 0/10)", "the questions, filtered out, count as not run")
                .And.Contain("10 checks: 7 passed, 0 failed, 3 not run").And.NotContain("First to fix");

            (await File.ReadAllLinesAsync(loaded)).Should().Contain("OmiStack.Checks")
                .And.NotContain(["OmiStack.Fixtures", "Testcontainers", "Microsoft.AspNetCore.Server.Kestrel.Core"], "a student's run against their own servers loads no lab fixture");

            var graded = GradescopeResults.TryRead(Path.Combine(results, "s2000001", "results.json"));
            graded.Should().NotBeNull();
            var lesson2 = graded!.Tests.Where(t => t.ExtraData.Id.StartsWith("rancher.", StringComparison.Ordinal)).ToList();
            lesson2.Select(t => t.ExtraData.Id).Should().BeEquivalentTo(Lesson2Checks.All.Select(c => c.Id));
            lesson2.Should().AllSatisfy(t => t.ExtraData.Verdict.Should().Be("pass", t.Output));
            lesson2.Sum(t => t.Score).Should().Be(50);
            graded.Tests.Should().NotContain(t => t.ExtraData.Id.StartsWith("swarm.", StringComparison.Ordinal), "a target without nodes is not graded on Lesson 1");
            foreach (var file in Directory.EnumerateFiles(results, "*", SearchOption.AllDirectories))
            {
                (await File.ReadAllTextAsync(file)).Should().NotContain(_lab.Key.Secret, file);
            }

            // One check failing: the run fails, with the check's hint as the first thing to fix and no stack trace.
            _lab.Model.Update(RancherFaults.NoHealthCheck);
            var failing = await ChecksProcess.RunAsync("Lesson=lesson2", environment, TimeSpan.FromMinutes(4));

            failing.ExitCode.Should().Be(1);
            failing.Totals.Should().Be((1, 6, 0, 7));
            failing.Output.Should().Contain("OmiStack s2000001: 45 / 60 points").And.Contain("10 checks: 6 passed, 1 failed, 3 not run")
                .And.Contain("First to fix: rancher.healthcheck: ").And.Contain("web has no health check")
                .And.NotContain(" at OmiStack.", "a failed check shows its message, not the grader's stack");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<IReadOnlyDictionary<string, CheckOutcome>> GradeAsync(Target target)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var session = new LabSession(target, Options);
        var outcomes = await Grader.RunAllAsync(Lesson2Checks.All, session, Course.Lessons.TextFor(target));
        return await Lesson1.Lesson1Grading.LogAsync(outcomes, "lesson2", clock.Elapsed);
    }
}
