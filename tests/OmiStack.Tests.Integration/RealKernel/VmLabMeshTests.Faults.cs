using FluentAssertions;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Waiting;
using OmiStack.Tests.Integration.Lesson1;

namespace OmiStack.Tests.Integration.RealKernel;

/// <summary>
/// The mesh's faults on real kernels, on the lab the reference solution left at its final stage: each is made as a
/// student's cloud makes it (a security group without the swarm's ports, one node cut off, the lesson's publish
/// done otherwise, the ingress network removed), graded, and undone, the mesh serving on every node again before
/// the next; the last three (the wrong port, the ingress network removed, host mode) build on each other instead.
/// </summary>
public sealed partial class VmLabMeshTests
{
    private const string DropVxlan = "INPUT -p udp --dport 4789 -j DROP";

    /// <summary>Port 80's forwarded traffic refused on a node (the mesh's way in: the ingress network is reached through FORWARD).</summary>
    private const string RefuseWeb = "FORWARD -p tcp --dport 80 -j REJECT --reject-with tcp-reset";

    [Test]
    [Order(3)]
    public async Task The_self_healing_probe_passes_while_the_other_nodes_keep_serving_through_the_mesh()
    {
        var options = Patient with { SelfHealingProbe = true, HealTimeout = TimeSpan.FromSeconds(180) };
        var target = Harness.Targets.TargetLoader.Load(Lab.TargetFile);
        await using var session = new Harness.Gathering.LabSession(target, options);

        var heals = await Grader.RunAsync(Lessons.Lesson1.Lesson1Checks.ById("stack.heals"), session, Lessons.Lesson1.Lesson1Checks.TextFor(target));
        await Lesson1Grading.LogAsync([heals], "final", heals.Duration);

        heals.Verdict.Should().Be(Verdict.Pass, heals.Message);
        heals.Message.Should().Contain("the swarm ran a replacement on").And.Contain("kept serving the MediaWiki page");
        await Reference.WaitReplicasAsync("mediawiki_web", "2/2");
        await MeshServesEverywhereAsync();
    }

    [Test]
    [Order(4)]
    public async Task A_node_whose_mesh_flaps_fails_the_mesh_naming_it_as_flapping()
    {
        // dockernode3 refuses port 80 for 0.7 s, then serves for 0.7 s, again and again (bounded: it stops by itself).
        var flap = $"sudo timeout 300 sh -c 'while :; do iptables -I {RefuseWeb}; sleep 0.7; iptables -D {RefuseWeb}; sleep 0.7; done' >/dev/null 2>&1 & echo $! > /tmp/omistack-flap.pid";
        await Lab.RunCheckedAsync("dockernode3", flap);
        try
        {
            // Ten sweeps a quarter second apart span more than two seconds: longer than either state lasts, on an emulated CPU too.
            var outcomes = await Lesson1Grading.GradeAsync(Lab, "final", Patient with { Stability = Patient.Stability with { MeshSweeps = 10 } });

            outcomes.ShouldBeExactlyOnRealKernels(("stack.mesh", Verdict.Fail, "dockernode3 served the MediaWiki page in "), ("stack.mesh", Verdict.Fail, " of 10 sweeps 0.25 s apart (flapping)"));
        }
        finally
        {
            await Lab.RunCheckedAsync("dockernode3", $"sudo kill $(cat /tmp/omistack-flap.pid); sleep 1; while sudo iptables -D {RefuseWeb} 2>/dev/null; do :; done; true");
            await MeshServesEverywhereAsync();
        }
    }

    [Test]
    [Order(5)]
    public async Task Overlay_traffic_blocked_between_every_node_fails_the_mesh_naming_the_swarm_ports()
    {
        await OnEveryNodeAsync($"sudo iptables -I {DropVxlan}");
        try
        {
            (await GradeFinalAsync()).ShouldBeExactlyOnRealKernels(
                ("stack.mesh", Verdict.Fail, "though every node sees the others (swarm's gossip passes): the overlay's traffic (VXLAN, 4789/udp) does not pass between the nodes; open 4789/udp between them (with 2377/tcp and 7946/tcp+udp), in the security group"));
        }
        finally
        {
            await OnEveryNodeAsync($"sudo iptables -D {DropVxlan}");
            await MeshServesEverywhereAsync();
        }
    }

    [Test]
    [Order(6)]
    public async Task One_node_cut_off_the_overlay_fails_the_mesh_naming_that_node()
    {
        var web = await TaskNodesAsync("mediawiki_web");
        var cut = Lab.NodeNames.Single(n => !web.Contains(n));
        var others = Lab.NodeNames.Where(n => n != cut).ToList();
        await Lab.RunCheckedAsync(cut, $"sudo iptables -I {DropVxlan} && sudo iptables -I OUTPUT -p udp --dport 4789 -j DROP");
        try
        {
            (await GradeFinalAsync()).ShouldBeExactlyOnRealKernels(
                ("stack.mesh", Verdict.Fail, $"{cut} cannot reach the tasks on other nodes while {others[0]} and {others[1]} reach every task (curl http://127.0.0.1/ on each node: "),
                ("stack.mesh", Verdict.Fail, $"the overlay's traffic (VXLAN, 4789/udp) to and from {cut} does not pass; open 4789/udp between {cut} and the other nodes"));
        }
        finally
        {
            await Lab.RunCheckedAsync(cut, $"sudo iptables -D {DropVxlan} && sudo iptables -D OUTPUT -p udp --dport 4789 -j DROP");
            await MeshServesEverywhereAsync();
        }
    }

