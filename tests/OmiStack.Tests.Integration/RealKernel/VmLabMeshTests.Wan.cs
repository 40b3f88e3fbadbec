using System.Diagnostics;
using FluentAssertions;
using OmiStack.Fixtures.Network;
using OmiStack.Fixtures.Vms;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Ssh;
using OmiStack.Harness.Targets;
using OmiStack.Lessons.Lesson1;

namespace OmiStack.Tests.Integration.RealKernel;

/// <summary>
/// The project's WAN model (<see cref="LatencyRelay"/>, used where this machine's kernel has no netem) checked
/// against a real one: the same student graded through the relay at a round trip, and through netem on the VMs'
/// own interfaces at the same round trip (counted through relays that add nothing).
/// </summary>
public sealed partial class VmLabMeshTests
{
    private static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(40);

    [Test]
    [Order(2)]
    public async Task The_wan_model_and_netem_at_the_same_round_trip_give_the_same_verdicts_and_round_trips()
    {
        var none = new RelayOptions { Lifetime = TimeSpan.FromMinutes(5) };
        await GradeThroughRelaysAsync(none); // warm: the nodes' first logins, the grader's JIT
        var direct = await GradeThroughRelaysAsync(none);
        var modelled = await GradeThroughRelaysAsync(RelayOptions.Wan(RoundTrip, TimeSpan.Zero) with { Lifetime = TimeSpan.FromMinutes(5) });
        await OnEveryNodeAsync($"sudo tc qdisc add dev eth0 root netem delay {RoundTrip.TotalMilliseconds}ms");
        (string Verdicts, long RoundTrips, TimeSpan Time) netem;
        try
        {
            netem = await GradeThroughRelaysAsync(none);
        }
        finally
        {
            await OnEveryNodeAsync("sudo tc qdisc del dev eth0 root");
        }

        await TestContext.Progress.WriteLineAsync($"BENCH | WAN {RoundTrip.TotalMilliseconds} ms | final stage: direct {direct.Time.TotalSeconds:0.00} s, {direct.RoundTrips} round trips | relay {modelled.Time.TotalSeconds:0.00} s, {modelled.RoundTrips} | netem {netem.Time.TotalSeconds:0.00} s, {netem.RoundTrips}");
        modelled.Verdicts.Should().Be(direct.Verdicts);
        netem.Verdicts.Should().Be(direct.Verdicts);
        direct.Verdicts.Should().NotContain("fail").And.NotContain("inconclusive");
        // The relay counts a round trip where a connection's traffic turns around: the same grading makes about
        // as many over either link, whatever the link's delay does to how chunks coalesce.
        netem.RoundTrips.Should().BeInRange(modelled.RoundTrips * 3 / 4, modelled.RoundTrips * 5 / 4);
    }

    /// <summary>The final stage graded through one relay per VM port; its verdicts, the relays' round trips and the time.</summary>
    private async Task<(string Verdicts, long RoundTrips, TimeSpan Time)> GradeThroughRelaysAsync(RelayOptions link)
    {
        var relays = new List<LatencyRelay>();
        try
        {
            var knownHosts = new KnownHosts();
            var nodes = new List<NodeTarget>();
            foreach (var node in Lab.Nodes)
            {
                var ports = VmNode.ForwardedPorts.ToDictionary(p => p, p =>
                {
                    var relay = LatencyRelay.Start(node.PortFor(p), link);
                    relays.Add(relay);
                    return relay.Port;
                });
                knownHosts.Add(VmNode.Address, ports[22], node.HostKey);
                nodes.Add(node.ToTarget() with { Ports = ports });
            }

            var folder = Directory.CreateTempSubdirectory("omistack-wan-").FullName;
            knownHosts.Save(Path.Combine(folder, "known_hosts"));
            var target = Lab.Target with { Nodes = nodes, Ssh = Lab.Target.Ssh with { KnownHosts = Path.Combine(folder, "known_hosts") } };
            var clock = Stopwatch.StartNew();
            await using var session = new LabSession(target, Patient);
            var outcomes = await Grader.RunAllAsync(Lesson1Checks.All.Where(c => c.Definition.Stage == "final"), session, Lesson1Checks.TextFor(target));
            var time = clock.Elapsed;
            Directory.Delete(folder, recursive: true);
            return (string.Join(", ", outcomes.Select(o => $"{o.Check.Id} {Verdicts.Name(o.Verdict)}")), relays.Sum(r => r.RoundTrips), time);
        }
        finally
        {
            foreach (var relay in relays)
            {
                await relay.DisposeAsync();
            }
        }
    }
}
