using FluentAssertions;
using OmiStack.Lessons;
using OmiStack.Engine;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Lessons;

namespace OmiStack.Tests.Unit.Grading;

/// <summary>
/// The lesson in time for one student: "not yet" before a stage, verdicts kept at their stage and folded in
/// once the lab is past it, and the final run's rule for what no run ever saw.
/// </summary>
public sealed class StudentTimelineTests
{
    private static readonly ILesson Lesson1 = Course.Lessons.LessonOf("stack.services");
    private static readonly CheckContextText Text = Course.Lessons.TextFor(new Harness.Targets.Target { Student = "s1", Ssh = Harness.Targets.SshTarget.None, Nodes = [] });
    private static readonly DateTimeOffset Ten = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly StageReached AtGhost = new("ghost", "ghost-blog at 3/3");
    private static readonly StageReached AtScale = new("scale", "ghost-blog scaled to 1");
    private static readonly StageReached AtFinal = new("final", "stack mediawiki deployed; no ghost-blog");

    private static CheckOutcome Outcome(string id, Judgement judgement, DateTimeOffset? at = null) =>
        CheckOutcome.From(Course.Lessons.Check(id).Definition, judgement, Text, TimeSpan.FromSeconds(1), at ?? Ten);

    [Test]
    public void At_the_ghost_stage_a_run_during_the_lesson_says_not_yet_for_the_stack_and_names_what_comes_first()
    {
        var timeline = StudentTimeline.Fresh(final: false, "round 1");

        var stack = timeline.Judged(Outcome("stack.services", Judgement.Fail("no stack mediawiki")), Lesson1, AtGhost, Text, null);
        var mesh = timeline.Judged(Outcome("ghost.mesh", Judgement.Fail("ghost-blog at 3/3 running, not scaled to 1")), Lesson1, AtGhost, Text, null);

        stack.Verdict.Should().Be(Verdict.NotYet);
        stack.Score.Should().Be(0);
        stack.Message.Should().Be("Not yet: stack.services is a task of the final stage and the lab is at the ghost stage (ghost-blog at 3/3); first comes the scale stage (ghost-blog scaled to 1 running replica and the Ghost page on port 80 of every node).");
        mesh.Verdict.Should().Be(Verdict.NotYet);
        mesh.Message.Should().EndWith("the scale stage comes next.");
    }

    [Test]
    public void A_final_run_fails_what_is_missing_where_a_run_during_the_lesson_said_not_yet()
    {
        var timeline = StudentTimeline.Fresh(final: true, "the deadline run");

        var stack = timeline.Judged(Outcome("stack.services", Judgement.Fail("no stack mediawiki")), Lesson1, AtGhost, Text, null);

        stack.Verdict.Should().Be(Verdict.Fail);
        stack.Message.Should().Contain("no stack mediawiki");
    }

    [Test]
    public void A_check_the_grading_machine_could_not_judge_is_never_not_yet()
    {
        var timeline = StudentTimeline.Fresh(final: false, "round 1");

        var mesh = timeline.Judged(Outcome("stack.mesh", Judgement.MachineCannot("the kernel of dockernode1 has no IPVS")), Lesson1, AtGhost, Text, null);

        mesh.Verdict.Should().Be(Verdict.Inconclusive);
        mesh.ByGradingMachine.Should().BeTrue();
    }

    [Test]
    public void The_best_verdict_at_a_stage_is_kept_with_its_time_and_folded_in_once_the_lab_is_past_it()
    {
        var timeline = StudentTimeline.Fresh(final: true, "round 1");
        timeline.Judged(Outcome("ghost.service", Judgement.Fail("2/3 running"), Ten), Lesson1, AtGhost, Text, "evidence/a.json");
        timeline.Judged(Outcome("ghost.service", Judgement.Pass("ghost-blog: replicated, 3/3 running"), Ten.AddMinutes(5)), Lesson1, AtGhost, Text, "evidence/b.json");
        timeline.Judged(Outcome("ghost.service", Judgement.Fail("1/3 running"), Ten.AddMinutes(10)), Lesson1, AtGhost, Text, "evidence/c.json");

        var later = timeline.Judged(Outcome("ghost.service", Judgement.PastStage("stage scale (ghost-blog scaled to 1)"), Ten.AddMinutes(15)), Lesson1, AtScale, Text, null);

        later.Verdict.Should().Be(Verdict.Pass);
        later.Score.Should().Be(10);
        later.Message.Should().Be("Passed: ghost-blog: replicated, 3/3 running. (kept from round 1 at 2026-12-02 10:05 UTC, the lab at the ghost stage.)");
        later.KeptFrom!.Evidence.Should().Be("evidence/b.json", "the kept verdict names the evidence of the run that judged it");
    }

