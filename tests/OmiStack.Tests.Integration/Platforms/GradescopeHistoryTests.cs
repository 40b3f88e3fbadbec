using System.Text.Json.Nodes;
using FluentAssertions;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Targets;
using OmiStack.Reports.Gradescope;
using OmiStack.Tests.Integration.Lesson1;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Platforms;

/// <summary>
/// Gradescope's own history: a student submits at the ghost stage, then at the end; the autograder, run as
/// Gradescope runs it, gets the first submission's results in submission_metadata.json's
/// previous_submissions (the platform's record) and keeps the ghost stage's verdicts from it.
/// </summary>
[Lab]
public sealed class GradescopeHistoryTests : LaneFixture
{
    private StagedLabs _labs = null!;
    private NodeLab _lab = null!;
    private Lesson1Reference _reference = null!;
    private string _folder = null!;
    private Dictionary<string, string> _instructor = null!;

    [OneTimeSetUp]
    public async Task StartLab()
    {
        _labs = await StagedLabs.StartAsync(1);
        (_lab, _reference) = _labs.Labs[0];
        _folder = Directory.CreateTempSubdirectory("omistack-gradescope-history-").FullName;
        _instructor = CourseSettings.For(_lab, _folder);
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        await _labs.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task A_submission_at_each_stage_keeps_each_stages_verdicts_from_the_platforms_record()
    {
        await _reference.ReachAsync(Lesson1Stage.Ghost);
        var first = Submission("at-ghost", previous: []);
        (await ChecksProcess.RunCliAsync(["autograde", "gradescope", "--root", first], _instructor, TimeSpan.FromMinutes(3))).ExitCode.Should().Be(0);
        var atGhost = Read(first);
        Test(atGhost, "ghost.service").ExtraData.Verdict.Should().Be("pass");
        Test(atGhost, "ghost.service").ExtraData.LabStage.Should().Be("ghost", "results.json says where the lab was, for a later submission to keep it");
        Test(atGhost, "stack.services").ExtraData.Verdict.Should().Be("not-yet", "a submission during the lesson: the stack comes later");

        await _reference.ReachAsync(Lesson1Stage.Final);
        var history = new JsonObject
        {
            ["submission_time"] = "2026-12-02T10:05:00.000000-00:00",
            ["score"] = atGhost.Score,
            ["autograder_error"] = false,
            ["results"] = JsonNode.Parse(File.ReadAllText(Path.Combine(first, "results", "results.json"))),
        };
        var last = Submission("at-final", previous: [history]);
        var run = await ChecksProcess.RunCliAsync(["autograde", "gradescope", "--root", last], _instructor, TimeSpan.FromMinutes(3));

        run.ExitCode.Should().Be(0, run.Output);
        var final = Read(last);
        foreach (var id in new[] { "ghost.service", "ghost.spread" })
        {
            Test(final, id).ExtraData.Verdict.Should().Be("pass", Test(final, id).Output);
            Test(final, id).Output.Should().EndWith("(kept from an earlier Gradescope submission at 2026-12-02 10:05 UTC, the lab at the ghost stage.)");
        }

        Test(final, "stack.services").ExtraData.Verdict.Should().Be("pass");
        Test(final, "ghost.mesh").ExtraData.Verdict.Should().Be("not-run", "no submission was made at the scale stage");
    }

    private string Submission(string name, IReadOnlyList<JsonObject> previous)
    {
        var root = Path.Combine(_folder, name);
        var submission = Path.Combine(root, "submission");
        Directory.CreateDirectory(submission);
        var target = TargetLoader.Load(_lab.TargetFile) with { Student = "whoever-the-file-claims" };
        File.WriteAllText(Path.Combine(submission, "omistack.yaml"), TargetFile.ToYaml(target));
        var metadata = new JsonObject
        {
            ["id"] = 2,
            ["users"] = new JsonArray(new JsonObject { ["email"] = "bob@uni.example", ["id"] = 8, ["name"] = "Bob" }),
            ["previous_submissions"] = new JsonArray([.. previous]),
        };
        File.WriteAllText(Path.Combine(root, "submission_metadata.json"), metadata.ToJsonString());
        return root;
    }

    private static GradescopeResults Read(string root) => GradescopeResults.TryRead(Path.Combine(root, "results", "results.json"))!;

    private static GradescopeTest Test(GradescopeResults results, string id) => results.Tests.Single(t => t.ExtraData.Id == id);
}
