using System.Diagnostics;
using FluentAssertions;
using OmiStack.Engine;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Vms;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Lessons;
using OmiStack.Lessons.Lesson1;
using OmiStack.Reports.Gradescope;
using OmiStack.Tests.Integration.Lesson1;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.RealKernel;

/// <summary>
/// Lesson 1 on VMs with a kernel of their own (qemu), where the swarm's routing mesh really forwards: the
/// reference solution to full marks, the mesh checks judged on nodes that run no task, then the mesh's faults
/// on the same lab, each with its exact verdict and cause. One lab for the whole class: three VMs take minutes
/// to boot under software emulation. Where this machine cannot run VMs, every test is skipped naming why.
/// </summary>
[Lab]
[Category("RealKernel")]
public sealed partial class VmLabMeshTests : LaneFixture
{
    private static readonly GradingOptions Patient = Lesson1Grading.Options with { ConvergenceTimeout = TimeSpan.FromSeconds(90) };

    private VmLab? _lab;
    private Lesson1Reference? _reference;
    private string? _unavailable;
    private string _results = "";

    private VmLab Lab => _lab ?? throw new InconclusiveException("no VM lab");

    private Lesson1Reference Reference => _reference!;

    [OneTimeSetUp]
    public async Task StartLab()
    {
        _results = Directory.CreateTempSubdirectory("omistack-vm-stages-").FullName;
        // Booted while the other fixtures ran (VmLabWarmup), or now; its steps (the VM tools installed, the base
        // disk made, the VMs booted: minutes) shown at dotnet test's default verbosity.
        var waited = Stopwatch.StartNew();
        var booting = VmLabWarmup.Take();
        try
        {
            var lab = await (booting ?? VmLabWarmup.StartAsync(new VmLabOptions { Progress = TestContext.Error }));
            await lab.ReniceAsync(0); // booted early at nice 10: the machine is the suite's now
            _lab = lab;
            _reference = new Lesson1Reference(lab);
            await TestContext.Progress.WriteLineAsync($"BENCH | VM lab up | {(booting is null ? "booted in its turn" : "booted early")}, waited for {waited.Elapsed.TotalSeconds:0} s | resident MiB per VM: {string.Join(", ", lab.ResidentMiB().Select(r => $"{r.Key} {r.Value}"))}");
        }
        catch (RealKernelUnavailableException ex)
        {
            _unavailable = ex.Message;
        }
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        _reference?.Dispose();
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }

        Directory.Delete(_results, recursive: true);
    }

    [SetUp]
    public void NeedsTheLab()
    {
        if (_unavailable is not null)
        {
            Assert.Ignore($"No VM lab on this machine: {_unavailable}");
        }
    }

    [Test]
    [Order(1)]
    public async Task The_reference_solution_gets_full_marks_and_the_mesh_is_judged_on_nodes_that_run_no_task()
    {
        foreach (var (stage, name) in new[] { (Lesson1Stage.Setup, "setup"), (Lesson1Stage.Ghost, "ghost"), (Lesson1Stage.Scale, "scale") })
        {
            await Reference.ReachAsync(stage);
            var outcomes = await StudentRunAsync(name);
            outcomes.Should().AllSatisfy(o => o.Verdict.Should().Be(Verdict.Pass, $"{o.Check.Id}: {o.Message}"));
        }

        // Scaled to one replica: two nodes run no ghost-blog task, and each serves the page through the mesh.
        var ghostNodes = await TaskNodesAsync("ghost-blog");
        ghostNodes.Should().HaveCount(1);
        var mesh = (await StudentRunAsync("scale")).Single(o => o.Check.Id == "ghost.mesh");
        mesh.Message.Should().Be("Passed: dockernode1: Ghost page; dockernode2: Ghost page; dockernode3: Ghost page.");

        await Reference.ReachAsync(Lesson1Stage.Final);
        var final = await StudentRunAsync(null);
        final.Should().AllSatisfy(o => o.Verdict.Should().Be(Verdict.Pass, $"{o.Check.Id}: {o.Message}"));
        final.Single(o => o.Check.Id == "stack.mesh").Message.Should().Be("Passed: dockernode1: MediaWiki page; dockernode2: MediaWiki page; dockernode3: MediaWiki page.");
        (await TaskNodesAsync("mediawiki_web")).Should().HaveCount(2, "one node runs no web task and still serves the page");

        var results = GradescopeResults.TryRead(Path.Combine(_results, ResultsFolders.SafeName(Lab.Target.Student), "results.json"))!;
        var lesson1 = results.Tests.Where(t => t.ExtraData.Lesson == "lesson1").ToList();
        lesson1.Sum(t => t.Score).Should().Be(85);
        lesson1.Sum(t => t.MaxScore).Should().Be(85);
    }

    /// <summary>A student's `dotnet test checks` run on the lab (one stage, or all): the grading run, reports merged with earlier runs.</summary>
    private async Task<IReadOnlyList<CheckOutcome>> StudentRunAsync(string? stage)
    {
        var setup = new GradingSetup(Course.Lessons, Rubric.Default, InstructorOverrides.None, Patient, _results);
        await using var run = StudentRuns.ForTargetFile(Lab.TargetFile, setup);
        var outcomes = new List<CheckOutcome>();
        foreach (var check in Lesson1Checks.All.Where(c => stage is null || c.Definition.Stage == stage))
        {
            outcomes.Add(await run.RunAsync(check.Id));
        }

        run.WriteReports(final: true);
        await Lesson1Grading.LogAsync(outcomes, stage ?? "all", TimeSpan.Zero);
        return outcomes;
    }

    /// <summary>The nodes that run a task of the service, as the manager lists them.</summary>
    private async Task<IReadOnlyList<string>> TaskNodesAsync(string service) =>
        [.. (await Lab.RunCheckedAsync("dockernode1", $"docker service ps {service} --filter desired-state=running --format '{{{{.Node}}}}'"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct()];
}
