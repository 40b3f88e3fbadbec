using FluentAssertions;
using OmiStack.Fixtures.Rancher;
using OmiStack.Harness.Checks;
using OmiStack.Tests.Lesson2;

namespace OmiStack.Tests.Unit.Rancher;

/// <summary>
/// The Lesson 2 checks that read the API, against the double serving the reference state with one
/// fault each: exactly the named checks fail or are inconclusive, with a message naming the fault.
/// (The same faults with real load-balancer traffic: the integration tests' RancherDoubleLabTests.)
/// </summary>
public sealed class Lesson2ApiScenarioTests : ApiDoubleFixture
{
    [Test]
    public async Task The_reference_state_passes_every_check()
    {
        var outcomes = await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key));

        outcomes.Values.Should().AllSatisfy(o => o.Verdict.Should().Be(Verdict.Pass, o.Message));
        outcomes["rancher.auth"].Message.Should().Contain("access control is on");
        outcomes["rancher.lb"].Message.Should().Contain("wiki-loadblancer: global, rules 80 -> web:80");
        outcomes["rancher.healthcheck"].Message.Should().Contain("HTTP GET \"/\" \"HTTP/1.0\" on port 80");
    }

    [Test]
    public async Task A_balancer_that_is_not_global_fails_rancher_lb()
    {
        Api.Model.Update(RancherFaults.BalancerNotGlobal);

        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key))).ShouldBeExactly(
            ("rancher.lb", Verdict.Fail, "wiki-loadblancer is not global: scale 1"));
    }

    [Test]
    public async Task A_port_rule_to_the_wrong_port_fails_rancher_lb_naming_the_rule()
    {
        Api.Model.Update(RancherFaults.RuleToWrongPort);

        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key))).ShouldBeExactly(
            ("rancher.lb", Verdict.Fail, "no port rule 80 -> web:80 (rules: 80 -> web:8080)"));
    }

    [Test]
    public async Task No_health_check_fails_rancher_healthcheck()
    {
        Api.Model.Update(RancherFaults.NoHealthCheck);

        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key))).ShouldBeExactly(
            ("rancher.healthcheck", Verdict.Fail, "web has no health check"));
    }

    [Test]
    public async Task A_web_container_that_keeps_restarting_fails_the_stack_though_the_service_says_healthy()
    {
        Api.Model.Update(RancherFaults.WebRestarting);

        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key))).ShouldBeExactly(
            ("rancher.stack", Verdict.Fail, "web keeps restarting: its container mediawiki-web-1 was started 6 times since it first ran at "));
    }

    [Test]
    public async Task A_container_restarted_long_ago_and_running_since_passes()
    {
        Api.Model.Update(RancherFaults.WebRestartedLongAgo);

        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key))).Values.Should().AllSatisfy(o => o.Verdict.Should().Be(Verdict.Pass, o.Message));
    }

    [Test]
    public async Task A_server_whose_containers_cannot_be_listed_is_judged_without_the_restart_rule()
    {
        Api.Model.Update(RancherFaults.ServerErrorOn("containers"));

        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key))).Values.Should().AllSatisfy(o => o.Verdict.Should().Be(Verdict.Pass, o.Message));
    }

    [Test]
    public async Task A_stack_still_initializing_is_polled_until_it_is_healthy()
    {
        Api.Model.Update(s => s with { Services = [.. s.Services.Select(v => v.Name == "web" ? v with { HealthState = "initializing" } : v)] });
        var healthy = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => Api.Model.Update(_ => Lesson2Api.Reference(Key)), TaskScheduler.Default);

        var outcomes = await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key));
        await healthy;

        outcomes["rancher.stack"].Verdict.Should().Be(Verdict.Pass, outcomes["rancher.stack"].Message);
    }

    [Test]
    public async Task One_collection_that_cannot_be_read_spoils_only_the_checks_that_read_it()
    {
        Api.Model.Update(RancherFaults.ServerErrorOn("hosts"));

        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key))).ShouldBeExactly(
            ("rancher.hosts", Verdict.Inconclusive, "the Rancher API could not list hosts (GET /v2-beta/projects/1a5/hosts answered HTTP 500"),
            ("rancher.lb", Verdict.Inconclusive, "the Rancher API could not list hosts (GET /v2-beta/projects/1a5/hosts answered HTTP 500"));
    }

    [Test]
    public async Task A_disconnected_host_fails_rancher_hosts_naming_it()
    {
        Api.Model.Update(RancherFaults.HostDisconnected);

        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key))).ShouldBeExactly(
            ("rancher.hosts", Verdict.Fail, "rancher-host2 is disconnected"));
    }

    [Test]
    public async Task A_degraded_stack_fails_rancher_stack_naming_the_unhealthy_service()
    {
        Api.Model.Update(RancherFaults.StackDegraded);

        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key))).ShouldBeExactly(
            ("rancher.stack", Verdict.Fail, "stack mediawiki is degraded; database is unhealthy"));
    }

    [Test]
    public async Task A_wrong_secret_fails_auth_and_leaves_the_rest_inconclusive()
    {
        var outcomes = await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key, secret: "not-the-secret"));

        outcomes.ShouldBeExactly(
            ("rancher.auth", Verdict.Fail, "the server refused access key 0123456789ABCDEF0123: HTTP 401 Unauthorized"),
            ("rancher.hosts", Verdict.Inconclusive, "the Rancher API refused the key"),
            ("rancher.stack", Verdict.Inconclusive, "the Rancher API refused the key"),
            ("rancher.lb", Verdict.Inconclusive, "the Rancher API refused the key"),
            ("rancher.healthcheck", Verdict.Inconclusive, "the Rancher API refused the key"));
        outcomes["rancher.server"].Message.Should().Contain("see rancher.auth");
        outcomes.Values.Should().AllSatisfy(o => o.Message.Should().NotContain("not-the-secret"));
    }

    [Test]
    public async Task A_server_error_fails_rancher_server_and_leaves_the_rest_inconclusive()
    {
        Api.Model.Update(RancherFaults.ServerError);

        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key))).ShouldBeExactly(Lesson2Outcomes.ApiUnreadable("HTTP 500 Internal Server Error"));
    }

    [Test]
    public async Task A_server_slower_than_the_bound_is_inconclusive_within_the_bound()
    {
        Api.Model.Update(RancherFaults.Slow(TimeSpan.FromSeconds(20)));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcomes = await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key), rancherTimeout: TimeSpan.FromSeconds(1));

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15));
        outcomes.ShouldBeExactly(Lesson2Outcomes.ApiUnreadable("no answer within 1 s", server: Verdict.Inconclusive));
    }

    [Test]
    public async Task Malformed_json_fails_rancher_server_and_leaves_the_reading_checks_inconclusive()
    {
        Api.Model.Update(RancherFaults.MalformedJson);

        // rancher.auth judges statuses only (200 with the key, 401 without): it passes.
        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key))).ShouldBeExactly(Lesson2Outcomes.ApiUnreadable("not the JSON Rancher sends", judgesAuth: false));
    }

    [Test]
    public async Task With_access_control_off_auth_passes_saying_so_and_whether_the_key_exists()
    {
        Api.Model.Update(RancherFaults.AccessControlOff);

        var known = await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key));
        var unknown = await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key with { PublicValue = "FFFFFFFFFFFFFFFFFFFF" }));

        known["rancher.auth"].Verdict.Should().Be(Verdict.Pass);
        known["rancher.auth"].Message.Should().Contain("access control is off").And.Contain("0123456789ABCDEF0123 is one of its API keys");
        unknown["rancher.auth"].Verdict.Should().Be(Verdict.Pass);
        unknown["rancher.auth"].Message.Should().Contain("FFFFFFFFFFFFFFFFFFFF is not one of the server's API keys");
    }

    [Test]
    public async Task The_cli_url_of_the_lesson_with_v1_grades_like_the_server_url()
    {
        var outcomes = await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url + "/v1", Key));

        outcomes.Values.Should().AllSatisfy(o => o.Verdict.Should().Be(Verdict.Pass, o.Message));
        outcomes["rancher.server"].Message.Should().Contain($"answers at {Api.Url}:");
    }

    [Test]
    public async Task Hosts_that_report_their_fqdn_match_the_targets_short_names()
    {
        Api.Model.Update(s => s with { Hosts = [.. s.Hosts.Select(h => h with { Hostname = h.Hostname + ".novalocal" })] });

        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key)))["rancher.hosts"].Verdict.Should().Be(Verdict.Pass);
    }

    [Test]
    public async Task Nothing_listening_at_the_url_fails_rancher_server()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var outcomes = await Lesson2Api.GradeAsync(Lesson2Api.TargetFor($"http://127.0.0.1:{port}", Key));

        outcomes["rancher.server"].Verdict.Should().Be(Verdict.Fail);
        outcomes["rancher.server"].Message.Should().Contain($"nothing answers at http://127.0.0.1:{port}");
        outcomes["rancher.stack"].Verdict.Should().Be(Verdict.Inconclusive);
    }

    [Test]
    public async Task Images_from_docker_hub_fail_rancher_stack_and_any_private_registry_passes_without_a_registry_section()
    {
        Api.Model.Update(s => s with { Services = [.. s.Services.Select(v => v.Name == "web" ? v with { Image = "mediawiki:1.31" } : v)] });

        var withRegistry = await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key));
        Api.Model.Update(_ => Lesson2Api.Reference(Key));
        var withoutRegistry = await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key, registry: false));

        withRegistry["rancher.stack"].Message.Should().Contain($"web runs mediawiki:1.31, not {Lesson2Api.RegistryHost}:5000/mediawiki");
        withoutRegistry["rancher.stack"].Verdict.Should().Be(Verdict.Pass);
    }

    [Test]
    public async Task Docker_hubs_own_name_is_not_a_private_registry()
    {
        Api.Model.Update(s => s with { Services = [.. s.Services.Select(v => v.Name == "web" ? v with { Image = "docker.io/library/mediawiki:1.31" } : v)] });

        var outcomes = await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key, registry: false));

        outcomes["rancher.stack"].Verdict.Should().Be(Verdict.Fail);
        outcomes["rancher.stack"].Message.Should().Contain("web runs docker.io/library/mediawiki:1.31, not <private registry>/mediawiki");
    }

    [Test]
    public async Task A_balancer_named_in_the_lessons_spelling_or_the_right_one_both_pass()
    {
        Api.Model.Update(s => s with { Services = [.. s.Services.Select(v => v.IsLoadBalancer ? v with { Name = "wiki-loadbalancer" } : v)] });

        (await Lesson2Api.GradeAsync(Lesson2Api.TargetFor(Api.Url, Key)))["rancher.lb"].Message.Should().StartWith("Passed").And.Contain("wiki-loadbalancer: global");
    }
}
