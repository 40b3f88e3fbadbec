using FluentAssertions;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Http;
using OmiStack.Harness.Targets;
using OmiStack.Lessons.Web;

namespace OmiStack.Tests.Unit.Http;

/// <summary>The one mesh rule both lessons grade by: every host's answer said the same way, partial credit for the hosts that serve.</summary>
public sealed class MeshSweepTests
{
    private const string Wiki = "<html><head><meta name=\"generator\" content=\"MediaWiki 1.41\"/></head></html>";

    [Test]
    public async Task Every_host_serving_the_page_passes()
    {
        var judged = await Sweep(("h1", Page(Wiki)), ("h2", Page(Wiki))).JudgeAsync();

        judged.Should().Be(Judgement.Pass("h1: MediaWiki page; h2: MediaWiki page"));
    }

    [Test]
    public async Task A_host_that_refuses_or_answers_another_page_fails_with_the_serving_hosts_as_parts()
    {
        var judged = await Sweep(("h1", Page(Wiki)), ("h2", Refused()), ("h3", new HttpProbeResult("u", 503, "busy", null))).JudgeAsync();

        judged.Verdict.Should().Be(Verdict.Fail);
        judged.Found.Should().Be("h1: MediaWiki page; h2: nothing answers on port 80 (Connection refused); h3: HTTP 503 without the MediaWiki page");
        judged.Parts.Should().Be((1, 3));
    }

    [Test]
    public async Task Silence_from_every_failing_host_is_inconclusive_where_the_lesson_says_so_and_a_fail_where_it_does_not()
    {
        var sweep = Sweep(("h1", Page(Wiki)), ("h2", new HttpProbeResult("u", null, "", "no answer within 5 s", HttpFailure.NoAnswer)));

        (await sweep.JudgeAsync(s => Task.FromResult(s.Silent()))).Should().Be(Judgement.Inconclusive("h2 did not answer on port 80 (a security group or the network?)", "h1: MediaWiki page; h2: no answer within 5 s"));
        (await sweep.JudgeAsync()).Verdict.Should().Be(Verdict.Fail);
        Sweep(("h1", Refused())).Silent().Should().BeNull("a refusal is an answer");
    }

    private static MeshSweep Sweep(params (string Host, HttpProbeResult Result)[] probes) =>
        MeshSweep.Of(WebPages.MediaWiki, [.. probes.Select(p => (new NodeTarget { Name = p.Host, Address = "10.0.0.1" }, p.Result))]);

    private static HttpProbeResult Page(string body) => new("u", 200, body, null);

    private static HttpProbeResult Refused() => new("u", null, "", "Connection refused", HttpFailure.Closed);
}
