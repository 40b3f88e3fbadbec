using FluentAssertions;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Evidence;

/// <summary>A check that polls a shared gathering: re-judged, it reads the states it read live, and stops where it stopped.</summary>
public sealed class ReplayPollingTests
{
    private static readonly Target NoNodes = new() { Student = "s1", Ssh = SshTarget.None, Nodes = [] };

    private sealed record State(int Seen);

    [Test]
    public async Task A_state_that_never_settled_is_polled_on_replay_exactly_as_often_as_live_and_ends_on_the_same_state()
    {
        var options = new GradingOptions { ConvergenceTimeout = TimeSpan.FromSeconds(1), ConvergenceInterval = TimeSpan.FromMilliseconds(100) };
        var recording = EvidenceLog.Recording([]);
        var lab = 0;
        var (live, liveAttempts) = await PollAsync(new LabSession(NoNodes, options, recording), () => Task.FromResult(new State(++lab)));

        var replaying = EvidenceLog.Replaying(EvidenceRoundTrip.Document(recording));
        var (replayed, replayAttempts) = await PollAsync(new LabSession(NoNodes, options, replaying), () => throw new InvalidOperationException("a re-judge never reaches the lab"));

        liveAttempts.Should().BeGreaterThan(1, "the state never settled, so the live poll ran until its bound");
        replayed.Should().Be(live);
        replayAttempts.Should().Be(liveAttempts + 1, "one read past the recorded ones tells the replay that the live poll ended there");
    }

    /// <summary>Polls a memo until its state is 1000 (never): how a check converges on a state (RancherGatherer does so).</summary>
    private static async Task<(State Last, int Attempts)> PollAsync(LabSession session, Func<Task<State>> lab)
    {
        await using (session)
        {
            var attempts = 0;
            var last = await session.ConvergeAsync(
                async (refresh, ct) =>
                {
                    attempts++;
                    if (refresh)
                    {
                        session.Forget("state");
                    }

                    var state = await session.MemoAsync("state", c => session.Evidence.ThroughAsync("http", "GET /state", lab, c), ct);
                    return Gathered<State>.Of(state);
                },
                s => s.Seen == 1000);
            return (last.Value!, attempts);
        }
    }
}
