using Docker.DotNet.Models;
using FluentAssertions;
using OmiStack.Fixtures.Nodes;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Docker;

/// <summary>Docker.DotNet through one SSH connection via docker system dial-stdio, against a real lab.</summary>
[Lab]
public sealed class DockerOverSshTests : LaneFixture
{
    private NodeLab _lab = null!;

    [OneTimeSetUp]
    public async Task StartLab()
    {
        _lab = new NodeLabBuilder().WithNodeCount(2).WithProgress(TestContext.Progress).Build();
        await _lab.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopLab() => await _lab.DisposeAsync();

    [Test]
    public async Task The_engine_answers_typed_calls_through_the_ssh_connection()
    {
        using var ssh = await _lab.ConnectAsync("dockernode1");
        using var docker = ssh.CreateDockerClient(new System.Version(1, 41), TimeSpan.FromSeconds(10));

        var info = await docker.System.GetSystemInfoAsync();
        var nodes = await docker.Swarm.ListNodesAsync();

        info.Name.Should().Be("dockernode1");
        info.Swarm!.LocalNodeState.Should().Be("active");
        nodes.Select(n => n.Description!.Hostname).Should().BeEquivalentTo("dockernode1", "dockernode2");
    }

    [Test]
    public async Task Parallel_calls_share_one_ssh_connection()
    {
        using var ssh = await _lab.ConnectAsync("dockernode2");
        using var docker = ssh.CreateDockerClient(new System.Version(1, 41), TimeSpan.FromSeconds(10));

        var calls = Enumerable.Range(0, 8).Select(_ => docker.Images.ListImagesAsync(new ImagesListParameters())).ToList();
        var lists = await Task.WhenAll(calls);

        lists.Should().AllSatisfy(l => l.SelectMany(i => i.RepoTags).Should().Contain("ghost:latest"));
    }
}