    [Test]
    [Order(7)]
    public async Task Publishing_the_wrong_port_fails_the_mesh_naming_the_port()
    {
        // One update that keeps a port on the ingress network (removing the last port detaches it: every task restarts).
        // Not undone (a service update takes about a minute under emulation): the next fault begins by removing the
        // published port, and --publish-rm takes the target port, so 80 removes 8080→80 as it removes 80→80.
        await UpdateWebAsync("--publish-rm 80 --publish-add 8080:80");

        (await GradeFinalAsync()).ShouldBeExactlyOnRealKernels(
            ("stack.mesh", Verdict.Fail, "mediawiki_web publishes 8080→80, not port 80, so nothing of it answers on port 80: docker service update --publish-rm 80 --publish-add 80:80 mediawiki_web; dockernode1: nothing answers on port 80"));
    }

    [Test]
    [Order(8)]
    public async Task The_ingress_network_removed_fails_the_mesh_naming_it()
    {
        // After the wrong port (8080→80, left in place). Swarm refuses to remove ingress while a service publishes
        // through it, and to publish without it.
        await UpdateWebAsync("--publish-rm 80");
        await Lab.RunCheckedAsync("dockernode1", "echo y | docker network rm ingress");
        (await Lab.RunAsync("dockernode1", "docker service update --detach --publish-add 80:80 mediawiki_web")).StandardError
            .Should().Contain("service needs ingress network, but no ingress network is present");

        (await GradeFinalAsync()).ShouldBeExactlyOnRealKernels(
            ("stack.mesh", Verdict.Fail, "the swarm has no ingress network (docker network ls lists none), so mediawiki_web publishes no port and nothing answers on port 80: docker network create --driver overlay --ingress ingress, then docker service update --publish-add 80:<the app's port> mediawiki_web"));
    }

    [Test]
    [Order(9)]
    public async Task Publishing_in_host_mode_fails_the_mesh_naming_the_nodes_that_answer()
    {
        // After the ingress fault: host mode needs no ingress network. The lab's last fault (nothing to undo).
        await UpdateWebAsync("--publish-add mode=host,target=80,published=80");
        var web = await TaskNodesAsync("mediawiki_web");
        web.Should().HaveCount(2);

        var outcomes = await GradeFinalAsync();

        outcomes.ShouldBeExactlyOnRealKernels(("stack.mesh", Verdict.Fail, "mediawiki_web publishes port 80 in host mode, so only nodes running a task answer ("));
        foreach (var node in Lab.NodeNames)
        {
            outcomes["stack.mesh"].Message.Should().Contain(web.Contains(node) ? $"{node}: MediaWiki page" : $"{node}: nothing answers on port 80");
        }
    }

    private Task<IReadOnlyDictionary<string, CheckOutcome>> GradeFinalAsync() => Lesson1Grading.GradeAsync(Lab, "final", Patient);

    private Task<string[]> OnEveryNodeAsync(string command) => Task.WhenAll(Lab.NodeNames.Select(n => Lab.RunCheckedAsync(n, command)));

    private async Task UpdateWebAsync(string change)
    {
        // Both tasks at once: a change of publish mode restarts them, one at a time by default (minutes under emulation).
        await Lab.RunCheckedAsync("dockernode1", $"docker service update --detach --update-parallelism 0 {change} mediawiki_web");
        await Poll.UntilAsync(
            "mediawiki_web's update to be over",
            TimeSpan.FromSeconds(180),
            ct => Lab.RunCheckedAsync("dockernode1", "docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}' mediawiki_web; docker service ps --no-trunc --format '{{.Node}} {{.CurrentState}} {{.Error}}' mediawiki_web | head -n 4", cancellationToken: ct),
            state => state.Split('\n')[0].Trim() is "" or "completed",
            state => state.Trim().ReplaceLineEndings(" / "),
            interval: TimeSpan.FromSeconds(1));
        await Reference.WaitReplicasAsync("mediawiki_web", "2/2");
    }

    /// <summary>Port 80 of every VM serves the page through the loopback forwards, three times in a row.</summary>
    private async Task MeshServesEverywhereAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(
            "the mesh to serve on every node again",
            TimeSpan.FromSeconds(120),
            async ct =>
            {
                var answers = new List<bool>();
                foreach (var node in Lab.Nodes)
                {
                    for (var i = 0; i < 3; i++)
                    {
                        try
                        {
                            answers.Add((await http.GetAsync(new Uri($"http://127.0.0.1:{node.PortFor(80)}/"), ct)).IsSuccessStatusCode);
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                        {
                            answers.Add(false);
                        }
                    }
                }

                return answers.All(a => a);
            },
            all => all,
            interval: TimeSpan.FromSeconds(2));
    }
}
