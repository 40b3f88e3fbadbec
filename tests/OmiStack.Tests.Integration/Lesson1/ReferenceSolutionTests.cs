using FluentAssertions;
using OmiStack.Lessons;
using OmiStack.Engine;
using OmiStack.Lessons.Lesson1;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Reports.Gradescope;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Lesson1;

/// <summary>The lesson's own commands on a Bare lab, each stage graded at its point: full marks.</summary>
[Lab]
public sealed class ReferenceSolutionTests : LaneFixture
{
    /// <summary>A long convergence bound: a run that waited on a settled state would take at least this long.</summary>
    private static readonly GradingOptions Patient = Lesson1Grading.Options with { ConvergenceTimeout = TimeSpan.FromSeconds(60) };

    private NodeLab _lab = null!;
    private Lesson1Reference _reference = null!;
    private string _results = "";

    [OneTimeSetUp]
    public async Task StartLab()
    {
        _lab = new NodeLabBuilder().WithState(SwarmState.Bare).WithProgress(TestContext.Progress).Build();
        await _lab.StartAsync();
        _reference = new Lesson1Reference(_lab);
        _results = Directory.CreateTempSubdirectory("omistack-stages-").FullName;
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        _reference.Dispose();
        await _lab.DisposeAsync();
        Directory.Delete(_results, recursive: true);
    }

    /// <summary>A student's `dotnet test checks --filter Stage=…` (or unfiltered) run on the lab: the grading run, reports merged with earlier runs.</summary>
    private async Task<IReadOnlyList<CheckOutcome>> StudentRunAsync(string? stage)
    {
        var setup = new GradingSetup(Course.Lessons, Rubric.Default, InstructorOverrides.None, Patient, _results);
        await using var run = StudentRuns.ForTargetFile(_lab.TargetFile, setup);
        var outcomes = new List<CheckOutcome>();
        foreach (var check in Lesson1Checks.All.Where(c => stage is null || c.Definition.Stage == stage))
        {
            outcomes.Add(await run.RunAsync(check.Id));
        }

        run.WriteReports(final: true);
        return outcomes;
    }

    private string StudentFolder => Path.Combine(_results, ResultsFolders.SafeName(_lab.Target.Student));

    private GradescopeResults Results => GradescopeResults.TryRead(Path.Combine(StudentFolder, "results.json"))!;

    [Test]
    [Order(1)]
    public async Task Setup_stage_passes_after_swarm_init_and_join()
    {
        await _reference.ReachAsync(Lesson1Stage.Setup);

        (await Lesson1Grading.GradeAsync(_lab, "setup")).ShouldBeExactly();
        (await StudentRunAsync("setup")).Should().AllSatisfy(o => o.Verdict.Should().Be(Verdict.Pass, o.Message));
    }

    [Test]
    [Order(2)]
    public async Task Ghost_stage_passes_after_service_create_with_three_replicas()
    {
        await _reference.ReachAsync(Lesson1Stage.Ghost);

        (await Lesson1Grading.GradeAsync(_lab, "ghost")).ShouldBeExactly();
        (await StudentRunAsync("ghost")).Should().AllSatisfy(o => o.Verdict.Should().Be(Verdict.Pass, o.Message));
    }

    [Test]
    [Order(3)]
    public async Task Scale_stage_is_judged_after_scaling_to_one_replica()
    {
        await _reference.ReachAsync(Lesson1Stage.Scale);

        var outcomes = await Lesson1Grading.GradeAsync(_lab, "scale");

        outcomes.ShouldBeExactly();
        outcomes["ghost.mesh"].Message.Should().NotContain("not scaled to 1");
        await StudentRunAsync("scale");
    }

