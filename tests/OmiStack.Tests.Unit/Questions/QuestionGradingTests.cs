using FluentAssertions;
using OmiStack.Lessons.Lesson1;
using OmiStack.Lessons.Questions;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Scoring;

namespace OmiStack.Tests.Unit.Questions;

public sealed class QuestionGradingTests
{
    private static readonly AnswerKey Key = AnswerKey.Load(AnswerKey.ExamplePath);

    private static KeyQuestion Terms => Key.Questions.Single(q => q.Id == "swarm-terms");

    [Test]
    public void The_example_key_has_the_lessons_three_questions()
    {
        Key.Questions.Select(q => q.CheckId).Should().Equal("questions.swarm-terms", "questions.stack-swarm", "questions.stack-rancher");
    }

    [Test]
    public void The_example_answers_pass_the_example_key()
    {
        var answers = Answers.Load(Path.Combine(AppContext.BaseDirectory, "Questions", "answers.example.yaml"));

        Key.Questions.Select(q => q.Judge(answers.ByQuestion[q.Id]).Verdict).Should().AllBeEquivalentTo(Verdict.Pass);
    }

    [Test]
    public void A_matching_answer_in_other_words_passes()
    {
        Terms.Judge("Services declare the desired state. Each task is a scheduling slot assigned to a node. A container is the process that runs it.")
            .Should().Be(Judgement.Pass("the answer covers all 3 expected point(s)"));
    }

    [Test]
    public void An_empty_answer_fails()
    {
        var judgement = Terms.Judge("   \n");

        judgement.Should().Be(Judgement.Fail("no answer"));
        Shared.FailureLedger.Record(Terms.Definition, judgement, CheckContextText.Empty);
    }

    [TestCase("stack-swarm")]
    [TestCase("stack-rancher")]
    public void A_cloud_stack_answer_naming_another_layer_goes_to_review_and_an_empty_one_fails(string id)
    {
        var question = Key.Questions.Single(q => q.Id == id);

        var elsewhere = question.Judge("Cloud Platform");
        var empty = question.Judge("");

        elsewhere.Should().Be(Judgement.NeedsReview("the answer covers 0 of 1 expected point(s)"));
        empty.Should().Be(Judgement.Fail("no answer"));
        Shared.FailureLedger.Record(question.Definition, elsewhere, CheckContextText.Empty);
        Shared.FailureLedger.Record(question.Definition, empty, CheckContextText.Empty);
    }

    [Test]
    public void A_partial_free_text_answer_needs_review_not_pass_nor_fail()
    {
        var judgement = Terms.Judge("A service is what you define with docker service create.");

        judgement.Should().Be(Judgement.NeedsReview("the answer covers 1 of 3 expected point(s)"));
        Shared.FailureLedger.Record(Terms.Definition, judgement, CheckContextText.Empty);
    }

    [Test]
    public void A_non_matching_answer_fails_where_the_key_says_so()
    {
        var strict = Terms with { OnMismatch = OnMismatch.Fail };

        var judgement = strict.Judge("No idea.");

        judgement.Should().Be(Judgement.Fail("the answer covers 0 of 3 expected point(s)").WithParts(0, 3));
        Shared.FailureLedger.Record(strict.Definition, judgement, CheckContextText.Empty);
    }

    [Test]
    public void An_answer_that_needs_review_scores_nothing_until_an_override_sets_its_points()
    {
        var judgement = Terms.Judge("A service is what you define with docker service create.");
        var pending = CheckOutcome.From(Terms.Definition, judgement, CheckContextText.Empty, TimeSpan.Zero, DateTimeOffset.UnixEpoch);
        var overrides = new InstructorOverrides(new Dictionary<string, IReadOnlyDictionary<string, InstructorOverride>> { ["s1"] = new Dictionary<string, InstructorOverride> { [Terms.CheckId] = new(4, null, null) } });

        var reviewed = overrides.Apply("s1", pending);

        pending.Verdict.Should().Be(Verdict.NeedsReview);
        pending.Score.Should().Be(0);
        reviewed.Score.Should().Be(4);
        reviewed.Verdict.Should().Be(Verdict.Fail);
        reviewed.Message.Should().Be("Reviewed by the instructor: fail, 4 of 6 points (judged: Needs review by the instructor: the answer covers 1 of 3 expected point(s)).");
        reviewed.OverrideReason.Should().Be("no reason given");
        overrides.Apply("s2", pending).Should().Be(pending);
    }