    [Test]
    public void A_final_run_fails_a_stage_no_run_saw_and_a_run_during_the_lesson_leaves_it_not_run()
    {
        var past = Judgement.PastStage("stage final (stack mediawiki deployed; no ghost-blog)");

        var final = StudentTimeline.Fresh(final: true, "the deadline run").Judged(Outcome("ghost.mesh", past), Lesson1, AtFinal, Text, null);
        var during = StudentTimeline.Fresh(final: false, "round 4").Judged(Outcome("ghost.mesh", past), Lesson1, AtFinal, Text, null);

        final.Verdict.Should().Be(Verdict.Fail);
        final.Message.Should().Contain("but found the lab is past the scale stage (final (stack mediawiki deployed; no ghost-blog)) and no round or run saw it at that stage");
        during.Verdict.Should().Be(Verdict.PastStage);
    }

    [Test]
    public void What_only_the_grading_machine_could_not_judge_at_its_stage_is_kept_so_the_final_run_does_not_fail_it()
    {
        var timeline = StudentTimeline.Fresh(final: true, "round 3");
        timeline.Judged(Outcome("ghost.mesh", Judgement.Fail("ghost-blog at 3/3 running, not scaled to 1")), Lesson1, AtScale, Text, null);
        timeline.Judged(Outcome("ghost.mesh", Judgement.MachineCannot("the kernel of dockernode1 has no IPVS"), Ten.AddMinutes(5)), Lesson1, AtScale, Text, null);
        timeline.Judged(Outcome("ghost.mesh", Judgement.Inconclusive("SSH to dockernode1 failed"), Ten.AddMinutes(6)), Lesson1, AtScale, Text, null);

        var final = timeline.Judged(Outcome("ghost.mesh", Judgement.PastStage("stage final"), Ten.AddMinutes(30)), Lesson1, AtFinal, Text, null);

        final.Verdict.Should().Be(Verdict.Inconclusive, "the lab was right as far as this machine could read it");
        final.ByGradingMachine.Should().BeTrue();
        final.Message.Should().Contain("no IPVS").And.EndWith("(kept from round 3 at 2026-12-02 10:05 UTC, the lab at the scale stage.)");
    }

    [Test]
    public void A_verdict_judged_before_its_stage_is_not_kept()
    {
        var timeline = StudentTimeline.Fresh(final: false, "round 1");

        timeline.Judged(Outcome("stack.services", Judgement.Fail("no stack mediawiki")), Lesson1, AtGhost, Text, null);
        timeline.Judged(Outcome("swarm.nodes", Judgement.Pass("3 Ready nodes")), Lesson1, AtGhost, Text, null);

        timeline.Kept.Keys.Should().BeEquivalentTo(["swarm.nodes"], "a check's verdict counts from its own stage on");
    }

    [Test]
    public void Kept_verdicts_survive_in_the_students_folder_and_a_changed_rubric_rescales_them()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-kept-").FullName;
        try
        {
            var first = StudentTimeline.Open(folder, final: false, "round 1");
            first.Judged(Outcome("ghost.spread", Judgement.Fail("dockernode1: 2, dockernode2: 1, dockernode3: 0").WithParts(1, 3)), Lesson1, AtGhost, Text, null);
            first.Write(folder);

            var again = StudentTimeline.Open(folder, final: true, "the deadline run");
            var doubled = Course.Lessons.Check("ghost.spread").Definition with { Points = 10 };
            var folded = again.Judged(CheckOutcome.From(doubled, Judgement.PastStage("stage scale"), Text, TimeSpan.Zero, Ten), Lesson1, AtScale, Text, null);

            folded.Verdict.Should().Be(Verdict.Fail);
            folded.Score.Should().Be(3m, "the kept share, 1.5 of 5 points, of the 10 points the rubric gives now");
            File.Exists(Path.Combine(folder, "stages.json.tmp")).Should().BeFalse("the record is renamed into place");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void A_record_that_is_not_one_is_named_not_replaced()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-kept-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "stages.json"), "{ not json");

            var open = () => StudentTimeline.Open(folder, final: false, "round 1");

            open.Should().Throw<InvalidDataException>().WithMessage($"{Path.Combine(folder, "stages.json")} is not a record of kept verdicts:*");
            File.ReadAllText(Path.Combine(folder, "stages.json")).Should().Be("{ not json");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
