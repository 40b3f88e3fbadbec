using FluentAssertions;
using OmiStack.Engine;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Lessons;

namespace OmiStack.Tests.Unit.Lessons;

/// <summary>
/// An opt-in check (the self-healing probe) is part of a run only where its switch is on: no report lists it
/// otherwise, a host asked for it says how to turn it on, and a rubric may name it either way.
/// </summary>
public sealed class OptInChecksTests
{
    [Test]
    public void A_run_without_the_switch_leaves_the_probes_out_and_one_with_it_has_them_after_their_stage()
    {
        var lesson1 = Course.Lessons.Lesson("lesson1");

        Course.Lessons.For(new GradingOptions()).ChecksOf(lesson1).Select(c => c.Id).Should().NotContain(["ghost.heals", "stack.heals"]);
        Course.Lessons.For(new GradingOptions()).Checks.Should().HaveCount(Course.Lessons.Known.Count - 2);
        Course.Lessons.For(new GradingOptions { SelfHealingProbe = true }).ChecksOf(lesson1).Select(c => c.Id).Should().ContainInOrder(
            "ghost.service", "ghost.spread", "ghost.heals", "ghost.mesh", "cleanup.ghost", "stack.heals");
    }

    [Test]
    public async Task A_probe_asked_for_while_it_is_off_is_skipped_saying_how_to_turn_it_on()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-optin-");
        try
        {
            var target = Path.Combine(folder.FullName, "omistack.yaml");
            await File.WriteAllTextAsync(target, "student: s1\nssh: { user: ubuntu, identityFile: k }\nnodes:\n  - { name: dockernode1, address: 127.0.0.1, ports: { 22: 1 } }\n");
            var setup = new GradingSetup(Course.Lessons, Rubric.Default, InstructorOverrides.None, new GradingOptions(), Path.Combine(folder.FullName, "results"));
            await using var run = StudentRuns.ForTargetFile(target, setup);

            var step = await run.StepAsync("ghost.heals");

            step.Result.Should().Be(StepResult.Skipped);
            step.Message.Should().Be("ghost.heals is not part of this run: the self-healing probe is off (OMISTACK_SELF_HEALING=on turns it on).");
            run.GradedChecks.Select(c => c.Id).Should().NotContain("ghost.heals");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void A_rubric_may_give_a_probe_points_whether_or_not_a_run_has_it()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "checks:\n  stack.heals: { points: 5 }\n");

            Rubric.Load(file, Course.Lessons.For(new GradingOptions())).Checks["stack.heals"].Points.Should().Be(5);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
