using FluentAssertions;
using OmiStack.Fixtures.Nodes;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Nodes;

/// <summary>
/// What a student's own `dotnet test checks` loads when it grades Lesson 1 on their VMs: the NUnit adapter,
/// the engine, the lessons and the harness's SSH and Docker packs, and no lab fixture (Testcontainers, the
/// node lab, the Rancher double's web server). Read from a real run on a node reached over SSH.
/// </summary>
[Lab]
public sealed class NodeTargetAssembliesTests : LaneFixture
{
    [Test]
    public async Task A_run_on_a_students_nodes_loads_the_engine_and_its_packs_and_no_fixture()
    {
        await using var lab = new NodeLabBuilder().WithNodeCount(1).WithState(SwarmState.Bare).WithSeededImages().WithProgress(TestContext.Progress).Build();
        await lab.StartAsync();
        var folder = Directory.CreateTempSubdirectory("omistack-assemblies-").FullName;
        try
        {
            var loaded = Path.Combine(folder, "assemblies.txt");
            var environment = new Dictionary<string, string>
            {
                ["OMISTACK_TARGET"] = lab.TargetFile,
                ["OMISTACK_RESULTS_DIR"] = Path.Combine(folder, "results"),
                ["OMISTACK_LOADED_ASSEMBLIES"] = loaded,
            };

            var run = await ChecksProcess.RunAsync("Id=swarm.docker|Id=swarm.active", environment, TimeSpan.FromMinutes(4));

            run.Totals.Should().Be((0, 1, 1, 2), run.Output); // swarm.active: "not yet" on a bare node, a run during the lesson
            run.Output.Should().Contain("swarm.active", "a bare node has no swarm: the check ran against the node");
            (await File.ReadAllLinesAsync(loaded)).Should().Contain(["OmiStack.Checks", "OmiStack.Engine", "OmiStack.Lessons", "OmiStack.Harness", "Renci.SshNet", "Docker.DotNet"])
                .And.NotContain(["OmiStack.Fixtures", "Testcontainers", "Microsoft.AspNetCore.Server.Kestrel.Core"], "a student's run against their own VMs loads no lab fixture");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