    [Test]
    [Order(4)]
    public async Task Between_stages_a_whole_run_judges_what_it_can_at_once_and_leaves_the_ghost_stage_to_its_own_run()
    {
        // Scaled to 1, no registry, no stack yet: the lesson's scale step changed what ghost.service
        // and ghost.spread look at; the final stage's checks fail at once (nothing is moving).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = (await Lesson1Grading.GradeAsync(_lab, options: Patient)).Values.ToDictionary(o => o.Check.Id);

        clock.Elapsed.Should().BeLessThan(Patient.ConvergenceTimeout, "no check waits on a settled state");
        outcomes["ghost.service"].Verdict.Should().Be(Verdict.PastStage);
        outcomes["ghost.service"].Message.Should().Be("Graded at its own stage (ghost); the lab is past it: stage scale (ghost-blog scaled to 1).");
        outcomes["ghost.spread"].Verdict.Should().Be(Verdict.PastStage);
        outcomes["stack.services"].Verdict.Should().Be(Verdict.Fail);
        outcomes["stack.services"].Message.Should().Contain("no stack mediawiki").And.NotContain("still changing");
        outcomes["cleanup.ghost"].Verdict.Should().Be(Verdict.Fail);

        // The student's own run at this stage: the final stage's checks are "not yet", naming what comes first.
        var student = (await StudentRunAsync(null)).ToDictionary(o => o.Check.Id);
        student["stack.services"].Verdict.Should().Be(Verdict.NotYet, student["stack.services"].Message);
        student["stack.services"].Message.Should().Be("Not yet: stack.services is a task of the final stage and the lab is at the scale stage (ghost-blog scaled to 1); the final stage comes next.");
        student["cleanup.ghost"].Verdict.Should().Be(Verdict.NotYet, "the lesson still wants ghost-blog at this stage");
        student["registry.running"].Verdict.Should().Be(Verdict.NotYet);
        student["swarm.nodes"].Verdict.Should().Be(Verdict.Pass);
    }

    [Test]
    [Order(5)]
    public async Task Final_stage_passes_after_registry_push_pull_stack_deploy_and_clean_up()
    {
        await _reference.ReachAsync(Lesson1Stage.Final);

        var outcomes = await Lesson1Grading.GradeAsync(_lab, "final");

        outcomes.ShouldBeExactly();
        outcomes.Should().HaveCount(8);
    }

    [Test]
    [Order(6)]
    public async Task At_the_final_stage_the_ghost_checks_are_not_failed_nor_waited_on_and_earlier_passes_survive()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = (await StudentRunAsync(null)).ToDictionary(o => o.Check.Id);

        clock.Elapsed.Should().BeLessThan(Patient.ConvergenceTimeout, "no check waits for a ghost-blog the lesson removed");
        // The ghost stage's checks passed in the student's own run at that stage, and ghost.mesh was judged at
        // the scale stage (a pass where the kernel has IPVS, else what only this machine could not judge): each
        // kept in stages.json and folded in, saying when.
        foreach (var (id, stage) in new[] { ("ghost.service", "ghost"), ("ghost.spread", "ghost"), ("ghost.mesh", "scale") })
        {
            outcomes[id].Verdict.Should().Be(id == "ghost.mesh" && !Lesson1Grading.HasIpvs ? Verdict.Inconclusive : Verdict.Pass, outcomes[id].Message);
            outcomes[id].Message.Should().MatchRegex($@"\(kept from a run at \d{{4}}-\d\d-\d\d \d\d:\d\d UTC, the lab at the {stage} stage\.\)$");
        }

        outcomes["ghost.mesh"].ByGradingMachine.Should().Be(!Lesson1Grading.HasIpvs, "a local lab on this machine's kernel");

