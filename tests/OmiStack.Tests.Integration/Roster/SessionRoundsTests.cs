using AngleSharp.Html.Parser;
using FluentAssertions;
using OmiStack.Lessons;
using OmiStack.Engine;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;
using OmiStack.Reports.Gradescope;
using OmiStack.Tests.Integration.Lesson1;
using OmiStack.Tests.Integration.Reports;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Roster;

/// <summary>
/// The rounds of a lab session on real labs that move between stages while the rounds run, each by the
/// lesson's own commands at its own pace: s5000001 does every stage in order; s5000002 is slower and never
/// scales (from 3 replicas straight to the registry, the stack and 'docker service rm ghost-blog'); s5000003
/// creates ghost-blog with one replica, never three, then does the last task. The last round is the deadline
/// run. A restarted command (after a crash, or a round cut off) goes on without loss.
/// </summary>
[Lab]
public sealed class SessionRoundsTests : LaneFixture
{
    private const string Steady = "s5000001";
    private const string NeverScales = "s5000002";
    private const string NeverThree = "s5000003";

    private StagedLabs _labs = null!;
    private NodeLab _steady = null!;
    private NodeLab _slow = null!;
    private NodeLab _single = null!;
    private Lesson1Reference _steadyReference = null!;
    private Lesson1Reference _slowReference = null!;
    private Lesson1Reference _singleReference = null!;
    private string _folder = null!;
    private IReadOnlyList<RosterEntry> _roster = null!;
    private GradingSetup _setup = null!;

    [OneTimeSetUp]
    public async Task StartTwoLabs()
    {
        _folder = Directory.CreateTempSubdirectory("omistack-rounds-").FullName;
        _labs = await StagedLabs.StartAsync(3);
        ((_steady, _steadyReference), (_slow, _slowReference), (_single, _singleReference)) = (_labs.Labs[0], _labs.Labs[1], _labs.Labs[2]);

        // The instructor's trust anchors: each lab's CA, in one bundle (OMISTACK_REGISTRY_CA).
        var bundle = Path.Combine(_folder, "course-ca.pem");
        await File.WriteAllTextAsync(bundle, _steadyReference.Authority.CertificatePem + _slowReference.Authority.CertificatePem + _singleReference.Authority.CertificatePem);
        var roster = Path.Combine(_folder, "roster.yaml");
        await File.WriteAllTextAsync(roster, $"""
            students:
            {Entry(Steady, _steady)}
            {Entry(NeverScales, _slow)}
            {Entry(NeverThree, _single)}
            """);
        _roster = Harness.Targets.Roster.Load(roster, Course.Lessons.TargetKeys);
        var options = Lesson1Grading.Options with { ConvergenceTimeout = TimeSpan.FromSeconds(10), RegistryCaFile = bundle };
        _setup = new GradingSetup(Course.Lessons, Rubric.Default, InstructorOverrides.None, options, Path.Combine(_folder, "results"));
    }