    [Test]
    public void An_override_gives_any_check_its_points_not_only_questions()
    {
        var check = Lesson1Checks.ById("swarm.nodes").Definition;
        var failed = CheckOutcome.From(check, Judgement.Fail("dockernode3 is not in the swarm"), CheckContextText.Empty, TimeSpan.Zero, DateTimeOffset.UnixEpoch);
        var overrides = new InstructorOverrides(new Dictionary<string, IReadOnlyDictionary<string, InstructorOverride>> { ["s1"] = new Dictionary<string, InstructorOverride> { ["swarm.nodes"] = new(10, null, null) } });

        var reviewed = overrides.Apply("s1", failed);

        reviewed.Verdict.Should().Be(Verdict.Pass);
        reviewed.Score.Should().Be(10);
    }

    [Test]
    public void An_override_file_maps_students_and_checks_to_points()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "s123456:\n  questions.swarm-terms: 6\n");

        var overrides = InstructorOverrides.Load(path);

        overrides.For("s123456", "questions.swarm-terms").Should().Be(new InstructorOverride(6, null, null));
        overrides.For("s999999", "questions.swarm-terms").Should().BeNull();
        File.Delete(path);
    }

    [Test]
    public void An_override_may_set_a_verdict_with_a_reason_and_the_message_and_results_say_both()
    {
        var path = Path.Combine(Path.GetTempPath(), $"overrides-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "s1:\n  registry.tls: { verdict: pass, reason: \"the CA was the course's, checked by hand\" }\n  stack.services: { points: 3, reason: outage on 2026-11-20 }\n");
        var overrides = InstructorOverrides.Load(path);
        File.Delete(path);
        var tls = CheckOutcome.From(Lesson1Checks.ById("registry.tls").Definition, Judgement.Fail("the certificate is not trusted"), CheckContextText.Empty, TimeSpan.Zero, DateTimeOffset.UnixEpoch);
        var stack = CheckOutcome.From(Lesson1Checks.ById("stack.services").Definition, Judgement.Fail("web at 1/2"), CheckContextText.Empty, TimeSpan.Zero, DateTimeOffset.UnixEpoch);

        var passed = overrides.Apply("s1", tls);
        var partial = overrides.Apply("s1", stack);

        passed.Verdict.Should().Be(Verdict.Pass);
        passed.Score.Should().Be(tls.MaxScore);
        passed.Message.Should().Be($"Reviewed by the instructor: pass, {tls.MaxScore:0.##} of {tls.MaxScore:0.##} points; reason: the CA was the course's, checked by hand (judged: {tls.Message.TrimEnd('.')}).");
        partial.Verdict.Should().Be(Verdict.Fail);
        partial.Score.Should().Be(3);
        partial.OverrideReason.Should().Be("outage on 2026-11-20");
        OmiStack.Reports.Gradescope.GradescopeTest.From(passed, CheckContextText.Empty).ExtraData.Override.Should().Be("the CA was the course's, checked by hand");
        OmiStack.Reports.Gradescope.GradescopeTest.From(tls, CheckContextText.Empty).ExtraData.Override.Should().BeNull("a check's own judgement carries no override");
    }

    [TestCase("s1:\n  registry.tls: { verdict: maybe }\n", "line 2: registry.tls.verdict must be pass or fail, not 'maybe'.")]
    [TestCase("s1:\n  registry.tls: { reason: because }\n", "line 2: the override of registry.tls needs points or a verdict.")]
    [TestCase("s1:\n  registry.tls: { points: 2, by: me }\n", "line 2: unknown key 'by' in the override of registry.tls (known: points, verdict, reason).")]
    [TestCase("s1:\n  registry.tls: -1\n", "line 2: the points of registry.tls must be a number ≥ 0, not '-1'.")]
    public void A_bad_override_is_one_error_naming_the_file_line_and_cause(string yaml, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"overrides-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);

        var load = () => InstructorOverrides.Load(path);

        load.Should().Throw<RubricException>().Which.Message.Should().Be($"{Path.GetFileName(path)} {expected}");
        File.Delete(path);
    }

    [Test]
    public void A_malformed_override_file_is_one_error_naming_the_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"overrides-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "s123456:\n  questions.swarm-terms: [four]\n");

        var load = () => InstructorOverrides.Load(path);

        load.Should().Throw<RubricException>().Which.Message.Should().StartWith($"{Path.GetFileName(path)} line 2");
        File.Delete(path);
    }
}

/// <summary>In a roster each student's answers are their own: the run-wide answers file is not used.</summary>
public sealed class RosterAnswersTests
{
    [Test]
    public void A_roster_student_without_an_answers_section_has_no_answers_not_the_run_wide_ones()
    {
        var target = new OmiStack.Harness.Targets.Target { Student = "s1", Ssh = OmiStack.Harness.Targets.SshTarget.None, Nodes = [] };

        OmiStack.Lessons.Questions.QuestionChecks.AnswersPath(target, runWide: null).Should().BeNull("a roster passes no run-wide file");
        OmiStack.Lessons.Questions.QuestionChecks.AnswersPath(target, "/course/answers.yaml").Should().Be("/course/answers.yaml", "one student's own run may name it");
    }
}
