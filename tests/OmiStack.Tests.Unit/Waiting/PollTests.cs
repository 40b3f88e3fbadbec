using FluentAssertions;
using OmiStack.Harness.Waiting;

namespace OmiStack.Tests.Unit.Waiting;

public sealed class PollTests
{
    [Test]
    public async Task A_wait_that_runs_out_names_what_it_awaited_and_the_last_error()
    {
        var act = () => Poll.UntilAsync<int>(
            "sshd on dockernode2:22",
            TimeSpan.FromMilliseconds(300),
            _ => throw new InvalidOperationException("Connection refused"),
            _ => true,
            interval: TimeSpan.FromMilliseconds(50));

        (await act.Should().ThrowAsync<DeadlineExceededException>())
            .WithMessage("Waited 00:00:00 for 'sshd on dockernode2:22'; last error: Connection refused");
    }

    [Test]
    public async Task A_wait_that_runs_out_reports_the_last_value_it_saw()
    {
        var act = () => Poll.UntilAsync(
            "3/3 replicas of ghost-blog",
            TimeSpan.FromMilliseconds(200),
            _ => Task.FromResult(2),
            n => n == 3,
            n => $"{n}/3",
            interval: TimeSpan.FromMilliseconds(50));

        (await act.Should().ThrowAsync<DeadlineExceededException>())
            .Which.LastSeen.Should().Be("seen: 2/3");
    }

    [Test]
    public async Task A_wait_returns_the_first_accepted_value()
    {
        var calls = 0;

        var value = await Poll.UntilAsync("a counter to reach 3", TimeSpan.FromSeconds(5), _ => Task.FromResult(++calls), n => n == 3, interval: TimeSpan.FromMilliseconds(10));

        value.Should().Be(3);
    }

    [Test]
    public async Task A_cancellation_by_the_caller_stays_a_cancellation_not_a_timeout()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var act = () => Poll.UntilAsync("nothing", TimeSpan.FromSeconds(30), _ => Task.FromResult(false), b => b, cancellationToken: cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Test]
    public async Task An_operation_that_ignores_its_token_is_still_bounded()
    {
        var act = () => Poll.WithinAsync("a hanging call", TimeSpan.FromMilliseconds(100), _ => new TaskCompletionSource<int>().Task);

        (await act.Should().ThrowAsync<DeadlineExceededException>()).WithMessage("Waited 00:00:00 for 'a hanging call'; last seen: no answer");
    }
}
