using FluentAssertions;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Http;
using OmiStack.Harness.Targets;
using OmiStack.Lessons.Web;

namespace OmiStack.Tests.Unit.Http;

/// <summary>The mesh must hold over its sweeps: a host that serves in one and not in another is named as flapping.</summary>
public sealed class MeshHoldTests
{
    private const string Wiki = "<html><head><meta name=\"generator\" content=\"MediaWiki 1.41\"/></head></html>";

    [Test]
    public async Task Every_host_serving_in_every_sweep_passes_as_one_sweep_did()
    {
        var judged = await Hold(("h1", [Page(), Page(), Page()]), ("h2", [Page(), Page(), Page()])).JudgeAsync();

        judged.Should().Be(Judgement.Pass("h1: MediaWiki page; h2: MediaWiki page"));
    }

    [Test]
    public async Task A_host_that_serves_in_one_sweep_and_not_the_next_fails_as_flapping()
    {
        var judged = await Hold(("h1", [Page(), Page(), Page()]), ("h2", [Page(), Refused(), Page()]), ("h3", [Page(), Page(), Page()])).JudgeAsync();

        judged.Verdict.Should().Be(Verdict.Fail);
        judged.Found.Should().Be("h2 served the MediaWiki page in 2 of 3 sweeps 0.5 s apart (flapping); h1: MediaWiki page; h2: nothing answers on port 80 (Connection refused); h3: MediaWiki page");
        judged.Parts.Should().Be((2, 3));
    }

    [Test]
    public async Task The_interval_between_sweeps_is_named_as_set_not_rounded()
    {
        var hold = Hold(TimeSpan.FromSeconds(0.25), ("h1", [Page(), Refused()]));

        (await hold.JudgeAsync()).Found.Should().StartWith("h1 served the MediaWiki page in 1 of 2 sweeps 0.25 s apart (flapping); ");
    }

    [Test]
    public async Task A_flapping_host_is_named_before_the_lessons_explanation_of_its_failing_answer()
    {
        var hold = Hold(("h1", [Page(), Page()]), ("h2", [Page(), Silent()]));

        (await hold.JudgeAsync(failing => Task.FromResult<Judgement?>(Judgement.Fail($"explained: {failing.Failing[0].Host.Name}")))).Should().Be(
            Judgement.Fail("h2 served the MediaWiki page in 1 of 2 sweeps 0.5 s apart (flapping); explained: h2").WithParts(1, 2));
        (await hold.JudgeAsync(failing => Task.FromResult(failing.Silent()))).Should().Be(
            Judgement.Fail("h2 served the MediaWiki page in 1 of 2 sweeps 0.5 s apart (flapping); the last sweep: h1: MediaWiki page; h2: no answer within 5 s").WithParts(1, 2),
            "a host that served a moment ago is not kept away by a security group");
    }

    [Test]
    public async Task A_host_failing_in_every_sweep_is_judged_by_the_last_sweep_and_its_explanation()
    {
        var hold = Hold(("h1", [Page(), Page(), Page()]), ("h2", [Refused(), Refused(), Refused()]));

        (await hold.JudgeAsync()).Found.Should().Be("h1: MediaWiki page; h2: nothing answers on port 80 (Connection refused)");
        (await hold.JudgeAsync(_ => Task.FromResult<Judgement?>(Judgement.Fail("explained")))).Should().Be(Judgement.Fail("explained"));
        hold.Flapping.Should().BeEmpty();
    }

    private static MeshHold Hold(params (string Host, HttpProbeResult[] Answers)[] hosts) => Hold(TimeSpan.FromSeconds(0.5), hosts);

    private static MeshHold Hold(TimeSpan interval, params (string Host, HttpProbeResult[] Answers)[] hosts) =>
        MeshHold.Of(WebPages.MediaWiki, [.. hosts.Select(h => (new NodeTarget { Name = h.Host, Address = "10.0.0.1" }, (IReadOnlyList<HttpProbeResult>)h.Answers))], interval);

    private static HttpProbeResult Page() => new("u", 200, Wiki, null);

    private static HttpProbeResult Silent() => new("u", null, "", "no answer within 5 s", HttpFailure.NoAnswer);

    private static HttpProbeResult Refused() => new("u", null, "", "Connection refused", HttpFailure.Closed);
}
