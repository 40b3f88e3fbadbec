using FluentAssertions;
using OmiStack.Lessons.Lesson1;

namespace OmiStack.Tests.Unit.Lesson1;

/// <summary>
/// What each node's own mesh reaches, as read on VMs with real kernels (the integration suite's VM lab made each
/// of these states): the output parsed, and the cause each combination names.
/// </summary>
public sealed class MeshReachTests
{
    private static readonly Dictionary<string, string> Addresses = new()
    {
        ["dockernode1"] = "192.168.77.11",
        ["dockernode2"] = "192.168.77.12",
        ["dockernode3"] = "192.168.77.13",
    };

    private static readonly string[] AllPeers = ["192.168.77.12", "192.168.77.11", "192.168.77.13"];

    [Test]
    public void The_output_is_read_as_answers_and_the_ingress_view()
    {
        var reach = NodeReach.Parse("dockernode1", "000 200 000 200 \nwadr8heo72g4 192.168.77.11 192.168.77.12 192.168.77.13 \n");

        reach.Should().BeEquivalentTo(new NodeReach("dockernode1", 4, 2, "wadr8heo72g4", ["192.168.77.11", "192.168.77.12", "192.168.77.13"]));
        reach.ReachesEveryTask.Should().BeFalse();
        reach.Tally.Should().Be("dockernode1 2 of 4");
    }

    [Test]
    public void A_node_without_curl_or_ingress_is_read_as_such()
    {
        NodeReach.Parse("dockernode2", "no curl\n").Asked.Should().Be(0);
        NodeReach.Parse("dockernode2", "200 200 \n").IngressId.Should().BeNull();
    }

    [Test]
    public void Vxlan_blocked_on_every_node_names_the_overlay_port_between_the_nodes()
    {
        var cause = Explain([Reach("dockernode1", 2), Reach("dockernode2", 2), Reach("dockernode3", 0)], ["dockernode3"], ["dockernode1", "dockernode2"]);

        cause.Should().Be("no node's mesh reaches the tasks on other nodes (curl http://127.0.0.1/ on each node: dockernode1 2 of 4, dockernode2 2 of 4, dockernode3 0 of 4), though every node sees the others (swarm's gossip passes): the overlay's traffic (VXLAN, 4789/udp) does not pass between the nodes; open 4789/udp between them (with 2377/tcp and 7946/tcp+udp), in the security group");
    }

    [Test]
    public void One_node_cut_off_is_named_when_the_others_reach_each_other()
    {
        var cause = Explain([Reach("dockernode1", 4), Reach("dockernode2", 4), Reach("dockernode3", 0)], ["dockernode3"], ["dockernode1", "dockernode2"]);

        cause.Should().Be("dockernode3 cannot reach the tasks on other nodes while dockernode1 and dockernode2 reach every task (curl http://127.0.0.1/ on each node: dockernode1 4 of 4, dockernode2 4 of 4, dockernode3 0 of 4): the overlay's traffic (VXLAN, 4789/udp) to and from dockernode3 does not pass; open 4789/udp between dockernode3 and the other nodes (with 2377/tcp and 7946/tcp+udp)");
    }

    [Test]
    public void With_every_task_on_one_node_the_grader_says_either_side_may_be_cut()
    {
        var cause = Explain([Reach("dockernode1", 0, 2), Reach("dockernode2", 0, 2), Reach("dockernode3", 2, 2)], ["dockernode1", "dockernode2"], ["dockernode3"]);

        cause.Should().Contain("dockernode1 and dockernode2 cannot reach the tasks on other nodes while dockernode3 reaches every task")
            .And.Contain("(or dockernode3, where every task runs, is the one cut off: from here the two look the same)");
    }

    [Test]
    public void A_mesh_that_serves_on_the_node_but_not_to_the_grader_is_blocked_on_the_way()
    {
        var cause = Explain([Reach("dockernode1", 4), Reach("dockernode2", 4), Reach("dockernode3", 4)], ["dockernode2"], ["dockernode1", "dockernode2"]);

        cause.Should().StartWith("every node's mesh reaches every task (").And.EndWith("yet dockernode2 did not serve the grader: port 80 is blocked on the way to dockernode2 (a security group without 80/tcp?)");
    }

    [Test]
    public void A_stale_ingress_network_and_missing_gossip_are_named_before_the_traffic()
    {
        var stale = Explain([Reach("dockernode1", 2), Reach("dockernode2", 2), Reach("dockernode3", 0) with { IngressId = "old" }], ["dockernode3"], ["dockernode1", "dockernode2"]);
        stale.Should().Be("dockernode3 still has an ingress network the swarm no longer has (removed and made again): restart Docker there (sudo systemctl restart docker)");

        var gossip = Explain([Reach("dockernode1", 2), Reach("dockernode2", 2), Reach("dockernode3", 0) with { Peers = ["192.168.77.13"] }], ["dockernode3"], ["dockernode1", "dockernode2"]);
        gossip.Should().Be("swarm's gossip does not pass between the nodes (dockernode3 does not see dockernode1 and dockernode2 on the ingress network): open 7946/tcp+udp and 4789/udp between them (with 2377/tcp), in the security group");
    }

    [Test]
    public void Nothing_is_concluded_where_no_task_answers_anywhere_or_a_node_could_not_be_read()
    {
        Explain([Reach("dockernode1", 0), Reach("dockernode2", 0), Reach("dockernode3", 0)], ["dockernode1", "dockernode2", "dockernode3"], ["dockernode1", "dockernode2"])
            .Should().BeNull("the app itself may be down");
        Explain([Reach("dockernode1", 2), Reach("dockernode2", 2), new NodeReach("dockernode3", 0, 0, null, [])], ["dockernode3"], ["dockernode1", "dockernode2"])
            .Should().BeNull();
        Explain([Reach("dockernode1", 2), Reach("dockernode2", 2), Reach("dockernode3", 0)], ["dockernode3"], [])
            .Should().BeNull("no task runs");
    }

    private static NodeReach Reach(string node, int answered, int asked = 4) => new(node, asked, answered, "wadr8heo72g4", AllPeers);

    private static string? Explain(NodeReach[] reach, List<string> failing, string[] taskNodes) =>
        NodeReach.Explain(reach, Addresses, "wadr8heo72g4", failing, taskNodes);
}
