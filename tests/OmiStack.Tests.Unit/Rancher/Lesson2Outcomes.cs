using FluentAssertions;
using OmiStack.Harness.Checks;

namespace OmiStack.Tests.Lesson2;

// Shared by the unit and the integration suites (linked into the latter).
/// <summary>Scenario assertions.</summary>
internal static class Lesson2Outcomes
{
    /// <summary>Exactly the named checks have the named verdict with a message containing the cause; every other check passes.</summary>
    public static void ShouldBeExactly(this IReadOnlyDictionary<string, CheckOutcome> outcomes, params (string Id, Verdict Verdict, string Cause)[] expected)
    {
        foreach (var (id, outcome) in outcomes)
        {
            var match = expected.Where(e => e.Id == id).ToList();
            if (match.Count == 0)
            {
                outcome.Verdict.Should().Be(Verdict.Pass, $"{id} is not named by the scenario: {outcome.Message}");
                continue;
            }

            outcome.Verdict.Should().Be(match[0].Verdict, $"{id}: {outcome.Message}");
            outcome.Message.Should().Contain(match[0].Cause, id);
        }

        Shared.FailureLedger.Record(outcomes, expected.Select(e => e.Id));
    }

    /// <summary>The checks that read the API, each with a verdict and a cause: what an API fault does to them.</summary>
    public static (string Id, Verdict Verdict, string Cause)[] ApiUnreadable(string cause, Verdict server = Verdict.Fail, Verdict auth = Verdict.Inconclusive, bool judgesAuth = true) =>
    [
        ("rancher.server", server, cause),
        .. judgesAuth ? new[] { ("rancher.auth", auth, cause) } : [],
        ("rancher.hosts", Verdict.Inconclusive, cause),
        ("rancher.stack", Verdict.Inconclusive, cause),
        ("rancher.lb", Verdict.Inconclusive, cause),
        ("rancher.healthcheck", Verdict.Inconclusive, cause),
    ];
}
