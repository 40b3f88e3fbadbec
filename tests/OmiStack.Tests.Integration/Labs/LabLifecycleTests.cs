using System.Diagnostics;
using Docker.DotNet.Models;
using FluentAssertions;
using OmiStack.Fixtures.Engine;
using OmiStack.Fixtures.Labs;
using OmiStack.Fixtures.Nodes;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Labs;

[Lab]
public sealed class LabLifecycleTests : LaneFixture
{
    [Test]
    public async Task After_dispose_nothing_labelled_with_the_run_is_left()
    {
        var lab = new NodeLabBuilder().WithNodeCount(1).WithState(SwarmState.Bare).WithSeededImages().WithProgress(TestContext.Progress).Build();
        await lab.StartAsync();
        var filter = RunFilter(lab.RunId);
        using var engine = await DockerEngine.ConnectAsync();
        (await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter })).Should().HaveCount(1, "the lab is up");

        await lab.DisposeAsync();

        (await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter })).Should().BeEmpty();
        (await engine.Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter })).Should().BeEmpty();
        ((await engine.Client.Volumes.ListAsync(new VolumesListParameters { Filters = filter })).Volumes ?? []).Should().BeEmpty();
        Directory.Exists(lab.Directory).Should().BeFalse();
    }

    [Test]
    public async Task Bringing_a_lab_up_and_down_leaves_no_anonymous_volume_behind()
    {
        using var engine = await DockerEngine.ConnectAsync();
        var before = ((await engine.Client.Volumes.ListAsync(new VolumesListParameters())).Volumes ?? []).Select(v => v.Name).ToHashSet();

        await using (var lab = new NodeLabBuilder().WithNodeCount(1).WithState(SwarmState.Bare).WithSeededImages().WithProgress(TestContext.Progress).Build())
        {
            await lab.StartAsync();
        }

        ((await engine.Client.Volumes.ListAsync(new VolumesListParameters())).Volumes ?? []).Select(v => v.Name).Should().BeSubsetOf(before);
    }

    [Test]
    public async Task Prune_removes_resources_of_a_run_whose_owner_process_is_gone()
    {
        using var engine = await DockerEngine.ConnectAsync();
        var deadPid = await DeadProcessIdAsync();
        var labels = new Dictionary<string, string>(LabLabels.For("crashed0001", "swarm", DateTimeOffset.UtcNow))
        {
            [LabLabels.OwnerPid] = deadPid.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await engine.Client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = "omistack-crashed0001", Labels = labels });
        await engine.Client.Volumes.CreateAsync(new VolumesCreateParameters { Name = "omistack-crashed0001-v", Labels = labels });

        var removed = await LabJanitor.PruneAsync(engine);

        removed.Should().Contain("crashed0001");
        (await engine.Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = RunFilter("crashed0001") })).Should().BeEmpty();
        ((await engine.Client.Volumes.ListAsync(new VolumesListParameters { Filters = RunFilter("crashed0001") })).Volumes ?? []).Should().BeEmpty();
    }

    [Test]
    public async Task Prune_leaves_the_runs_of_living_processes_alone()
    {
        using var engine = await DockerEngine.ConnectAsync();
        var labels = LabLabels.For("alive00001", "swarm", DateTimeOffset.UtcNow);
        await engine.Client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = "omistack-alive00001", Labels = new Dictionary<string, string>(labels) });
        try
        {
            var removed = await LabJanitor.PruneAsync(engine);

            removed.Should().NotContain("alive00001");
            (await engine.Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = RunFilter("alive00001") })).Should().ContainSingle();
        }
        finally
        {
            await LabJanitor.RemoveRunAsync(engine, "alive00001");
        }
    }

    [TestCase("unix:///tmp/omistack-no-engine-here.sock")]
    [TestCase("tcp://127.0.0.1:1")]
    public async Task Creating_a_lab_without_an_engine_fails_within_ten_seconds_saying_how_to_start_one(string endpoint)
    {
        var lab = new NodeLabBuilder().WithDockerEndpoint(new Uri(endpoint)).WithProgress(TextWriter.Null).Build();
        var clock = Stopwatch.StartNew();

        var act = () => lab.StartAsync();

        (await act.Should().ThrowAsync<DockerEngineUnavailableException>())
            .WithMessage($"No Docker engine answered at {new Uri(endpoint)}: *Start one: run 'sudo scripts/engine.sh'*DOCKER_HOST*");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    private static Dictionary<string, IDictionary<string, bool>> RunFilter(string runId) =>
        new() { ["label"] = new Dictionary<string, bool> { [$"{LabLabels.Run}={runId}"] = true } };

    private static async Task<int> DeadProcessIdAsync()
    {
        using var process = Process.Start("true") ?? throw new InvalidOperationException("could not start 'true'");
        await process.WaitForExitAsync();
        return process.Id;
    }
}
