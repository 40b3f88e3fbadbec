using System.Text.Json.Nodes;
using FluentAssertions;
using OmiStack.Lessons;
using OmiStack.Engine;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;
using OmiStack.Reports.Gradebook;
using OmiStack.Reports.Gradescope;
using OmiStack.Tests.Integration.Lesson1;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Roster;

/// <summary>
/// A student's own stage runs handed in with their target (runs/ beside it): their `dotnet test checks` run at
/// the ghost stage is re-judged by the instructor's deadline run on the same lab and kept; a run on another lab,
/// an edited one, one naming another student, one from after the deadline and a link are each
/// refused with their cause; the instructor's rubric, not the hand-in, scores what is kept, with no lab.
/// </summary>
[Lab]
public sealed class HandInTests : LaneFixture
{
    private const string Student = "s7000001";

    private StagedLabs _labs = null!;
    private NodeLab _lab = null!;
    private NodeLab _other = null!;
    private Lesson1Reference _reference = null!;
    private Lesson1Reference _otherReference = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public async Task StartLabs()
    {
        _folder = Directory.CreateTempSubdirectory("omistack-handin-").FullName;
        _labs = await StagedLabs.StartAsync(2);
        ((_lab, _reference), (_other, _otherReference)) = (_labs.Labs[0], _labs.Labs[1]);
    }

