using FluentAssertions;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Gathering;

/// <summary>One check's deadline never spills into another's verdict: shared gathers are not tied to their first caller's token.</summary>
public sealed class LabSessionSharingTests
{
    [Test]
    public async Task A_memo_whose_first_caller_gives_up_still_serves_the_others()
    {
        await using var session = new LabSession(new Target { Student = "s1", Ssh = SshTarget.None, Nodes = [] }, new GradingOptions());
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gathered = 0;
        Task<string> Gather(CancellationToken ct)
        {
            Interlocked.Increment(ref gathered);
            return release.Task.WaitAsync(ct);
        }

        using var deadline = new CancellationTokenSource();
        var first = session.MemoAsync("registry", Gather, deadline.Token);
        var second = session.MemoAsync("registry", Gather, CancellationToken.None);
        await deadline.CancelAsync();
        release.SetResult("catalog");

        await first.Invoking(async t => await t).Should().ThrowAsync<OperationCanceledException>("the first check's own deadline passed");
        (await second).Should().Be("catalog", "the other check waiting on the same gather is not cancelled with it");
        gathered.Should().Be(1);
    }
}