        // The student's earlier stage runs passed the ghost checks: the final run keeps those verdicts.
        var results = Results;
        results.Tests.Where(t => t.ExtraData.Stage is "ghost").Should().AllSatisfy(t => t.ExtraData.Verdict.Should().Be("pass", t.Output));
        results.Tests.Single(t => t.ExtraData.Id == "cleanup.ghost").ExtraData.Verdict.Should().Be("pass");
        results.Tests.Where(t => t.ExtraData.Lesson == "lesson1").Sum(t => t.MaxScore).Should().Be(85);
        var report = await File.ReadAllTextAsync(Path.Combine(StudentFolder, "report.md"));
        report.Should().Contain("Stage reached: final (stack mediawiki deployed, a registry container on dockernode1; no ghost-blog).");
    }

    [Test]
    [Order(8)]
    public async Task A_full_grading_run_changes_nothing_on_any_node_even_where_the_pull_probe_had_to_pull()
    {
        await _lab.RunCheckedAsync("dockernode2", $"docker rmi {Lesson1Reference.Registry}/database");

        // Swarm tidies up by itself (exited task containers of removed services): start from a state
        // that holds still, so what changes is the harness's doing.
        List<string>? last = null;
        var before = await Harness.Waiting.Poll.UntilAsync(
            "the lab's Docker state to hold still for 2 s",
            TimeSpan.FromSeconds(60),
            async _ =>
            {
                var now = await DockerStateAsync();
                var stable = last is not null && now.SequenceEqual(last);
                last = now;
                return (State: now, Stable: stable);
            },
            r => r.Stable,
            interval: TimeSpan.FromSeconds(2));

        var outcomes = await Lesson1Grading.GradeAsync(_lab);

        outcomes["registry.pull"].Verdict.Should().Be(Harness.Checks.Verdict.Pass);
        (await DockerStateAsync()).Should().Equal(before.State);
    }

    [Test]
    [Order(9)]
    public async Task The_pull_probe_pulls_by_digest_and_never_moves_a_latest_tag_the_node_already_has()
    {
        // The student's dockernode2 has its own image under the name the probe pulls (built or tagged there).
        var database = $"{Lesson1Reference.Registry}/database";
        await _lab.RunCheckedAsync("dockernode2", $"docker tag $(docker image ls --format '{{{{.ID}}}} {{{{.Repository}}}}' | grep -v /database | head -n 1 | cut -d' ' -f1) {database}:latest");
        var theirs = (await _lab.RunCheckedAsync("dockernode2", $"docker image inspect --format '{{{{.Id}}}}' {database}:latest")).Trim();

        var outcomes = await Lesson1Grading.GradeAsync(_lab, "final");

        outcomes["registry.pull"].Verdict.Should().Be(Harness.Checks.Verdict.Pass, outcomes["registry.pull"].Message);
        (await _lab.RunCheckedAsync("dockernode2", $"docker image inspect --format '{{{{.Id}}}}' {database}:latest")).Trim().Should().Be(theirs, "the probe pulled by digest: the node's own :latest still names its own image");
        (await _lab.RunCheckedAsync("dockernode2", $"docker image ls --digests --format '{{{{.Repository}}}}@{{{{.Digest}}}}' {database}")).Should().NotContain("sha256:", "the copy the probe pulled was removed again");
        await _lab.RunCheckedAsync("dockernode2", $"docker rmi {database}:latest");
    }

    /// <summary>Services, tasks, containers, images, networks and volumes of every node, as text lines.</summary>
    private async Task<List<string>> DockerStateAsync()
    {
        var state = new List<string>();
        state.AddRange((await _lab.RunCheckedAsync("dockernode1", "docker service ls --format 'service {{.ID}} {{.Name}} {{.Mode}} {{.Replicas}} {{.Image}} {{.Ports}}'; docker service ps -q $(docker service ls -q) | sed 's/^/task /'")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        foreach (var node in _lab.Nodes)
        {
            var lines = await _lab.RunCheckedAsync(node.Name,
                "docker ps -a --no-trunc --format 'container {{.ID}} {{.Image}} {{.Status}}' | sed 's/ Up .*/ Up/'; " +
                "docker image ls -a --no-trunc --format 'image {{.ID}} {{.Repository}}:{{.Tag}}'; " +
                "docker network ls --no-trunc --format 'network {{.ID}} {{.Name}}'; docker volume ls --format 'volume {{.Name}}'");
            state.AddRange(lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"{node.Name} {l}").Order(StringComparer.Ordinal));
        }

        return state;
    }

    [Test]
    [Order(7)]
    public async Task The_pull_probe_leaves_dockernode2_as_it_found_it()
    {
        var before = await _lab.RunCheckedAsync("dockernode2", "docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}}' | sort");

        (await Lesson1Grading.GradeAsync(_lab, "final"))["registry.pull"].Verdict.Should().Be(Harness.Checks.Verdict.Pass);

        (await _lab.RunCheckedAsync("dockernode2", "docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}}' | sort")).Should().Be(before);
    }
}
