using FluentAssertions;
using OmiStack.Fixtures.Nodes;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Nodes;

/// <summary>A Formed 3-node lab and a Bare 2-node lab, up at the same time.</summary>
[Lab]
public sealed class NodeLabTests : LaneFixture
{
    private NodeLab _formed = null!;
    private NodeLab _bare = null!;

    [OneTimeSetUp]
    public async Task StartLabs()
    {
        _formed = new NodeLabBuilder().WithProgress(TestContext.Progress).Build();
        _bare = new NodeLabBuilder().WithNodeCount(2).WithState(SwarmState.Bare).WithSeededImages().WithProgress(TestContext.Progress).Build();
        await Task.WhenAll(_formed.StartAsync(), _bare.StartAsync());
    }

    [OneTimeTearDown]
    public async Task StopLabs()
    {
        await _formed.DisposeAsync();
        await _bare.DisposeAsync();
    }

    [Test]
    public async Task Formed_lab_lists_three_ready_nodes_on_dockernode1_through_ssh()
    {
        using var ssh = await _formed.ConnectAsync("dockernode1");

        var result = await ssh.RunAsync("docker node ls --format '{{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}}'");

        result.Succeeded.Should().BeTrue(result.Describe());
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().Should().Equal(
            "dockernode1 Ready Active Leader",
            "dockernode2 Ready Active ",
            "dockernode3 Ready Active ");
    }

    [Test]
    public async Task Every_formed_node_answers_over_ssh_with_its_lesson_host_name_and_swarm_active()
    {
        foreach (var node in _formed.Nodes)
        {
            using var ssh = await _formed.ConnectAsync(node.Name);
            var result = await ssh.RunAsync("hostname; docker info --format '{{.Swarm.LocalNodeState}}'");
            result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(node.Name, "active");
        }
    }

    [Test]
    public async Task Bare_lab_nodes_report_swarm_inactive_as_the_lesson_expects()
    {
        foreach (var node in _bare.Nodes)
        {
            using var ssh = await _bare.ConnectAsync(node.Name);
            var result = await ssh.RunAsync("docker info 2>/dev/null | grep 'Swarm:'");
            result.StandardOutput.Trim().Should().Be("Swarm: inactive", $"{node.Name} is a fresh VM");
        }
    }

    [Test]
    public async Task Seeded_images_carry_the_lessons_names_in_every_node()
    {
        foreach (var node in _formed.Nodes)
        {
            var images = await _formed.RunCheckedAsync(node.Name, "docker image ls --format '{{.Repository}}:{{.Tag}}'");
            images.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().Should().Equal("database:latest", "ghost:latest", "mediawiki:latest", "registry:2");
        }
    }

    [Test]
    public void Two_labs_up_at_once_have_their_own_names_networks_and_ports()
    {
        _formed.RunId.Should().NotBe(_bare.RunId);
        _formed.NetworkName.Should().NotBe(_bare.NetworkName);
        _formed.Nodes.Select(n => n.Container.Name).Should().NotIntersectWith(_bare.Nodes.Select(n => n.Container.Name));
        var formedPorts = _formed.Nodes.SelectMany(n => NodeLabNode.PublishedPorts.Select(n.PortFor)).ToList();
        var barePorts = _bare.Nodes.SelectMany(n => NodeLabNode.PublishedPorts.Select(n.PortFor)).ToList();
        formedPorts.Should().OnlyHaveUniqueItems().And.NotIntersectWith(barePorts);
    }

    [Test]
    public async Task Node_ports_are_published_on_loopback_only()
    {
        foreach (var node in _formed.Nodes)
        {
            var inspect = await _formed.Engine.Client.Containers.InspectContainerAsync(node.Container.Id);
            foreach (var port in NodeLabNode.PublishedPorts)
            {
                inspect.NetworkSettings!.Ports![$"{port}/tcp"].Should().ContainSingle().Which.HostIP.Should().Be("127.0.0.1");
            }
        }
    }

    [Test]
    public void Lab_writes_a_target_file_that_points_at_itself()
    {
        var yaml = File.ReadAllText(_formed.TargetFile);

        yaml.Should().Contain($"student: lab-{_formed.RunId}");
        yaml.Should().Contain($"identityFile: {_formed.IdentityFile}");
        foreach (var node in _formed.Nodes)
        {
            yaml.Should().Contain($"name: {node.Name}");
            yaml.Should().Contain($"22: {node.PortFor(22)}");
        }
    }

    [Test]
    public async Task Nodes_reach_each_other_by_name_on_the_lab_network()
    {
        var result = await _formed.RunAsync("dockernode2", "getent hosts dockernode1 dockernode3 dockernode1.omistack.test | wc -l");
        result.StandardOutput.Trim().Should().Be("3");
    }
}