    [OneTimeTearDown]
    public async Task StopLabs()
    {
        await _labs.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task The_students_own_ghost_stage_run_is_kept_re_judged_and_every_other_run_handed_in_is_refused_with_its_cause()
    {
        // The student's own runs at the ghost stage, on their lab and (the same id) on a lab that is not theirs.
        await Task.WhenAll(_reference.ReachAsync(Lesson1Stage.Ghost), _otherReference.ReachAsync(Lesson1Stage.Ghost));
        var own = await StudentRunAsync(_lab, "own");
        var elsewhere = await StudentRunAsync(_other, "elsewhere");

        // The hand-in: their results folder as it is (evidence.json and evidence/<run>.json: one run twice), and more.
        var submitted = Path.Combine(_folder, "roster", Student);
        var runs = Path.Combine(submitted, HandedInRuns.FolderName);
        Copy(own, runs);
        Directory.CreateDirectory(Path.Combine(runs, "other"));
        File.Copy(Path.Combine(elsewhere, "evidence.json"), Path.Combine(runs, "other", "evidence.json"));
        var evidence = await File.ReadAllTextAsync(Path.Combine(own, "evidence.json"));
        Write(Path.Combine(runs, "edited", "evidence.json"), evidence[..(evidence.Length / 2)]);
        Write(Path.Combine(runs, "renamed", "evidence.json"), Edited(evidence, json => json["student"] = "s7000099"));
        Write(Path.Combine(runs, "late", "evidence.json"), Edited(evidence, json => Shift(json, TimeSpan.FromDays(2))));
        File.CreateSymbolicLink(Path.Combine(runs, "evidence", "link.json"), "/etc/hostname");
        Write(Path.Combine(submitted, "omistack.yaml"), TargetFile.ToYaml(TargetLoader.Load(_lab.TargetFile) with { Student = Student }));
        Write(Path.Combine(_folder, "roster", "roster.yaml"), $"students:\n  - target: {Student}/omistack.yaml\n");

        // The deadline: the lab at its final stage, graded by the instructor from the roster.
        await _reference.ReachAsync(Lesson1Stage.Final);
        var results = Path.Combine(_folder, "instructor");
        var entry = Harness.Targets.Roster.Load(Path.Combine(_folder, "roster", "roster.yaml"), Course.Lessons.TargetKeys).Single();
        await using (var run = StudentRuns.ForRosterEntry(entry, Setup(results, Rubric.Default).FinalOr(true).ForStudentTargets()))
        {
            await run.AcceptHandedInAsync();
            await TestContext.Progress.WriteLineAsync($"KEPT | {string.Join(", ", run.HandedIn!.Kept.Select(k => $"{k.Check} {k.Verdict.Verdict} at {k.Verdict.Stage}"))}");
            await run.GradeAllAsync();
            run.WriteReports(final: true);
        }

        var graded = GradescopeResults.TryRead(Path.Combine(results, Student, "results.json"))!;
        await TestContext.Progress.WriteLineAsync($"HAND-IN | {graded.ExtraData!.HandedIn}");
        foreach (var id in new[] { "ghost.service", "ghost.spread" })
        {
            var test = graded.Tests.Single(t => t.ExtraData.Id == id);
            test.ExtraData.Verdict.Should().Be("pass", test.Output);
            test.Output.Should().MatchRegex(@"\(kept from the student's own run at \d{4}-\d\d-\d\d \d\d:\d\d UTC, re-judged, the lab at the ghost stage\.\)$");
        }

        var handedIn = graded.ExtraData!.HandedIn!;
        handedIn.Should().StartWith("The student's own runs handed in: 1 accepted and re-judged");
        handedIn.Should().Contain("runs/other/evidence.json: it is from another environment (").And.Contain("is not the live lab's)");
        handedIn.Should().Contain("runs/edited/evidence.json: it does not parse as OmiStack evidence");
        handedIn.Should().Contain("runs/renamed/evidence.json: it names another student").And.NotContain("s7000099", "a student's evidence never names another student in a report");
        handedIn.Should().Contain("runs/late/evidence.json: it was recorded after the deadline");
        handedIn.Should().NotMatchRegex(@"runs/evidence/\d{8}T", "the same run twice (evidence.json and evidence/<that run>.json) is read once, not refused");
        handedIn.Should().Contain("runs/evidence/link.json: it is a link");
        (await File.ReadAllTextAsync(Path.Combine(results, Student, "report.md"))).Should().Contain("The student's own runs handed in: 1 accepted");
        var flags = GradebookPage.Flags(GradebookWriter.Collect([results]).Single(), new Dictionary<string, string>());
        flags.Should().Contain(f => f.EndsWith("from the student's own runs, re-judged", StringComparison.Ordinal)).And.Contain(handedIn);

        // With no lab: the same hand-in against the environment the deadline run recorded, under the instructor's
        // rubric of now (ghost.service worth 20): the points are the rubric's, never the hand-in's own results.json.
        var rubric = Path.Combine(_folder, "rubric.yaml");
        Write(rubric, "checks:\n  ghost.service: { points: 20 }\n");
        var again = await HandedInRuns.JudgeAsync(runs, Student, Setup(Path.Combine(_folder, "again"), Rubric.Load(rubric, Course.Lessons)), graded.ExtraData.Environment!, DateTimeOffset.UtcNow);
        again.Accepted.Should().ContainSingle();
        again.Kept.Single(k => k.Check == "ghost.service").Verdict.Score.Should().Be(20);
    }

    private GradingSetup Setup(string results, Rubric rubric) =>
        new(Course.Lessons, rubric, InstructorOverrides.None, Lesson1Grading.Options with { RegistryCaFile = _lab.RegistryCaFile }, results);

    /// <summary>A student's own `dotnet test checks` run of the lab's target (in-process): returns their results folder.</summary>
    private async Task<string> StudentRunAsync(NodeLab lab, string name)
    {
        var target = Path.Combine(_folder, name, "omistack.yaml");
        Write(target, TargetFile.ToYaml(TargetLoader.Load(lab.TargetFile) with { Student = Student }));
        var results = Path.Combine(_folder, name, "results");
        await using var run = StudentRuns.ForTargetFile(target, Setup(results, Rubric.Default).FinalOr(false));
        var outcomes = await run.GradeAllAsync();
        await Lesson1Grading.LogAsync([.. outcomes.Where(o => o.Check.Lesson == "lesson1")], $"student's own run on the {name} lab", TimeSpan.Zero);
        return run.WriteReports(final: true);
    }

    private static string Edited(string evidence, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(evidence)!.AsObject();
        edit(json);
        return json.ToJsonString();
    }

    private static void Shift(JsonObject json, TimeSpan by)
    {
        foreach (var key in new[] { "startedAt", "writtenAt" })
        {
            json[key] = DateTimeOffset.Parse(json[key]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).Add(by).ToString("O");
        }

        foreach (var entry in json["entries"]!.AsArray())
        {
            entry!["at"] = DateTimeOffset.Parse(entry["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).Add(by).ToString("O");
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