    [OneTimeTearDown]
    public async Task StopLabs()
    {
        await _labs.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Each_students_grade_at_the_deadline_includes_every_stage_they_were_seen_at_and_a_restart_loses_nothing()
    {
        var rounds = Rounds();

        // Round 1: both at the setup stage. What comes later is "not yet", never failed.
        var first = await rounds.RoundAsync(final: false, DateTimeOffset.UtcNow.AddMinutes(1));
        first.Verdict(Steady, "swarm.nodes").Should().Be("pass");
        first.Verdict(Steady, "ghost.service").Should().Be("not-yet");
        first.Verdict(Steady, "stack.services").Should().Be("not-yet");
        first.Verdict(Steady, "cleanup.ghost").Should().Be("not-yet", "the lesson removes ghost-blog only at its end");
        Output(Steady, "stack.services").Should().StartWith("Not yet: stack.services is a task of the final stage and the lab is at the setup stage");

        // Round 2: s5000001 has created ghost-blog with 3 replicas; s5000002 is still at the swarm; s5000003
        // created it with one replica.
        await Task.WhenAll(_steadyReference.ReachAsync(Lesson1Stage.Ghost), _singleReference.CreateGhostAsync("--replicas 1 --publish 80:2368"));
        var second = await rounds.RoundAsync(final: false, DateTimeOffset.UtcNow.AddMinutes(1));
        second.Verdict(Steady, "ghost.service").Should().Be("pass");
        second.Verdict(Steady, "ghost.mesh").Should().Be("not-yet", "3 replicas: scaling to 1 comes next");
        second.Verdict(NeverScales, "ghost.service").Should().Be("not-yet");
        second.Verdict(NeverThree, "ghost.service").Should().Be("not-run", $"at 1 replica the lab is past the ghost stage, no verdict to give now: {Output(NeverThree, "ghost.service")}");
        var page = await ClassViewAsync("round-2");
        Stage(page, Steady).Should().StartWith("lesson1: ghost (ghost-blog at 3/3");
        Changed(page, Steady).Should().Contain("stage lesson1: setup").And.Contain("ghost.service not-yet → pass");
        Changed(page, NeverScales).Should().Be("–");
        page.QuerySelector("head meta[http-equiv=refresh]").Should().NotBeNull("the page reloads itself while the rounds go on");

        // The command is restarted (a crash after round 2): it goes on at round 3 from what was recorded.
        rounds = Rounds();
        rounds.Session.Last!.Number.Should().Be(2);

        // A round cut off midway (Ctrl-C, a killed grader) writes no round; what the students had kept stays.
        using (var cut = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
        {
            var cutOff = () => rounds.RoundAsync(final: false, null, cut.Token);
            await cutOff.Should().ThrowAsync<OperationCanceledException>();
        }

        Kept(Steady).Should().ContainKey("ghost.service").WhoseValue.Verdict.Should().Be(Harness.Checks.Verdict.Pass);

        // Round 3: s5000001 scaled to 1; s5000002 created ghost-blog with 3 replicas.
        await Task.WhenAll(_steadyReference.ReachAsync(Lesson1Stage.Scale), _slowReference.ReachAsync(Lesson1Stage.Ghost));
        var third = await rounds.RoundAsync(final: false, DateTimeOffset.UtcNow.AddMinutes(1));
        third.Number.Should().Be(3, "the restarted command numbers its rounds after those recorded");
        third.Verdict(Steady, "ghost.service").Should().Be("pass", "kept from round 2, when the lab was at the ghost stage");
        Output(Steady, "ghost.service").Should().Contain("(kept from round 2 of the lab session at ").And.EndWith("the lab at the ghost stage.)");
        third.Verdict(NeverScales, "ghost.service").Should().Be("pass");
        page = await ClassViewAsync("round-3");
        Stage(page, Steady).Should().StartWith("lesson1: scale (ghost-blog scaled to 1)", "the class view shows the stage each student is at now");
        Stage(page, NeverScales).Should().StartWith("lesson1: ghost (ghost-blog at 3/3");

        // The deadline: s5000001 did the lesson's last task; s5000002 too, without ever scaling ghost-blog.
        await Task.WhenAll(_steadyReference.ReachAsync(Lesson1Stage.Final), _slowReference.FinalAsync(), _singleReference.FinalAsync());
        var deadline = await rounds.RoundAsync(final: true, null);

        deadline.Final.Should().BeTrue();
        var steady = Results(Steady);
        var lesson1 = steady.Tests.Where(t => t.ExtraData.Lesson == "lesson1").ToList();
        var mesh = new[] { "ghost.mesh", "stack.mesh" };
        lesson1.Where(t => !mesh.Contains(t.ExtraData.Id) || Lesson1Grading.HasIpvs).Should().AllSatisfy(t => t.ExtraData.Verdict.Should().Be("pass", t.Output));
        lesson1.Sum(t => t.Score).Should().Be(Lesson1Grading.HasIpvs ? 85 : 75, "full marks for Lesson 1 but for what this machine cannot judge: the mesh without IPVS");
        if (!Lesson1Grading.HasIpvs)
        {
            Output(Steady, "ghost.mesh").Should().Contain("has no IPVS").And.Contain("(kept from round 3 of the lab session at ");
        }

        var slow = Results(NeverScales);
        slow.Tests.Single(t => t.ExtraData.Id == "ghost.service").ExtraData.Verdict.Should().Be("pass", "kept from round 3");
        slow.Tests.Single(t => t.ExtraData.Id == "ghost.mesh").ExtraData.Verdict.Should().Be("fail", "no round ever saw ghost-blog scaled to 1");
        Output(NeverScales, "ghost.mesh").Should().Contain("the lab is past the scale stage").And.Contain("no round or run saw it at that stage");
        slow.Tests.Where(t => t.ExtraData.Lesson == "lesson1").Sum(t => t.Score).Should().Be(Lesson1Grading.HasIpvs ? 80 : 75, "all but ghost.mesh (and stack.mesh without IPVS)");

        var single = Results(NeverThree);
        foreach (var id in new[] { "ghost.service", "ghost.spread" })
        {
            single.Tests.Single(t => t.ExtraData.Id == id).ExtraData.Verdict.Should().Be("fail", "ghost-blog was never seen at 3 replicas");
            Output(NeverThree, id).Should().Contain("the lab is past the ghost stage");
        }

        Output(NeverThree, "ghost.mesh").Should().Contain("(kept from round 2 of the lab session at ", "scaled to 1 from the start: the scale stage was seen");
        single.Tests.Where(t => t.ExtraData.Lesson == "lesson1").Sum(t => t.Score).Should().Be(Lesson1Grading.HasIpvs ? 70 : 60, string.Join("\n", single.Tests.Where(t => t.ExtraData.Verdict != "pass").Select(t => t.Output)));

        page = await ClassViewAsync("deadline");
        page.QuerySelector("head meta[http-equiv=refresh]").Should().BeNull("the rounds ended: the page no longer reloads");
        page.QuerySelector("#round")!.TextContent.Should().Contain("Round 4 (final)").And.Contain("the rounds of the lab session ended");
        Directory.GetFiles(Path.Combine(_setup.ResultsRoot, Steady, "evidence"), "*.json").Should().HaveCountGreaterThanOrEqualTo(4, "each round's evidence is kept");

        // Re-judged with no network under a rubric that makes ghost.service worth 20: the verdict kept from round 2
        // is judged again from round 2's own evidence, not carried from the deadline run's results.
        var rubric = Path.Combine(_folder, "rubric.yaml");
        await File.WriteAllTextAsync(rubric, "checks:\n  ghost.service: { points: 20 }\n");
        var rejudged = Path.Combine(_folder, "rejudged");
        await using (var again = StudentRuns.ForEvidence(Path.Combine(StudentFolder(Steady), "evidence.json"), _setup with { Rubric = Rubric.Load(rubric, Course.Lessons), ResultsRoot = rejudged }))
        {
            await KeptRejudging.RederiveAsync(again, StudentFolder(Steady));
            await again.RejudgeAsync();
        }

        var fromEvidence = GradescopeResults.TryRead(Path.Combine(rejudged, Steady, "results.json"))!.Tests.Single(t => t.ExtraData.Id == "ghost.service");
        fromEvidence.Score.Should().Be(20);
        fromEvidence.Output.Should().Contain("(kept from round 2 of the lab session at ");
        (await File.ReadAllTextAsync(Path.Combine(rejudged, Steady, "report.md"))).Should().MatchRegex(@"Kept verdicts re-derived from the evidence of the runs that judged them: \d+; carried as recorded \(that run kept no evidence\): 0\.");
    }

    private SessionRounds Rounds() => new(_setup, _roster, new RoundsOptions { Every = TimeSpan.FromMinutes(2), Concurrency = 2 }, TestContext.Progress);

    private string StudentFolder(string student) => Path.Combine(_setup.ResultsRoot, student);

    private GradescopeResults Results(string student) => GradescopeResults.TryRead(Path.Combine(StudentFolder(student), "results.json"))!;

    private string Output(string student, string check) => Results(student).Tests.Single(t => t.ExtraData.Id == check).Output;

    private IReadOnlyDictionary<string, KeptVerdict> Kept(string student) => StudentTimeline.Open(StudentFolder(student), final: false, "a look").Kept;

    private async Task<AngleSharp.Html.Dom.IHtmlDocument> ClassViewAsync(string name)
    {
        Browser.RequireChromium();
        var folder = Path.Combine(Browser.ArtifactsFolder(), "class-view");
        Directory.CreateDirectory(folder);
        var page = Path.Combine(_setup.ResultsRoot, "gradebook.html");
        var dom = await Browser.ChromiumAsync(folder, "--dump-dom", $"file://{page}");
        await Browser.ChromiumAsync(folder, $"--screenshot={Path.Combine(folder, $"{name}.png")}", "--window-size=1280,1600", $"file://{page}");
        return new HtmlParser().ParseDocument(dom);
    }

    private static string Stage(AngleSharp.Html.Dom.IHtmlDocument page, string student) =>
        page.QuerySelector($"#class tr[data-student='{student}']")!.GetAttribute("data-stage")!;

    private static string Changed(AngleSharp.Html.Dom.IHtmlDocument page, string student) =>
        page.QuerySelector($"#class tr[data-student='{student}']")!.Children[3].TextContent;

    private static string Entry(string student, NodeLab lab) => $"""
          - student: {student}
            ssh: {"{"} user: ubuntu, identityFile: {lab.IdentityFile}, knownHosts: {lab.KnownHostsFile}, hostKeys: strict {"}"}
            registry: {"{"} host: {Lesson1Reference.RegistryHost}, port: 5000, node: dockernode1 {"}"}
            nodes:
        {string.Join("\n", lab.Nodes.Select(n => $"          - {{ name: {n.Name}, address: 127.0.0.1, ports: {{ 22: {n.PortFor(22)}, 80: {n.PortFor(80)}, 5000: {n.PortFor(5000)} }} }}"))}
        """;
}
