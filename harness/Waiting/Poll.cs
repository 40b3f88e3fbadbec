namespace OmiStack.Harness.Waiting;

/// <summary>
/// Bounded polling. Every wait has a bound, a description of what it awaits, and reports the last
/// thing it saw. A cancellation by the caller stays an <see cref="OperationCanceledException"/>;
/// running out of time becomes a <see cref="DeadlineExceededException"/>.
/// </summary>
public static class Poll
{
    /// <summary>
    /// Calls <paramref name="attempt"/> until it returns a value that <paramref name="isDone"/> accepts,
    /// retrying on exceptions, until <paramref name="timeout"/> has passed.
    /// </summary>
    public static async Task<T> UntilAsync<T>(
        string awaited,
        TimeSpan timeout,
        Func<CancellationToken, Task<T>> attempt,
        Func<T, bool> isDone,
        Func<T, string>? describe = null,
        TimeSpan? interval = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(isDone);
        var clock = timeProvider ?? TimeProvider.System;
        var pause = interval ?? TimeSpan.FromMilliseconds(250);
        var started = clock.GetTimestamp();
        string? lastSeen = null;
        Exception? lastError = null;

        using var deadline = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        while (true)
        {
            try
            {
                var value = await attempt(linked.Token).ConfigureAwait(false);
                if (isDone(value))
                {
                    return value;
                }

                lastSeen = "seen: " + (describe is null ? value?.ToString() : describe(value));
                lastError = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || deadline.IsCancellationRequested)
            {
                if (ex is not OperationCanceledException)
                {
                    lastSeen = "error: " + ex.Message;
                    lastError = ex;
                }
            }

            if (clock.GetElapsedTime(started) + pause >= timeout || deadline.IsCancellationRequested)
            {
                throw new DeadlineExceededException(awaited, timeout, lastSeen, lastError);
            }

            try
            {
                await Task.Delay(pause, clock, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DeadlineExceededException(awaited, timeout, lastSeen, lastError);
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="attempt"/> (first with again = false, then true) while <paramref name="again"/>
    /// holds for its value and <paramref name="timeout"/> leaves room for one more interval; returns the
    /// last value either way (the caller judges it). For states that converge: no exception on timeout.
    /// </summary>
    public static async Task<T> WhileAsync<T>(
        Func<bool, CancellationToken, Task<T>> attempt,
        Func<T, bool> again,
        TimeSpan timeout,
        TimeSpan interval,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(again);
        var clock = timeProvider ?? TimeProvider.System;
        var started = clock.GetTimestamp();
        var value = await attempt(false, cancellationToken).ConfigureAwait(false);
        while (again(value) && clock.GetElapsedTime(started) + interval < timeout)
        {
            await Task.Delay(interval, clock, cancellationToken).ConfigureAwait(false);
            value = await attempt(true, cancellationToken).ConfigureAwait(false);
        }

        return value;
    }

    /// <summary>Runs one operation under a bound, naming it when the bound runs out.</summary>
    public static async Task<T> WithinAsync<T>(
        string awaited,
        TimeSpan timeout,
        Func<CancellationToken, Task<T>> operation,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        using var deadline = new CancellationTokenSource(timeout, timeProvider ?? TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var task = operation(linked.Token);
        try
        {
            // Some libraries do not honour the token everywhere: the bound holds regardless.
            return await task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _ = task.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            throw new DeadlineExceededException(awaited, timeout, "seen: no answer");
        }
    }
}
