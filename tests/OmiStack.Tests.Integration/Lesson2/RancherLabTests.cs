using FluentAssertions;
using OmiStack.Lessons;
using OmiStack.Lessons.Lesson2;
using OmiStack.Fixtures.Rancher;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Lesson2;

/// <summary>
/// Lesson 2 on a real Rancher 1.6 (rancher/server + rancher/agent pulled from Docker Hub). Category
/// "Online": needs an image registry, so the README's test command (and CI here) excludes it. Run
/// it online with: dotnet test tests/OmiStack.Tests.Integration --filter TestCategory=Online
/// </summary>
[Category("Online")]
public sealed class RancherLabTests : LaneFixture
{
    [Test]
    public async Task The_lessons_steps_on_a_real_Rancher_get_full_marks()
    {
        await using var lab = await RancherLab.StartAsync(TestContext.Progress);
        await using var session = new LabSession(lab.Target, GradingOptions.From(Environment.GetEnvironmentVariable));

        var outcomes = await Grader.RunAllAsync(Lesson2Checks.All, session, Course.Lessons.TextFor(lab.Target));

        outcomes.Should().AllSatisfy(o => o.Verdict.Should().Be(Verdict.Pass, $"{o.Check.Id}: {o.Message}"));
    }
}
